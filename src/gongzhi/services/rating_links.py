"""Signed links to rate a finished request, sent in the notification (notifications) and
opened on the public rating page (views)."""

from django.core import signing

from gongzhi.services.models import ServiceRequest

RATE_SALT = "gongzhi.services.rate"
RATE_LINK_MAX_AGE = 60 * 60 * 24 * 30


def rating_token(req: ServiceRequest) -> str:
    return signing.dumps({"r": req.pk, "c": req.tracking_code}, salt=RATE_SALT, compress=True)


def request_from_rating_token(token: str) -> ServiceRequest | None:
    try:
        data = signing.loads(token, salt=RATE_SALT, max_age=RATE_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        ServiceRequest.objects.select_related("item")
        .filter(pk=data.get("r"), tracking_code=data.get("c"))
        .first()
    )
