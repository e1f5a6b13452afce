"""Route table and route operations (seed 4.12); the rules are in models/routetables.py."""
from ..models import routetables
from ..pagination import list_body
from ..registry import handler


def _get(ctx):
    return routetables.require(ctx.store, ctx.path["routetable_id"])


@handler("create_routetable")
def create_routetable(ctx):
    b = ctx.body["routetable"]
    rt = routetables.create(ctx.store, b["vpc_id"], b["name"], b.get("description"), ctx.domain_id)
    return {"routetable": routetables.view(ctx.store, rt)}


@handler("list_routetables")
def list_routetables(ctx):
    q = ctx.query
    items = [routetables.view(ctx.store, r, with_subnets=False)
             for r in routetables.find(ctx.store, id=q.get("id"), name=q.get("name"), vpc_id=q.get("vpc_id"))]
    return list_body("routetables", items, q, default_limit=1000)


@handler("show_routetable")
def show_routetable(ctx):
    return {"routetable": routetables.view(ctx.store, _get(ctx))}


@handler("update_routetable")
def update_routetable(ctx):
    rt = _get(ctx)
    b = (ctx.body or {}).get("routetable") or {}
    routetables.update(ctx.store, rt, b.get("name"), b.get("description"))
    return {"routetable": routetables.view(ctx.store, rt)}


@handler("delete_routetable")
def delete_routetable(ctx):
    routetables.delete(ctx.store, _get(ctx))
    return None


@handler("associate_subnet")
def associate_subnet(ctx):
    rt = routetables.associate(ctx.store, _get(ctx), ctx.body["subnet_ids"])
    return {"routetable": routetables.view(ctx.store, rt)}


@handler("disassociate_subnet")
def disassociate_subnet(ctx):
    rt = routetables.disassociate(ctx.store, _get(ctx), ctx.body["subnet_ids"])
    return {"routetable": routetables.view(ctx.store, rt)}


@handler("list_routes")
def list_routes(ctx):
    return {"routes": routetables.routes(ctx.store, _get(ctx))}


@handler("create_routes")
def create_routes(ctx):
    return {"routes": routetables.add_routes(ctx.store, _get(ctx), ctx.body["routes"])}


@handler("update_routes")
def update_routes(ctx):
    return {"routes": routetables.update_routes(ctx.store, _get(ctx), ctx.body["routes"])}


@handler("delete_routes")
def delete_routes(ctx):
    rt = _get(ctx)
    return {"routes": routetables.delete_routes(ctx.store, rt, [r["destination"] for r in ctx.body["routes"]])}
