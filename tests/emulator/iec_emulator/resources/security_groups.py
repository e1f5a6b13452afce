"""Security groups and rules (seed 4.10). Each domain has a 'default' group that cannot be deleted
(IEC.020311) or created (IEC.020310); a new group starts with the default egress rules."""
import ipaddress

from ..errors import api_error
from ..pagination import list_body
from ..quotas import usage
from ..registry import handler
from ..store import new_id, public

SG = "security_groups"
RULES = "security_group_rules"


@usage("securityGroup")
def _used_sg(store):
    return store.count(SG)


@usage("securityGroupRule")
def _used_rules(store):
    return store.count(RULES)


def _rule(sg_id, direction, ethertype, **kw):
    r = {"id": new_id(), "description": "", "security_group_id": sg_id, "direction": direction,
         "ethertype": ethertype, "protocol": None, "port_range_min": None, "port_range_max": None,
         "remote_group_id": None, "remote_ip_prefix": None, "action": "allow", "priority": 1}
    r.update(kw)
    return r


def _new_group(ctx, name, description):
    sg = ctx.store.insert(SG, {"name": name, "description": description or ""})
    # Default rules: all egress traffic allowed, IPv4 and IPv6 (as VPC security groups start).
    for eth in ("IPv4", "IPv6"):
        ctx.store.insert(RULES, _rule(sg["id"], "egress", eth))
    return sg


def ensure_default(ctx):
    """The domain's default security group (created on first use); compute uses it for instances."""
    found = ctx.store.find(SG, name="default")
    if found:
        return found[0]
    sg = _new_group(ctx, "default", "Default security group")
    # The default group also lets members of the group reach each other.
    for eth in ("IPv4", "IPv6"):
        ctx.store.insert(RULES, _rule(sg["id"], "ingress", eth, remote_group_id=sg["id"]))
    return sg


def view(ctx, sg):
    out = public(sg)
    out["security_group_rules"] = [public(r) for r in ctx.store.find(RULES, security_group_id=sg["id"])]
    return out


@handler("create_security_group")
def create_security_group(ctx):
    b = ctx.body["security_group"]
    ensure_default(ctx)
    if b["name"] == "default":
        raise api_error("IEC.020310")
    ctx.quota("securityGroup", code="IEC.020401")
    ctx.quota("securityGroupRule", delta=2, code="IEC.020401")
    return {"security_group": view(ctx, _new_group(ctx, b["name"], b.get("description")))}


@handler("list_security_groups")
def list_security_groups(ctx):
    ensure_default(ctx)
    return list_body("security_groups", [view(ctx, s) for s in ctx.store.all(SG)], ctx.query, default_limit=1000)


def _get(ctx):
    return ctx.store.require(SG, ctx.path["security_group_id"], api_error("IEC.020204"))


@handler("show_security_group")
def show_security_group(ctx):
    ensure_default(ctx)
    return {"security_group": view(ctx, _get(ctx))}


def in_use(ctx, sg_id):
    if any(sg_id in (p.get("security_groups") or []) for p in ctx.store.all("ports")):
        return True
    return any(sg_id in [g.get("id", g) if isinstance(g, dict) else g for g in (i.get("security_groups") or [])]
               for i in ctx.store.all("instances"))


@handler("delete_security_group")
def delete_security_group(ctx):
    ensure_default(ctx)
    sg = _get(ctx)
    if sg["name"] == "default":
        raise api_error("IEC.020311")
    if in_use(ctx, sg["id"]) or any(r.get("remote_group_id") == sg["id"] and r["security_group_id"] != sg["id"]
                                    for r in ctx.store.all(RULES)):
        raise api_error("IEC.020202")
    for r in ctx.store.find(RULES, security_group_id=sg["id"]):
        ctx.store.delete(RULES, r["id"])
    ctx.store.delete(SG, sg["id"])
    return None


@handler("create_security_group_rule")
def create_security_group_rule(ctx):
    b = ctx.body["security_group_rule"]
    ensure_default(ctx)
    sg = ctx.store.require(SG, b["security_group_id"], api_error("IEC.020204"))
    if b.get("remote_group_id") and b.get("remote_ip_prefix"):
        raise api_error("IEC.020308")
    if b.get("remote_group_id"):
        ctx.store.require(SG, b["remote_group_id"], api_error("IEC.020204"))
    eth = b.get("ethertype") or "IPv4"
    if b.get("remote_ip_prefix"):
        version = ipaddress.ip_network(b["remote_ip_prefix"], strict=False).version
        if "IPv%d" % version != eth:
            raise api_error("IEC.020307")
    proto = b.get("protocol")
    # Seed 4.10.6: icmpv6 needs IPv6 and icmp needs IPv4.
    if (proto == "icmpv6" and eth != "IPv6") or (proto == "icmp" and eth != "IPv4"):
        raise api_error("IEC.020307")
    lo, hi = b.get("port_range_min"), b.get("port_range_max")
    if lo is not None and hi is not None and lo > hi:
        raise api_error("IEC.020305")
    ctx.quota("securityGroupRule", code="IEC.020401")
    # Answers type the ports as strings: seed 4.10 response tables (String; its examples show numbers), the
    # SDK's SecurityGroupRule (str), and Terraform's iec_security_group_rule, which reads them with .(string).
    rule = _rule(sg["id"], b["direction"], eth, description=b.get("description") or "", protocol=proto,
                 port_range_min=None if lo is None else str(lo), port_range_max=None if hi is None else str(hi), remote_group_id=b.get("remote_group_id"),
                 remote_ip_prefix=b.get("remote_ip_prefix"), action=b.get("action") or "allow",
                 priority=b.get("priority") or 1)
    ctx.store.insert(RULES, rule)
    return {"security_group_rule": public(rule)}


@handler("list_security_group_rules")
def list_security_group_rules(ctx):
    ensure_default(ctx)
    q = ctx.query
    items = [public(r) for r in ctx.store.all(RULES)
             if not q.get("security_group_id") or r["security_group_id"] == q["security_group_id"]]
    return list_body("security_group_rules", items, q, default_limit=1000)


def _rule_get(ctx):
    return ctx.store.require(RULES, ctx.path["security_group_rule_id"], api_error("IEC.020304"))


@handler("show_security_group_rule")
def show_security_group_rule(ctx):
    return {"security_group_rule": public(_rule_get(ctx))}


@handler("delete_security_group_rule")
def delete_security_group_rule(ctx):
    r = _rule_get(ctx)
    ctx.store.delete(RULES, r["id"])
    return None
