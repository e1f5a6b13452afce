"""Key pairs (seed 4.5): create (generate an RSA key pair) or import a public key, list, show, delete.

The private key is returned only by the creation answer and never stored.

Public API:
    COLL
    fingerprint(public_key)             SHA256:<base64> of an OpenSSH public key
    owner(ctx)                          the user id a new key pair belongs to
    create(ctx, name, public_key)       import the key, or generate one: (record, private key or None)
    find(store, name)
    require(store, name)                the key pair, or IEC.010220
    delete(store, rec)
"""
import base64
import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ..errors import api_error

COLL = "keypairs"


def fingerprint(public_key):
    blob = base64.b64decode(public_key.split()[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def _parse_public(text):
    text = text.strip()
    try:
        serialization.load_ssh_public_key(text.encode())
    except (ValueError, IndexError, TypeError) as e:
        raise api_error("IEC.010229", "invalid public key (%s)" % e.__class__.__name__)
    return text


def _generate():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    priv = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption()).decode()
    pub = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    return pub + " Generated-by-Nova", priv


def owner(ctx):
    if ctx.user_id:
        return ctx.user_id
    dom = ctx.server.accounts.domains.get(ctx.domain_id, {})
    users = list(dom.get("users", {}).values())
    return users[0]["id"] if users else ctx.domain_id


def create(ctx, name, public_key=None):
    if ctx.store.get(COLL, name):
        raise api_error("IEC.010225", name, "a key pair with this name already exists")
    private = None
    if public_key:
        pub = _parse_public(public_key)
    else:
        pub, private = _generate()
    rec = {"name": name, "public_key": pub, "user_id": owner(ctx), "fingerprint": fingerprint(pub)}
    ctx.store.insert(COLL, rec, rid=name, id_field=None)
    return rec, private


def find(store, name=None):
    return [k for k in store.all(COLL) if not name or k["name"] == name]


def require(store, name):
    return store.require(COLL, name, api_error("IEC.010220", name))


def delete(store, rec):
    store.delete(COLL, rec["name"])
