"""Entry point of the packaged app (PyInstaller): the same as the ``resilience-desktop`` command."""

import sys

from resilience_desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
