"""The figures the registry app offers the dashboards (none yet: the dashboards issue adds them)."""

INDICATORS: dict = {}
