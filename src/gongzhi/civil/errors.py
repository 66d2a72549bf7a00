"""The stable codes of civil's refusals (core.errors; listed in docs/errors.md, which
`gongzhi error-codes > docs/errors.md` regenerates)."""

from gongzhi.core.errors import AppCode


class Code(AppCode):
    pass
