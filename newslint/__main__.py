"""``python -m newslint``: the same as the ``newslint`` command."""

import sys

from newslint.cli import main

sys.exit(main())
