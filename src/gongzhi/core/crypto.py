"""Field encryption (AES-256-GCM) and blind index (HMAC-SHA256) for sensitive data (PIPL).

Stored form: ``<key id>$<base64(nonce | ciphertext+tag)>``. The key id lets several keys
live side by side so they can be rotated: the first key in GONGZHI_FIELD_KEYS encrypts, all
of them decrypt, and `gongzhi rotate-keys` rewrites old values with the first key.
"""

import base64
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SEPARATOR = "$"


class DecryptionError(Exception):
    pass


def parse_keys(spec: str) -> dict[str, bytes]:
    """Parse ``kid:base64key,kid2:base64key``; the first entry is the current key."""
    keys: dict[str, bytes] = {}
    for part in (spec or "").split(","):
        part = part.strip()
        if not part:
            continue
        kid, sep, b64 = part.partition(":")
        if not sep or not kid or SEPARATOR in kid:
            raise ImproperlyConfigured(
                f"GONGZHI_FIELD_KEYS entry {kid!r} must look like kid:base64key"
            )
        try:
            key = base64.b64decode(b64, validate=True)
        except ValueError:
            raise ImproperlyConfigured(
                f"GONGZHI_FIELD_KEYS key {kid!r} is not valid base64"
            ) from None
        if len(key) != 32:
            raise ImproperlyConfigured(f"GONGZHI_FIELD_KEYS key {kid!r} must be 32 bytes")
        keys[kid] = key
    if not keys:
        raise ImproperlyConfigured("GONGZHI_FIELD_KEYS holds no key")
    return keys


@lru_cache(maxsize=8)
def _keyring(spec: str) -> tuple[str, dict[str, bytes]]:
    keys = parse_keys(spec)
    return next(iter(keys)), keys


def keyring() -> tuple[str, dict[str, bytes]]:
    return _keyring(settings.GONGZHI_FIELD_KEYS)


def current_key_id() -> str:
    return keyring()[0]


@lru_cache(maxsize=16)
def _cipher(kid: str, key: bytes) -> AESGCM:
    # One cipher object per key: building it costs more than sealing a short value.
    return AESGCM(key)


def encrypt(plaintext: str) -> str:
    kid, keys = keyring()
    nonce = os.urandom(12)
    sealed = _cipher(kid, keys[kid]).encrypt(nonce, plaintext.encode("utf-8"), kid.encode())
    return f"{kid}{SEPARATOR}{base64.b64encode(nonce + sealed).decode('ascii')}"


def encryptor():
    """`encrypt` for many values in a row (bulk imports): the current key and cipher are
    looked up once, and nonces are drawn from the OS in blocks. Same tokens as `encrypt`:
    a fresh random 96-bit nonce per value. One per import: never share it across processes
    (a forked copy would hand out the same nonces)."""
    kid, keys = keyring()
    seal = _cipher(kid, keys[kid]).encrypt
    aad = kid.encode()
    prefix = kid + SEPARATOR
    b64 = base64.b64encode
    urandom = os.urandom
    pool = [b"", 0]

    def encrypt_one(plaintext: str) -> str:
        block, at = pool
        if at >= len(block):
            block, at = urandom(12 * 1024), 0
        nonce = block[at : at + 12]
        pool[0], pool[1] = block, at + 12
        return prefix + b64(nonce + seal(nonce, plaintext.encode("utf-8"), aad)).decode("ascii")

    return encrypt_one


def key_id_of(token: str) -> str:
    return token.partition(SEPARATOR)[0]


def decrypt(token: str) -> str:
    kid, sep, b64 = token.partition(SEPARATOR)
    if not sep:
        raise DecryptionError("value is not an encrypted token")
    keys = keyring()[1]
    if kid not in keys:
        raise DecryptionError(f"no key with id {kid!r} is configured")
    raw = base64.b64decode(b64)
    try:
        return _cipher(kid, keys[kid]).decrypt(raw[:12], raw[12:], kid.encode()).decode("utf-8")
    except Exception as exc:  # InvalidTag: wrong key or tampered value
        raise DecryptionError("value cannot be decrypted with the configured key") from exc


@lru_cache(maxsize=8)
def _index_key(spec: str) -> bytes:
    return parse_index_key(spec)


def parse_index_key(spec: str) -> bytes:
    try:
        key = base64.b64decode(spec, validate=True)
    except ValueError:
        raise ImproperlyConfigured("GONGZHI_INDEX_KEY is not valid base64") from None
    if len(key) < 32:
        raise ImproperlyConfigured("GONGZHI_INDEX_KEY must be at least 32 bytes")
    return key


def blind_index(value: str, purpose: str) -> str:
    """Keyed hash for exact-match look-up of an encrypted value; `purpose` separates fields so
    equal values in different fields do not share an index."""
    message = purpose.encode() + b"\x00" + value.encode("utf-8")
    return hmac.digest(_index_key(settings.GONGZHI_INDEX_KEY), message, "sha256").hex()[:40]


def blind_indexer(purpose: str):
    """`blind_index(value, purpose)` with the key and purpose bound once (bulk imports)."""
    key = _index_key(settings.GONGZHI_INDEX_KEY)
    prefix = purpose.encode() + b"\x00"
    digest = hmac.digest

    def index_one(value: str) -> str:
        return digest(key, prefix + value.encode("utf-8"), "sha256").hex()[:40]

    return index_one


def generate_key() -> str:
    return base64.b64encode(os.urandom(32)).decode("ascii")
