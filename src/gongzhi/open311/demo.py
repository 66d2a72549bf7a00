"""The demo street's Open311 key (`gongzhi demo`)."""

from gongzhi.open311.models import ApiKey, hash_key
from gongzhi.org.demo import STREET_CODE
from gongzhi.org.models import Street

# The demo's Open311 key is public like the demo password: only its hash is stored, so a
# random key could be shown once only, and a re-run of `gongzhi demo` could not print it.
DEMO_OPEN311_KEY = "gongzhi-demo-open311-key"


def ensure_open311_key(street) -> str:
    """The demo street's Open311 key, active (created or re-activated); returns the key."""
    key = ApiKey.objects.filter(key_hash=hash_key(DEMO_OPEN311_KEY)).first()
    if key is None:
        ApiKey.objects.create(
            name="演示 Open311 客户端",
            street=street,
            prefix=DEMO_OPEN311_KEY[:8],
            key_hash=hash_key(DEMO_OPEN311_KEY),
        )
    elif not key.active or key.street_id != street.pk:
        key.active, key.street = True, street
        key.save(update_fields=["active", "street", "updated_at"])
    return DEMO_OPEN311_KEY


def load(stdout=None) -> None:
    """On every run, so that a re-run prints the key as well."""
    street = Street.objects.filter(division_code=STREET_CODE).first()
    if street is not None:
        raw = ensure_open311_key(street)
        if stdout:
            stdout.write(f"Open311 demo api_key: {raw}")


def report(stdout, style) -> None:
    if ApiKey.objects.filter(key_hash=hash_key(DEMO_OPEN311_KEY), active=True).exists():
        stdout.write(f"Open311 api_key: {DEMO_OPEN311_KEY}")
