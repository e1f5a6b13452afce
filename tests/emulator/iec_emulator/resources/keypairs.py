"""Key pairs (seed 4.5): create (generate an RSA key pair) or import a public key, list, show, delete.

The private key is returned only by the creation answer and never stored.
"""
import base64
import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ..errors import api_error
from ..pagination import list_body
from ..registry import handler
from ..store import public

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


def _user_id(ctx):
    if ctx.user_id:
        return ctx.user_id
    dom = ctx.server.accounts.domains.get(ctx.domain_id, {})
    users = list(dom.get("users", {}).values())
    return users[0]["id"] if users else ctx.domain_id


@handler("create_keypair")
def create_keypair(ctx):
    name = ctx.body["name"]
    if ctx.store.get(COLL, name):
        raise api_error("IEC.010225", name, "a key pair with this name already exists")
    private = None
    if ctx.body.get("public_key"):
        pub = _parse_public(ctx.body["public_key"])
    else:
        pub, private = _generate()
    rec = {"name": name, "public_key": pub, "user_id": _user_id(ctx), "fingerprint": fingerprint(pub)}
    ctx.store.insert(COLL, rec, rid=name, id_field=None)
    out = public(rec)
    if private is not None:
        out["private_key"] = private
    return out


@handler("list_keypairs")
def list_keypairs(ctx):
    items = [public(k) for k in ctx.store.all(COLL)]
    if ctx.query.get("name"):
        items = [k for k in items if k["name"] == ctx.query["name"]]
    return list_body("keypairs", items, ctx.query, default_limit=1000, count_key=None)["keypairs"]


@handler("show_keypair")
def show_keypair(ctx):
    name = ctx.path["keypair_name"]
    return public(ctx.store.require(COLL, name, api_error("IEC.010220", name)))


@handler("delete_keypair")
def delete_keypair(ctx):
    name = ctx.path["keypair_name"]
    ctx.store.require(COLL, name, api_error("IEC.010220", name))
    ctx.store.delete(COLL, name)
    return None
