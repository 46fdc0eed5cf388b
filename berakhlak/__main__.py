import sys

from berakhlak.cli import main

sys.exit(main())
