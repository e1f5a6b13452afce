"""Key pair operations (seed 4.5); the rules are in models/keypairs.py."""
from ..models import keypairs
from ..pagination import list_body
from ..registry import handler
from ..store import public


@handler("create_keypair")
def create_keypair(ctx):
    rec, private = keypairs.create(ctx, ctx.body["name"], ctx.body.get("public_key"))
    out = public(rec)
    if private is not None:
        out["private_key"] = private
    return out


@handler("list_keypairs")
def list_keypairs(ctx):
    items = [public(k) for k in keypairs.find(ctx.store, ctx.query.get("name"))]
    return list_body("keypairs", items, ctx.query, default_limit=1000, count_key=None)["keypairs"]


@handler("show_keypair")
def show_keypair(ctx):
    return public(keypairs.require(ctx.store, ctx.path["keypair_name"]))


@handler("delete_keypair")
def delete_keypair(ctx):
    keypairs.delete(ctx.store, keypairs.require(ctx.store, ctx.path["keypair_name"]))
    return None
