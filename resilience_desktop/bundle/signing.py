"""Ed25519 signatures of bundles: a detached signature over the tag manifest (no Qt).

The tag manifest (``tagmanifest-sha256.txt``) holds the sha256 of ``bundle.json`` and of both
payload manifests, which hold the hash of every payload file: signing its bytes signs the whole
bag. The signature travels as the optional tag file ``signature.json`` (see
``docs/bundle-format.md``); it cannot be listed in the tag manifest it signs.

A city's private key lives only in its workspace; the platform registers the public key
(``national key add``) and then refuses that city's bundles when unsigned, signed by another
key, or altered after signing.

Examples
--------
>>> key = new_private_key()
>>> doc = sign_tag_manifest(b"abc  bundle.json\\n", key)
>>> check_signature(doc, b"abc  bundle.json\\n") is None
True
>>> check_signature(doc, b"abd  bundle.json\\n")
'the signature does not match the tag manifest (the bundle was altered after signing)'
"""

from __future__ import annotations

__all__ = ["SIGNATURE_FILE", "SIGNED_FILE", "ALGORITHM", "new_private_key", "private_key_bytes",
           "private_key_from_bytes", "public_key_bytes", "key_id", "public_key_pem", "public_key_from_pem",
           "sign_tag_manifest", "check_signature", "parse_signature"]

import base64
import binascii
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import BundleError
from ..i18n.catalog import tr
from .format import canonical_json

#: The optional tag file holding the signature.
SIGNATURE_FILE = "signature.json"
#: The member whose exact bytes are signed.
SIGNED_FILE = "tagmanifest-sha256.txt"
ALGORITHM = "Ed25519"


def new_private_key() -> Ed25519PrivateKey:
    """A fresh Ed25519 private key (from the operating system's random source)."""
    return Ed25519PrivateKey.generate()


def private_key_bytes(key: Ed25519PrivateKey) -> bytes:
    """The 32 raw bytes of a private key (how a workspace stores it)."""
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())


def private_key_from_bytes(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of the public key of ``key`` (a private key gives its public half)."""
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_raw: bytes) -> str:
    """A key's identity: the lower-case hex sha256 of its 32 raw public bytes."""
    return hashlib.sha256(public_raw).hexdigest()


def public_key_pem(public_raw: bytes) -> bytes:
    """The public key as a PEM ``PUBLIC KEY`` block (SubjectPublicKeyInfo), as ``city export-key`` writes it."""
    return Ed25519PublicKey.from_public_bytes(public_raw).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def public_key_from_pem(data: bytes) -> bytes:
    """The 32 raw bytes of an Ed25519 public key given as PEM; :class:`BundleError` for anything else."""
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError, binascii.Error) as exc:
        # cryptography's first sentence only: not its FAQ link and error-code name
        reason = str(exc).splitlines()[0].split(". See https://")[0][:200] if str(exc) else type(exc).__name__
        raise BundleError(tr("not a PEM public key: {reason}", reason=reason)) from None
    if not isinstance(key, Ed25519PublicKey):
        raise BundleError(tr("the public key is not an Ed25519 key"))
    return public_key_bytes(key)


def sign_tag_manifest(tag_manifest: bytes, key: Ed25519PrivateKey) -> bytes:
    """The bytes of ``signature.json`` for a bag whose tag manifest is ``tag_manifest``."""
    pub = public_key_bytes(key)
    return canonical_json({"algorithm": ALGORITHM, "signed_file": SIGNED_FILE,
                           "public_key": base64.b64encode(pub).decode("ascii"), "key_id": key_id(pub),
                           "signature": base64.b64encode(key.sign(tag_manifest)).decode("ascii")})


def parse_signature(data: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """``(document, None)`` for a well-formed ``signature.json``, else ``(None, problem)``."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, tr("malformed JSON")
    if not isinstance(doc, dict) or set(doc) != {"algorithm", "signed_file", "public_key", "key_id", "signature"}:
        return None, tr("must hold exactly algorithm, signed_file, public_key, key_id and signature")
    if doc["algorithm"] != ALGORITHM or doc["signed_file"] != SIGNED_FILE:
        return None, tr("unknown algorithm or signed file (this reader knows {algorithm} over {file})",
                        algorithm=ALGORITHM, file=SIGNED_FILE)
    try:
        pub = base64.b64decode(str(doc["public_key"]), validate=True)
        sig = base64.b64decode(str(doc["signature"]), validate=True)
    except (binascii.Error, ValueError):
        return None, tr("public_key and signature must be base64")
    if len(pub) != 32 or len(sig) != 64:
        return None, tr("an Ed25519 public key has 32 bytes and a signature 64")
    if doc["key_id"] != key_id(pub):
        return None, tr("key_id is not the sha256 of public_key")
    doc = dict(doc, public_key_raw=pub, signature_raw=sig)
    return doc, None


def check_signature(data: bytes, tag_manifest: bytes) -> str | None:
    """``None`` when ``signature.json`` (``data``) is a valid signature of ``tag_manifest``, else the problem."""
    doc, problem = parse_signature(data)
    if doc is None:
        return problem
    try:
        Ed25519PublicKey.from_public_bytes(doc["public_key_raw"]).verify(doc["signature_raw"], tag_manifest)
    except (InvalidSignature, ValueError):
        return tr("the signature does not match the tag manifest (the bundle was altered after signing)")
    return None
