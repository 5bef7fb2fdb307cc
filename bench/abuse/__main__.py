import sys

from bench.abuse.cli import main

sys.exit(main())
