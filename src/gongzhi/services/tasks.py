"""The services app's background task lives in services.notifications; the name stays so
that notifications queued under it before the move (the database backend stores the path)
still run."""

from gongzhi.services.notifications import send_notification

__all__ = ["send_notification"]
