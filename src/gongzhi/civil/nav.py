"""Menu entries of civil (core.nav), shown to whoever holds their permission."""

NAV: list = []
