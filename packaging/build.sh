#!/usr/bin/env bash
# Build the self-contained app folder dist/resilience-desktop/ (Linux) with PyInstaller, then
# check it: start it with no Python on PATH and have it write a screenshot of the demo.
#   bash packaging/build.sh            # build and check
#   bash packaging/build.sh --no-check
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv-package
.venv-package/bin/pip install -q . "pyinstaller>=6.6"
.venv-package/bin/pyinstaller --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/resilience-desktop.spec
echo "built: dist/resilience-desktop/resilience-desktop"
if [ "${1:-}" != "--no-check" ]; then
    bash packaging/check.sh dist/resilience-desktop/resilience-desktop
fi
