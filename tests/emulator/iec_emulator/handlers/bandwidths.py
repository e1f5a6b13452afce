"""Shared bandwidth operations (seed 4.13); the rules are in models/bandwidths.py."""
from ..errors import api_error
from ..models import bandwidths
from ..pagination import list_body
from ..registry import handler
from ..store import public


@handler("list_bandwidths")
def list_bandwidths(ctx):
    q = ctx.query
    if q.get("site_id") and ctx.catalog.site(q["site_id"]) is None:
        raise api_error("IEC.020403")
    items = [public(b) for b in bandwidths.find(ctx.store, q.get("site_id"))]
    return list_body("bandwidths", items, q, default_limit=1000)


@handler("show_bandwidth")
def show_bandwidth(ctx):
    return {"bandwidth": public(bandwidths.require(ctx.store, ctx.path["bandwidth_id"]))}


@handler("update_bandwidth")
def update_bandwidth(ctx):
    rec = bandwidths.require(ctx.store, ctx.path["bandwidth_id"])
    b = ctx.body["bandwidth"]
    bandwidths.update(ctx, rec, b.get("name"), b.get("size"), size_given="size" in b)
    return {"bandwidth": public(rec)}


@handler("delete_bandwidth")
def delete_bandwidth(ctx):
    bandwidths.delete(ctx.store, bandwidths.require(ctx.store, ctx.path["bandwidth_id"]))
    return None


@handler("list_bandwidth_types")
def list_bandwidth_types(ctx):
    q = ctx.query
    if q.get("site_id") and ctx.catalog.site(q["site_id"]) is None:
        raise api_error("IEC.020403")
    items = [t for t in ctx.catalog.bandwidth_types()
             if (not q.get("site_id") or t["site_id"] == q["site_id"])
             and (not q.get("bandwidth_type") or t["bandwidth_type"] == q["bandwidth_type"])]
    return list_body("share_bandwidth_types", items, q, default_limit=1000)
