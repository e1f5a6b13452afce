"""Network ACLs (seed 4.11, /v1/firewalls) and their rules: the current
PUT /v1/firewalls/{id}/firewall-rules and the historical .../update_firewall_rules (seed 4.17.1).

Public API:
    COLL, POLICIES, RULE_FIELDS, ADD_REQUIRED
    view(rec)                           the public view (with the rule counts)
    require(store, firewall_id)         the ACL, or IEC.020915 (malformed id) / IEC.020903
    find(store, firewall_id, name)      ACLs with that id and whose name contains `name`
    create(ctx, name, description)
    update(store, rec, name, description, admin_state_up, subnets)   subnets: [{"id": ...}] or None
    delete(store, rec)                  refused (IEC.020913) while subnets are associated
    apply_rules(store, rec, firewall, legacy)   add/modify/delete rules of one policy
    forget_subnet(store, subnet_id)     detach a removed subnet from every ACL
"""
from ..errors import api_error
from ..quotas import usage
from ..store import new_id, public

COLL = "firewalls"
POLICIES = ("ingress_firewall_policy", "egress_firewall_policy")
RULE_FIELDS = ("name", "description", "enabled", "action", "protocol", "ip_version", "destination_ip_address",
               "destination_port", "source_ip_address", "source_port")
ADD_REQUIRED = ("action", "protocol", "ip_version", "source_ip_address", "destination_ip_address")


@usage("firewall")
def _used(store):
    return store.count(COLL)


def view(rec):
    out = public(rec)
    for p in POLICIES:
        out[p.replace("policy", "rule_count")] = len(rec[p]["firewall_rules"])
    return out


def require(store, fid):
    if len(fid) != 36:
        raise api_error("IEC.020915")
    return store.require(COLL, fid, api_error("IEC.020903"))


def find(store, firewall_id=None, name=None):
    return [r for r in store.all(COLL)
            if (not firewall_id or r["id"] == firewall_id) and (not name or name in r["name"])]


def create(ctx, name, description):
    ctx.quota("firewall", code="IEC.020401")
    rec = {"domain_id": ctx.domain_id, "name": name, "description": description or "",
           "admin_state_up": True, "status": "INACTIVE", "subnets": []}
    for p in POLICIES:
        rec[p] = {"id": new_id(), "name": p, "firewall_rules": []}
    return ctx.store.insert(COLL, rec)


def update(store, rec, name, description=None, admin_state_up=None, subnets=None):
    changes = {"name": name}
    if description is not None:
        changes["description"] = description
    if admin_state_up is not None:
        changes["admin_state_up"] = admin_state_up
    if subnets is not None:
        chosen = []
        for s in subnets:
            sub = store.require("subnets", s["id"], api_error("IEC.020003"))
            for other in store.all(COLL):
                if other["id"] != rec["id"] and any(x["id"] == sub["id"] for x in other["subnets"]):
                    raise api_error("IEC.020914")
            chosen.append({"id": sub["id"], "vpc_id": sub["vpc_id"]})
        changes["subnets"] = chosen
    store.update(COLL, rec["id"], **changes)
    return rec


def delete(store, rec):
    if rec["subnets"]:
        raise api_error("IEC.020913")
    store.delete(COLL, rec["id"])


def forget_subnet(store, subnet_id):
    for fw in store.all(COLL):
        if any(s["id"] == subnet_id for s in fw.get("subnets") or []):
            fw["subnets"] = [s for s in fw["subnets"] if s["id"] != subnet_id]
            store.touch()


def apply_rules(store, rec, fw, legacy):
    """Apply a rule update (the request's `firewall` object) to one policy of the ACL."""
    fw = fw or {}
    given = [p for p in POLICIES if fw.get(p) is not None]
    if len(given) != 1:
        raise api_error("IEC.020910", "exactly one of ingress_firewall_policy and egress_firewall_policy")
    pname = given[0]
    req = fw[pname]
    policy = rec[pname]
    if req["id"] != policy["id"]:
        raise api_error("IEC.020910", "policy id does not belong to this network ACL")
    rules = [dict(r) for r in policy["firewall_rules"]]
    for r in req["firewall_rules"]:
        op = r["operate_type"]
        if op == "add":
            missing = [k for k in ADD_REQUIRED if r.get(k) in (None, "")]
            if missing:
                raise api_error("IEC.020910", "%s required to add a rule" % ", ".join(missing))
            if legacy and (str(r["ip_version"]) == "6" or r["protocol"] == "icmpv6"):
                raise api_error("IEC.020917")
            new = {k: r.get(k) for k in RULE_FIELDS}
            new.update(id=new_id(), operate_type="normal", ip_version=int(r["ip_version"]),
                       enabled=r.get("enabled", True), name=r.get("name") or "", description=r.get("description") or "",
                       source_port=r.get("source_port") or "", destination_port=r.get("destination_port") or "")
            pos = len(rules)
            anchor = req.get("insert_before") or req.get("insert_after")
            if anchor:
                idx = next((i for i, x in enumerate(rules) if x["id"] == anchor), None)
                if idx is None:
                    raise api_error("IEC.020910", "insert position %s is not a rule of this policy" % anchor)
                pos = idx if req.get("insert_before") else idx + 1
            rules.insert(pos, new)
        else:
            idx = next((i for i, x in enumerate(rules) if x["id"] == r.get("id")), None)
            if idx is None:
                raise api_error("IEC.020910", "rule %s does not exist" % r.get("id"))
            if op == "delete":
                rules.pop(idx)
            else:
                if legacy and str(r.get("ip_version")) == "6":
                    raise api_error("IEC.020917")
                for k in RULE_FIELDS:
                    if r.get(k) is not None:
                        rules[idx][k] = int(r[k]) if k == "ip_version" else r[k]
    policy["firewall_rules"] = rules
    store.touch()
    return rec
