"""The figures cases offers the dashboards (empty until it has some)."""

INDICATORS: dict = {}
