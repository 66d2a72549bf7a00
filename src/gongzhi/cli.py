"""The `gongzhi` console script: manage.py under a memorable name."""

import os
import sys

from django.core.management import execute_from_command_line

# Commands that only read model definitions: no secret, key or data is used, so production
# mode's refusal of the development keys (settings.py) does not apply to them.
SCHEMA_ONLY_COMMANDS = {"makemigrations"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings")
    if len(sys.argv) > 1 and sys.argv[1] in SCHEMA_ONLY_COMMANDS:
        os.environ["GONGZHI_SCHEMA_ONLY"] = "1"
    argv = sys.argv[:]
    argv[0] = "gongzhi"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
