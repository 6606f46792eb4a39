"""Entry script of the frozen builds: both ``perfdesk`` (console) and ``perfdesk-gui`` (windowed)."""

import sys

from perfdesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
