"""Subnet operations (seed 4.8); the rules are in models/subnets.py."""
from ..errors import api_error
from ..models import routetables, subnets
from ..pagination import list_body
from ..registry import handler
from ..store import public


def _get(ctx):
    return subnets.require(ctx.store, ctx.path["subnet_id"])


@handler("create_subnet")
def create_subnet(ctx):
    return {"subnet": public(subnets.create_customer(ctx, ctx.body["subnet"]))}


@handler("list_subnets")
def list_subnets(ctx):
    q = ctx.query
    if q.get("site_id") and ctx.catalog.site(q["site_id"]) is None:
        raise api_error("IEC.020403")
    items = [public(s) for s in subnets.find(ctx.store, q.get("vpc_id"), q.get("site_id"))]
    return list_body("subnets", items, q, default_limit=1000)


@handler("show_subnet")
def show_subnet(ctx):
    return {"subnet": public(_get(ctx))}


@handler("update_subnet")
def update_subnet(ctx):
    rec = _get(ctx)
    subnets.update(ctx, rec, (ctx.body or {}).get("subnet") or {})
    return {"subnet": {k: rec[k] for k in subnets.UPDATE_VIEW}}


@handler("delete_subnet")
def delete_subnet(ctx):
    subnets.delete(ctx, _get(ctx))
    return None


@handler("list_related_routetables")
def list_related_routetables(ctx):
    rt = subnets.routetable_of(ctx.store, _get(ctx))
    return {"routetable": routetables.view(ctx.store, rt)}
