"""VPC operations (seed 4.7); the rules are in models/vpcs.py."""
from ..models import vpcs
from ..pagination import list_body
from ..registry import handler


@handler("create_vpc")
def create_vpc(ctx):
    b = ctx.body["vpc"]
    rec = vpcs.create(ctx, b["name"], b["cidr"], b["mode"])
    return {"vpc": vpcs.view(ctx.store, rec)}


@handler("list_vpcs")
def list_vpcs(ctx):
    q = ctx.query
    items = vpcs.find(ctx.store, q.get("id"), q.get("name"))
    return list_body("vpcs", [vpcs.view(ctx.store, r) for r in items], q, default_limit=1000)


@handler("show_vpc")
def show_vpc(ctx):
    return {"vpc": vpcs.view(ctx.store, vpcs.require(ctx.store, ctx.path["vpc_id"]))}


@handler("update_vpc")
def update_vpc(ctx):
    rec = vpcs.require(ctx.store, ctx.path["vpc_id"])
    b = (ctx.body or {}).get("vpc") or {}
    vpcs.update(ctx.store, rec, b.get("name"), b.get("cidr"))
    return {"vpc": vpcs.view(ctx.store, rec)}


@handler("delete_vpc")
def delete_vpc(ctx):
    vpcs.delete(ctx.store, vpcs.require(ctx.store, ctx.path["vpc_id"]))
    return None
