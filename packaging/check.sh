#!/usr/bin/env bash
# Start a packaged app with no Python anywhere on PATH and an empty HOME, under Xvfb when it is
# installed (a real X server; offscreen Qt otherwise), and make it write a screenshot of the demo.
#   bash packaging/check.sh dist/resilience-desktop/resilience-desktop
set -euo pipefail
app="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
home="$(mktemp -d)"; out="$home/packaged.png"
trap 'rm -rf "$home"' EXIT
run() { env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"; }
if command -v xvfb-run >/dev/null; then
    run xvfb-run -a -s "-screen 0 1920x1200x24" "$app" --demo --view dashboard --screenshot "$out" --size 1280x720
else
    run QT_QPA_PLATFORM=offscreen "$app" --demo --view dashboard --screenshot "$out" --size 1280x720
fi
run "$app" scorecard list --json | grep -q '"preliminary"'
python3 - "$out" <<'PY' 2>/dev/null || file "$out"
import struct, sys
data = open(sys.argv[1], "rb").read(24)
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert (w, h) == (1280, 720), (w, h)
print(f"packaged app OK: screenshot {w}x{h}, scorecards listed")
PY
[ -s "$out" ] && cp "$out" "${SCREENSHOT_COPY:-/dev/null}" 2>/dev/null || true
