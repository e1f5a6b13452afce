"""Volume operations (seed 4.4); the rules are in models/volumes.py."""
from ..models import volumes
from ..pagination import list_body
from ..registry import handler
from ..store import public


@handler("list_volume")
def list_volume(ctx):
    q = ctx.query
    items = [public(v) for v in volumes.find(ctx.store, q.get("name"), q.get("status"))]
    return list_body("volumes", items, q, default_limit=1000)


@handler("show_volume")
def show_volume(ctx):
    return {"volume": public(volumes.require(ctx.store, ctx.path["volume_id"]))}


@handler("show_volume_types")
def show_volume_types(ctx):
    return {"volume_types": volumes.volume_types(ctx.catalog)}
