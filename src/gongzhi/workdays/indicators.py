"""The figures workdays offers the dashboards: none — the calendar is an input of every time
limit (cases, services), whose apps report the figures."""

INDICATORS: dict = {}
