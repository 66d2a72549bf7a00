NAV: list = []
