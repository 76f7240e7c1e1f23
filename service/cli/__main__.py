import sys

from interlock.service.cli import main

sys.exit(main())
