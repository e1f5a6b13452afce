"""Elastic public IP operations (seed 4.14); the rules are in models/publicips.py."""
from ..errors import api_error
from ..models import publicips
from ..pagination import list_body
from ..registry import handler
from ..store import public


def _get(ctx):
    return publicips.require(ctx.store, ctx.path["publicip_id"])


@handler("create_public_ip")
def create_public_ip(ctx):
    p = ctx.body["publicip"]
    rec = publicips.create(ctx, p["site_id"], p.get("ip_version"), p.get("type"), ctx.body.get("bandwidth"))
    return {"publicip": public(rec)}


@handler("list_public_ips")
def list_public_ips(ctx):
    q = ctx.query
    if q.get("site_id") and ctx.catalog.site(q["site_id"]) is None:
        raise api_error("IEC.020403")
    items = [public(r) for r in publicips.find(ctx.store, q.get("site_id"), q.get("port_id"))]
    return list_body("publicips", items, q, default_limit=1000)


@handler("show_public_ip")
def show_public_ip(ctx):
    return {"publicip": public(publicips.refresh(ctx.store, _get(ctx)))}


@handler("update_public_ip")
def update_public_ip(ctx):
    rec = _get(ctx)
    publicips.bind(ctx.store, rec, ctx.body["publicip"].get("port_id"))
    return {"publicip": public(rec)}


@handler("delete_public_ip")
def delete_public_ip(ctx):
    publicips.release(ctx, _get(ctx))
    return None
