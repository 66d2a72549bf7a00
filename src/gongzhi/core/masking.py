"""How sensitive values are shown on screen: enough to recognise, not enough to misuse."""


def mask_id_number(value: str | None) -> str:
    """``110105199001011234`` → ``110105********1234`` (area code and last four kept)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str | None) -> str:
    """``13812345678`` → ``138****5678``; other lengths keep the first 3 and last 4."""
    if not value:
        return ""
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None) -> str:
    """``张三`` → ``张*``, ``欧阳娜娜`` → ``欧**娜``."""
    if not value:
        return ""
    if len(value) == 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_text(value: str | None) -> str:
    """Free text such as a health note: shown only as its length."""
    return "" if not value else "●" * min(len(value), 8)
