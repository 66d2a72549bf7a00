"""The figures civil offers the dashboards (empty until it has some)."""

INDICATORS: dict = {}
