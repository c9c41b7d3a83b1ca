"""`python -m sen <command>`: Django's manage.py, with SEN's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sen.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([*sys.argv[:1], *sys.argv[1:]])


if __name__ == "__main__":
    main()
