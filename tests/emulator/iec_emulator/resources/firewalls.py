"""Network ACLs (seed 4.11, /v1/firewalls) and their rules: the current
PUT /v1/firewalls/{id}/firewall-rules and the historical .../update_firewall_rules (seed 4.17.1)."""
from ..errors import api_error
from ..pagination import list_body
from ..quotas import usage
from ..registry import handler
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


def _get(ctx):
    fid = ctx.path["firewall_id"]
    if len(fid) != 36:
        raise api_error("IEC.020915")
    return ctx.store.require(COLL, fid, api_error("IEC.020903"))


@handler("create_firewall")
def create_firewall(ctx):
    b = ctx.body["firewall"]
    ctx.quota("firewall", code="IEC.020401")
    rec = {"domain_id": ctx.domain_id, "name": b["name"], "description": b.get("description") or "",
           "admin_state_up": True, "status": "INACTIVE", "subnets": []}
    for p in POLICIES:
        rec[p] = {"id": new_id(), "name": p, "firewall_rules": []}
    return {"firewall": view(ctx.store.insert(COLL, rec))}


@handler("list_firewalls")
def list_firewalls(ctx):
    q = ctx.query
    if (q.get("offset") or 0) < 0:
        raise api_error("IEC.020916")
    items = [view(r) for r in ctx.store.all(COLL)
             if (not q.get("id") or r["id"] == q["id"]) and (not q.get("name") or q["name"] in r["name"])]
    return list_body("firewalls", items, q, default_limit=1000)


@handler("show_firewall")
def show_firewall(ctx):
    return {"firewall": view(_get(ctx))}


@handler("update_firewall")
def update_firewall(ctx):
    rec = _get(ctx)
    b = ctx.body["firewall"]
    changes = {"name": b["name"]}
    if b.get("description") is not None:
        changes["description"] = b["description"]
    if b.get("admin_state_up") is not None:
        changes["admin_state_up"] = b["admin_state_up"]
    if b.get("subnets") is not None:
        subnets = []
        for s in b["subnets"]:
            sub = ctx.store.require("subnets", s["id"], api_error("IEC.020003"))
            for other in ctx.store.all(COLL):
                if other["id"] != rec["id"] and any(x["id"] == sub["id"] for x in other["subnets"]):
                    raise api_error("IEC.020914")
            subnets.append({"id": sub["id"], "vpc_id": sub["vpc_id"]})
        changes["subnets"] = subnets
    ctx.store.update(COLL, rec["id"], **changes)
    # Seed 4.11.4 (UpdateFirewallResp), the SDK's UpdateFirewallResp and golangsdk's UpdateFirewallResp: the
    # answer holds the id and status only; the rest is read back with GET.
    return {"firewall": {"id": rec["id"], "status": rec["status"]}}


@handler("delete_firewall")
def delete_firewall(ctx):
    rec = _get(ctx)
    if rec["subnets"]:
        raise api_error("IEC.020913")
    ctx.store.delete(COLL, rec["id"])
    return None


def _apply_rules(ctx, legacy):
    rec = _get(ctx)
    fw = (ctx.body or {}).get("firewall") or {}
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
    ctx.store.touch()
    return {"firewall": view(rec)}


@handler("update_firewall_rule")
def update_firewall_rule(ctx):
    return _apply_rules(ctx, legacy=False)


@handler("update_firewall_rules_legacy")
def update_firewall_rules_legacy(ctx):
    return _apply_rules(ctx, legacy=True)
