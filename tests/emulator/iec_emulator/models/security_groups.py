"""Security groups and rules (seed 4.10). Each domain has a 'default' group that cannot be deleted
(IEC.020311) or created (IEC.020310); a new group starts with the default egress rules.

Public API:
    SG, RULES                           the collection names
    ensure_default(store)               the domain's default group (created on first use)
    find(store)                         every group, in creation order
    view(store, sg)                     the public view (with its rules)
    require(store, security_group_id)   the group, or IEC.020204
    create(ctx, name, description)
    in_use(store, sg_id)                whether a port or an instance uses the group
    delete(store, sg)
    require_rule(store, rule_id)        the rule, or IEC.020304
    find_rules(store, security_group_id)
    create_rule(ctx, security_group_id, direction, ethertype, protocol, port_range_min, port_range_max,
                remote_group_id, remote_ip_prefix, description, action, priority)
    delete_rule(store, rule)
"""
import ipaddress

from ..errors import api_error
from ..quotas import usage
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


def _new_group(store, name, description):
    sg = store.insert(SG, {"name": name, "description": description or ""})
    # Default rules: all egress traffic allowed, IPv4 and IPv6 (as VPC security groups start).
    for eth in ("IPv4", "IPv6"):
        store.insert(RULES, _rule(sg["id"], "egress", eth))
    return sg


def ensure_default(store):
    """The domain's default security group (created on first use); compute uses it for instances."""
    found = store.find(SG, name="default")
    if found:
        return found[0]
    sg = _new_group(store, "default", "Default security group")
    # The default group also lets members of the group reach each other.
    for eth in ("IPv4", "IPv6"):
        store.insert(RULES, _rule(sg["id"], "ingress", eth, remote_group_id=sg["id"]))
    return sg


def view(store, sg):
    out = public(sg)
    out["security_group_rules"] = [public(r) for r in store.find(RULES, security_group_id=sg["id"])]
    return out


def find(store):
    return store.all(SG)


def require(store, sg_id):
    return store.require(SG, sg_id, api_error("IEC.020204"))


def create(ctx, name, description):
    ensure_default(ctx.store)
    if name == "default":
        raise api_error("IEC.020310")
    ctx.quota("securityGroup", code="IEC.020401")
    ctx.quota("securityGroupRule", delta=2, code="IEC.020401")
    return _new_group(ctx.store, name, description)


def in_use(store, sg_id):
    if any(sg_id in (p.get("security_groups") or []) for p in store.all("ports")):
        return True
    return any(sg_id in [g.get("id", g) if isinstance(g, dict) else g for g in (i.get("security_groups") or [])]
               for i in store.all("instances"))


def delete(store, sg):
    if sg["name"] == "default":
        raise api_error("IEC.020311")
    if in_use(store, sg["id"]) or any(r.get("remote_group_id") == sg["id"] and r["security_group_id"] != sg["id"]
                                      for r in store.all(RULES)):
        raise api_error("IEC.020202")
    for r in store.find(RULES, security_group_id=sg["id"]):
        store.delete(RULES, r["id"])
    store.delete(SG, sg["id"])


def require_rule(store, rule_id):
    return store.require(RULES, rule_id, api_error("IEC.020304"))


def find_rules(store, security_group_id=None):
    return [r for r in store.all(RULES) if not security_group_id or r["security_group_id"] == security_group_id]


def create_rule(ctx, security_group_id, direction, ethertype=None, protocol=None, port_range_min=None,
                port_range_max=None, remote_group_id=None, remote_ip_prefix=None, description=None, action=None,
                priority=None):
    ensure_default(ctx.store)
    sg = require(ctx.store, security_group_id)
    if remote_group_id and remote_ip_prefix:
        raise api_error("IEC.020308")
    if remote_group_id:
        require(ctx.store, remote_group_id)
    eth = ethertype or "IPv4"
    if remote_ip_prefix:
        version = ipaddress.ip_network(remote_ip_prefix, strict=False).version
        if "IPv%d" % version != eth:
            raise api_error("IEC.020307")
    proto = protocol
    # Seed 4.10.6: icmpv6 needs IPv6 and icmp needs IPv4.
    if (proto == "icmpv6" and eth != "IPv6") or (proto == "icmp" and eth != "IPv4"):
        raise api_error("IEC.020307")
    lo, hi = port_range_min, port_range_max
    if lo is not None and hi is not None and lo > hi:
        raise api_error("IEC.020305")
    ctx.quota("securityGroupRule", code="IEC.020401")
    # Answers type the ports as strings: seed 4.10 response tables (String; its examples show numbers), the
    # SDK's SecurityGroupRule (str), and Terraform's iec_security_group_rule, which reads them with .(string).
    rule = _rule(sg["id"], direction, eth, description=description or "", protocol=proto,
                 port_range_min=None if lo is None else str(lo), port_range_max=None if hi is None else str(hi),
                 remote_group_id=remote_group_id, remote_ip_prefix=remote_ip_prefix, action=action or "allow",
                 priority=priority or 1)
    ctx.store.insert(RULES, rule)
    return rule


def delete_rule(store, rule):
    store.delete(RULES, rule["id"])
