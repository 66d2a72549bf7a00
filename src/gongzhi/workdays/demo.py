"""Demo: the current year's holiday calendar (as far as it is published)."""

from django.utils import timezone

from gongzhi.workdays import data


def load(stdout=None):
    year = timezone.localdate().year
    for y in sorted(data.official_years()):
        if year - 1 <= y <= year + 1:
            count = data.load(y)
            if stdout:
                stdout.write(f"holiday calendar {y}: {count} days")
