"""``python -m resilience_desktop``: the same as the ``resilience-desktop`` command."""

import sys

from .cli.main import main

if __name__ == "__main__":
    sys.exit(main())
