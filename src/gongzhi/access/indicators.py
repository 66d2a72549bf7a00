"""The figures the access app offers the dashboards (none yet: the dashboards issue adds them)."""

INDICATORS: dict = {}
