import sys

from berakhlak.cli.main import main

sys.exit(main())
