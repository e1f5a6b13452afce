"""Security group and rule operations (seed 4.10); the rules are in models/security_groups.py."""
from ..models import security_groups
from ..pagination import list_body
from ..registry import handler
from ..store import public


@handler("create_security_group")
def create_security_group(ctx):
    b = ctx.body["security_group"]
    sg = security_groups.create(ctx, b["name"], b.get("description"))
    return {"security_group": security_groups.view(ctx.store, sg)}


@handler("list_security_groups")
def list_security_groups(ctx):
    security_groups.ensure_default(ctx.store)
    items = [security_groups.view(ctx.store, s) for s in security_groups.find(ctx.store)]
    return list_body("security_groups", items, ctx.query, default_limit=1000)


@handler("show_security_group")
def show_security_group(ctx):
    security_groups.ensure_default(ctx.store)
    sg = security_groups.require(ctx.store, ctx.path["security_group_id"])
    return {"security_group": security_groups.view(ctx.store, sg)}


@handler("delete_security_group")
def delete_security_group(ctx):
    security_groups.ensure_default(ctx.store)
    security_groups.delete(ctx.store, security_groups.require(ctx.store, ctx.path["security_group_id"]))
    return None


@handler("create_security_group_rule")
def create_security_group_rule(ctx):
    b = ctx.body["security_group_rule"]
    rule = security_groups.create_rule(
        ctx, b["security_group_id"], b["direction"], ethertype=b.get("ethertype"), protocol=b.get("protocol"),
        port_range_min=b.get("port_range_min"), port_range_max=b.get("port_range_max"),
        remote_group_id=b.get("remote_group_id"), remote_ip_prefix=b.get("remote_ip_prefix"),
        description=b.get("description"), action=b.get("action"), priority=b.get("priority"))
    return {"security_group_rule": public(rule)}


@handler("list_security_group_rules")
def list_security_group_rules(ctx):
    security_groups.ensure_default(ctx.store)
    q = ctx.query
    items = [public(r) for r in security_groups.find_rules(ctx.store, q.get("security_group_id"))]
    return list_body("security_group_rules", items, q, default_limit=1000)


@handler("show_security_group_rule")
def show_security_group_rule(ctx):
    return {"security_group_rule": public(security_groups.require_rule(ctx.store, ctx.path["security_group_rule_id"]))}


@handler("delete_security_group_rule")
def delete_security_group_rule(ctx):
    security_groups.delete_rule(ctx.store, security_groups.require_rule(ctx.store, ctx.path["security_group_rule_id"]))
    return None
