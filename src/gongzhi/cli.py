"""The `gongzhi` console script: manage.py under a memorable name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings")
    from django.core.management import execute_from_command_line

    argv = sys.argv[:]
    argv[0] = "gongzhi"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
