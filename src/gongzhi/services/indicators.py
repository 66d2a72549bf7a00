"""The figures the services app offers the dashboards (none yet: the dashboards issue adds them)."""

INDICATORS: dict = {}
