"""Network ACL operations (seed 4.11, 4.17.1); the rules are in models/firewalls.py."""
from ..errors import api_error
from ..models import firewalls
from ..pagination import list_body
from ..registry import handler


def _get(ctx):
    return firewalls.require(ctx.store, ctx.path["firewall_id"])


@handler("create_firewall")
def create_firewall(ctx):
    b = ctx.body["firewall"]
    return {"firewall": firewalls.view(firewalls.create(ctx, b["name"], b.get("description")))}


@handler("list_firewalls")
def list_firewalls(ctx):
    q = ctx.query
    if (q.get("offset") or 0) < 0:
        raise api_error("IEC.020916")
    items = [firewalls.view(r) for r in firewalls.find(ctx.store, q.get("id"), q.get("name"))]
    return list_body("firewalls", items, q, default_limit=1000)


@handler("show_firewall")
def show_firewall(ctx):
    return {"firewall": firewalls.view(_get(ctx))}


@handler("update_firewall")
def update_firewall(ctx):
    rec = _get(ctx)
    b = ctx.body["firewall"]
    firewalls.update(ctx.store, rec, b["name"], b.get("description"), b.get("admin_state_up"), b.get("subnets"))
    # Seed 4.11.4 (UpdateFirewallResp), the SDK's UpdateFirewallResp and golangsdk's UpdateFirewallResp: the
    # answer holds the id and status only; the rest is read back with GET.
    return {"firewall": {"id": rec["id"], "status": rec["status"]}}


@handler("delete_firewall")
def delete_firewall(ctx):
    firewalls.delete(ctx.store, _get(ctx))
    return None


@handler("update_firewall_rule")
def update_firewall_rule(ctx):
    rec = _get(ctx)
    return {"firewall": firewalls.view(firewalls.apply_rules(ctx.store, rec, (ctx.body or {}).get("firewall"), legacy=False))}


@handler("update_firewall_rules_legacy")
def update_firewall_rules_legacy(ctx):
    rec = _get(ctx)
    return {"firewall": firewalls.view(firewalls.apply_rules(ctx.store, rec, (ctx.body or {}).get("firewall"), legacy=True))}
