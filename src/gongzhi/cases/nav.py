"""Menu entries of cases (core.nav), shown to whoever holds their permission."""

NAV: list = []
