"""Sealing the GDPR Art. 9 items of the ESF+ participant data (disability, minority).

AES-GCM from ``cryptography`` (authenticated encryption, decrypting a value costs well under a
microsecond, so the report can open every sealed value in its period). A sealed value is
``version (1 byte) | key id (4 bytes) | nonce (12 bytes) | ciphertext+tag``; the participation's
code is the associated data, so a sealed value copied onto another row does not open.

Keys come from ``ESF_FIELD_KEYS`` (newest first). Rotation: put a new key in front, run
``manage.py reencrypt_participants`` (re-seals every value under the new key), then drop the old
key. Without ``ESF_FIELD_KEYS`` one key is derived from ``SECRET_KEY`` (demo and tests only; the
deploy check warns).
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.encoding import force_bytes

VERSION = b"\x01"
_HKDF_INFO = b"wcr.reporting.special-categories"


class SealError(ValueError):
    """A sealed value that no configured key opens (wrong key set, or tampered)."""


@dataclass(frozen=True)
class Key:
    key_id: bytes
    aead: AESGCM


def _key(raw: bytes) -> Key:
    return Key(key_id=hashlib.sha256(raw).digest()[:4], aead=AESGCM(raw))


def _decode(text: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError as exc:
        raise ImproperlyConfigured("ESF_FIELD_KEYS holds a value that is not base64url.") from exc
    if len(raw) not in (16, 32):
        raise ImproperlyConfigured("ESF_FIELD_KEYS: each key must be 16 or 32 bytes (base64url).")
    return raw


@cache
def _keys(configured: tuple[str, ...], secret: str) -> tuple[Key, ...]:
    if configured:
        return tuple(_key(_decode(text)) for text in configured)
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        force_bytes(secret)
    )
    return (_key(derived),)


def keys() -> tuple[Key, ...]:
    """The configured keys, newest first."""
    return _keys(tuple(settings.ESF_FIELD_KEYS), settings.SECRET_KEY)


def new_key() -> str:
    """A fresh key for ``ESF_FIELD_KEYS`` (base64url, 32 bytes)."""
    return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode().rstrip("=")


def seal(plain: bytes, *, context: str) -> bytes:
    key = keys()[0]
    nonce = os.urandom(12)
    return VERSION + key.key_id + nonce + key.aead.encrypt(nonce, plain, context.encode())


def open_sealed(sealed: bytes | memoryview, *, context: str) -> bytes:
    return _open(_by_id(keys()), sealed, context)


def opener() -> Callable[[bytes | memoryview, str], bytes]:
    """``open_sealed`` with the keys looked up once: for opening many values in a row (the
    report opens every sealed value of its period, ~100 000 at a million participants)."""
    by_id = _by_id(keys())
    return lambda sealed, context: _open(by_id, sealed, context)


def _by_id(configured: tuple[Key, ...]) -> dict[bytes, AESGCM]:
    by_id: dict[bytes, AESGCM] = {}
    for key in configured:
        by_id.setdefault(key.key_id, key.aead)
    return by_id


def _open(by_id: dict[bytes, AESGCM], sealed: bytes | memoryview, context: str) -> bytes:
    sealed = bytes(sealed)
    if sealed[:1] != VERSION:
        raise SealError("unknown format")
    aead = by_id.get(sealed[1:5])
    if aead is None:
        raise SealError("no configured key sealed this value")
    try:
        return aead.decrypt(sealed[5:17], sealed[17:], context.encode())
    except InvalidTag as exc:
        raise SealError("the value does not open under its key") from exc


def sealed_by_current_key(sealed: bytes | memoryview) -> bool:
    return bytes(sealed)[1:5] == keys()[0].key_id
