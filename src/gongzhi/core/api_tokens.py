"""API tokens for integrations: issued by POST /api/auth/token/, sent as
`Authorization: Token <key>`. The database keeps only the key's SHA-256 (the key has 160
random bits, so a plain hash cannot be reversed by guessing). A token stops working when it
expires (GONGZHI_API_TOKEN_DAYS, 0 = never) and when its user's password changes after it was
issued, through whichever door (password page, admin, `changepassword`)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from gongzhi.core.models import ApiToken


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue(user) -> str:
    """A new token for `user`; the key is returned once and never stored."""
    key = secrets.token_hex(20)
    now = timezone.now()
    days = settings.GONGZHI_API_TOKEN_DAYS
    ApiToken.objects.create(
        user=user,
        digest=digest(key),
        created_at=now,
        expires_at=now + timedelta(days=days) if days > 0 else None,
    )
    return key


def valid(token: ApiToken, now=None) -> bool:
    now = now or timezone.now()
    if token.expires_at is not None and token.expires_at <= now:
        return False
    changed = token.user.password_changed_at
    return changed is None or token.created_at >= changed


def find(key: str) -> ApiToken | None:
    """The live token for `key`, or None. Dead tokens met here are deleted."""
    token = ApiToken.objects.select_related("user").filter(digest=digest(key)).first()
    if token is None:
        return None
    if not valid(token):
        token.delete()
        return None
    return token


def revoke_all(user) -> int:
    return ApiToken.objects.filter(user=user).delete()[0]
