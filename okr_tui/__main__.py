"""`python -m okr_tui` runs the `okr` command."""

import sys

from okr_tui.cli import main

sys.exit(main())
