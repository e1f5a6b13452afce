"""Build iec_emulator/spec/iec-api.json from tests/emulator/spec-sources/.

spec-sources/ holds what the build needs, inside the repository: catalog.json (the API catalog, seed +
SDK cross-check, trimmed to the facts used here), errors.json (seed chapter 7.2: code, status, message)
and wire-exceptions.json (fields where the sources disagree; see docs/dev/fidelity/wire.md). The first
two are imported from the reference folder with --import-shared; a clone regenerates the spec without it.

The emulator never reads spec-sources at run time either. This script turns the catalog into the
compact document that drives routing, request validation and the shape of answers, and applies the
curated corrections listed in CURATED below. Each correction says which seed text it comes from,
because the catalog keeps patterns and formats only as Chinese prose.

    python tests/emulator/tools/build_spec.py [--check]
    python tests/emulator/tools/build_spec.py --import-shared ../shared   (refresh spec-sources, then build)
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "iec_emulator", "spec", "iec-api.json")
SOURCES = os.path.join(HERE, "..", "spec-sources")

# Seed: "支持数字、字母、中文、_(下划线)、-（中划线）、.（点）" (VPC, subnet, route table names).
NAME_DOT = r"^[\u4e00-\u9fa5A-Za-z0-9_.\-]*$"
# Seed 4.11.2: "中文字符、字母、数字、中划线和下划线组成" (network ACL names, no dot).
NAME_NODOT = r"^[\u4e00-\u9fa5A-Za-z0-9_\-]*$"
# Seed 4.12.x route descriptions: '不能包含"<"和">"' (the seed's curly quotes as ASCII).
NO_ANGLE = r"^[^<>]*$"
# Seed 4.11.6: "整数，比如80，或者以"-"隔开的范围，比如80-90". The catalog's parser read "80"/"90" as
# min/max length; the correction drops those lengths and states the format instead.
PORT_RANGE = r"^$|^[0-9]{1,5}(-[0-9]{1,5})?$"

# op -> {"error": default validation error code for the body, "fields": {dotted path: overrides}}
# A dotted path names body fields; "[]" steps into array items. Overrides may set pattern, format
# (cidr, ipv4, ip, ip_or_cidr), required, nullable, drop (list of constraint keys to remove) and error
# (the code answered when this field is wrong, from errors.json).
_FW_RULE = {
    "name": {}, "action": {"required": False}, "destination_ip_address": {"required": False, "format": "ip_or_cidr_or_empty"},
    "source_ip_address": {"required": False, "format": "ip_or_cidr_or_empty"},
    "destination_port": {"required": False, "drop": ["min_length", "max_length"], "pattern": PORT_RANGE},
    "source_port": {"required": False, "drop": ["min_length", "max_length"], "pattern": PORT_RANGE},
    "enabled": {"required": False}, "ip_version": {"required": False}, "protocol": {"required": False},
}


def _fw_rule_fields(prefix):
    out = {}
    for policy in ("egress_firewall_policy", "ingress_firewall_policy"):
        # Seed: "出方向防火墙策略，不能与ingress_firewall_policy同时存在": both are marked required but
        # cannot both be given, so neither is required by the schema; the handler wants exactly one.
        out[prefix + policy] = {"required": False}
        for k, v in _FW_RULE.items():
            out[prefix + policy + ".firewall_rules[]." + k] = v
    return out


# Seed 7.2 IEC.010210 "Batch action: (%s) is invalid, it only support reboot/os-stop/os-start.": the
# batch action API answers an action it does not know (a top-level key) with it, not with IEC.000010.
_BATCH_ACTION = {"unknown_error": "IEC.010210", "fields": {}}

CURATED = {
    "batch_start_instance": _BATCH_ACTION, "batch_stop_instance": _BATCH_ACTION, "batch_reboot_instance": _BATCH_ACTION,
    "create_keypair": {"error": "IEC.010225", "fields": {"name": {"pattern": r"^[A-Za-z0-9_\-.\u4e00-\u9fa5]*$"}}},
    "create_vpc": {"fields": {
        "vpc.name": {"pattern": NAME_DOT},
        "vpc.cidr": {"format": "cidr", "error": "IEC.020115"},
        "vpc.mode": {"error": "IEC.020114"}}},
    "update_vpc": {"error": "IEC.020111", "fields": {
        "vpc.name": {"pattern": NAME_DOT},
        "vpc.cidr": {"format": "cidr", "error": "IEC.020115"}}},
    "create_subnet": {"fields": {
        "subnet.name": {"pattern": NAME_DOT, "min_length": 1, "max_length": 64},
        "subnet.cidr": {"format": "cidr", "error": "IEC.020013"},
        "subnet.gateway_ip": {"format": "ipv4", "error": "IEC.020013"},
        "subnet.primary_dns": {"format": "ipv4"},
        "subnet.secondary_dns": {"format": "ipv4"},
        "subnet.dnsList[]": {"format": "ipv4"}}},
    "update_subnet": {"error": "IEC.020006", "fields": {
        "subnet.name": {"pattern": NAME_DOT},
        "subnet.primary_dns": {"format": "ipv4"},
        "subnet.secondary_dns": {"format": "ipv4"},
        "subnet.dnsList[]": {"format": "ipv4"}}},
    "create_port": {"fields": {"port.fixed_ips[].ip_address": {"format": "ip", "error": "IEC.020608"},
                               "port.fixed_ips": {"max_items": 1}}},
    "update_port": {"error": "IEC.020605", "fields": {
        "port.allowed_address_pairs[].ip_address": {"format": "ip_or_cidr", "error": "IEC.020608"}}},
    "create_security_group": {"error": "IEC.020200", "fields": {}},
    "create_security_group_rule": {"error": "IEC.020300", "fields": {
        "security_group_rule.port_range_min": {"error": "IEC.020305"},
        "security_group_rule.port_range_max": {"error": "IEC.020305"},
        "security_group_rule.remote_ip_prefix": {"format": "ip_or_cidr"}}},
    "create_firewall": {"error": "IEC.020911", "fields": {
        "firewall.name": {"pattern": NAME_NODOT}, "firewall.description": {"pattern": NO_ANGLE}}},
    "update_firewall": {"error": "IEC.020909", "fields": {
        "firewall.name": {"pattern": NAME_NODOT}, "firewall.description": {"pattern": NO_ANGLE}}},
    "update_firewall_rule": {"error": "IEC.020910", "fields": _fw_rule_fields("firewall.")},
    # Seed 4.17.1: the legacy API takes ip_version 4 only; IEC.020917 is its "not support IPv6" answer.
    "update_firewall_rules_legacy": {"error": "IEC.020910", "fields": dict(_fw_rule_fields("firewall."), **{
        "firewall.%s.firewall_rules[].ip_version" % p: {"required": False, "error": "IEC.020917"}
        for p in ("egress_firewall_policy", "ingress_firewall_policy")})},
    "create_routetable": {"fields": {"routetable.name": {"pattern": NAME_DOT},
                                     "routetable.description": {"pattern": NO_ANGLE}}},
    "update_routetable": {"fields": {"routetable.name": {"pattern": NAME_DOT},
                                     "routetable.description": {"pattern": NO_ANGLE}}},
    "create_routes": {"fields": {"routes[].destination": {"format": "cidr"},
                                 "routes[].description": {"pattern": NO_ANGLE}}},
    "update_routes": {"fields": {"routes[].destination": {"format": "cidr"},
                                 "routes[].description": {"pattern": NO_ANGLE}}},
    "delete_routes": {"fields": {"routes[].destination": {"format": "cidr"}}},
    "update_bandwidth": {"fields": {"bandwidth.size": {"error": "IEC.020809"}}},
    # Seed 7.2: IEC.020714 "eip ip version is illegal, it must be 4 or null."
    "create_public_ip": {"error": "IEC.020702", "fields": {"publicip.ip_version": {"error": "IEC.020714"}}},
    # Seed 4.14.4: "vip对应的port的ID可为空。当为空的时候，代表解绑原有eip的关系" - empty or null unbinds.
    "update_public_ip": {"error": "IEC.020704", "fields": {"publicip.port_id": {"nullable": True}}},
}

CONSTRAINT_KEYS = ("min_length", "max_length", "minimum", "maximum", "min_items", "max_items")


def convert_field(f):
    node = {"name": f["name"], "type": f["type"]}
    if f.get("required"):
        node["required"] = True
    for k in CONSTRAINT_KEYS:
        v = (f.get("constraints") or {}).get(k)
        if v is not None:
            node[k] = v
    if f.get("enum"):
        node["enum"] = f["enum"]
    if f.get("default") is not None:
        node["default"] = f["default"]
    if f.get("fields"):
        node["fields"] = [convert_field(c) for c in f["fields"]]
    for key in ("items", "values"):
        if f.get(key):
            it = f[key]
            item = {"name": "[]" if key == "items" else "{}", "type": it.get("type", "string")}
            if it.get("fields"):
                item["fields"] = [convert_field(c) for c in it["fields"]]
            if it.get("enum"):
                item["enum"] = it["enum"]
            if it.get("items") or it.get("values"):
                item.update({k: v for k, v in convert_field(dict(it, name="[]")).items() if k in ("items", "values")})
            node[key] = item
    if node["type"] in ("object", "map") and "fields" not in node and "values" not in node:
        # Seed "Object" without a table (port binding:profile): any content is documented.
        node["free"] = True
    return node


def convert_response_field(f):
    """Like convert_field, without the request-side constraints: an answer is shaped, not judged."""
    node = {"name": f["name"], "type": f["type"]}
    if f.get("fields"):
        node["fields"] = [convert_response_field(c) for c in f["fields"]]
    for key in ("items", "values"):
        if f.get(key):
            node[key] = convert_response_field(dict(f[key], name="[]" if key == "items" else "{}"))
    if node["type"] in ("object", "map") and "fields" not in node and "values" not in node:
        node["free"] = True
    return node


def find(nodes, dotted):
    """Resolve 'a.b[].c' against a list of field nodes."""
    cur_list = nodes
    node = None
    for part in dotted.split("."):
        arr = part.endswith("[]")
        name = part[:-2] if arr else part
        node = next((n for n in cur_list if n["name"] == name), None)
        if node is None:
            raise KeyError(dotted)
        if arr:
            node = node["items"]
        cur_list = node.get("fields", [])
    return node


def convert_param(p):
    node = convert_field(p)
    # Some filters say that a value outside their list matches nothing (4.2.1 status: "非上面范围的
    # status字段将返回空列表"): such a value is a valid query that answers an empty list, not an error.
    if node.get("enum") and "return an empty list" in (p.get("enum_note") or ""):
        node["enum_filters_only"] = True
        del node["enum"]
    if p.get("in") == "query" and p["type"] == "array":
        node["items"] = {"name": "[]", "type": "string"}
    return node


def _load(name):
    with open(os.path.join(SOURCES, name), encoding="utf-8") as fh:
        return json.load(fh)


def _insert(fields, dotted, node):
    """Add node at dotted path ('a.b[].c') into a list of field nodes (an exception the sources back)."""
    parts = dotted.split(".")
    parent = find(fields, ".".join(parts[:-1])) if len(parts) > 1 else None
    target = fields if parent is None else parent.setdefault("fields", [])
    if parent is not None:
        parent.pop("free", None)
    if any(n["name"] == parts[-1] for n in target):
        raise ValueError("exception %s names a field the catalog already has" % dotted)
    target.append(node)


def apply_exceptions(ops, exceptions):
    """Fields the catalog lacks but another source documents (golangsdk, Terraform): the emulator accepts
    them in requests and answers them, as listed in spec-sources/wire-exceptions.json."""
    for ex in exceptions:
        if not ex.get("spec"):
            continue
        op = ops[ex["operation"]]
        node = dict(ex["spec"], name=ex["field"].split(".")[-1])
        if ex["direction"] == "request":
            _insert(op["body"]["fields"], ex["field"], node)
        else:
            _insert(op["response"]["fields"], ex["field"], node)


def build():
    cat = _load("catalog.json")
    errs = _load("errors.json")
    exceptions = _load("wire-exceptions.json")["exceptions"]
    ops = {}
    for o in cat["operations"]:
        name = o["operation"]
        success = [r["status"] for r in o["responses"] if 200 <= r["status"] < 300]
        op = {
            "method": o["method"],
            "path": o["path"],
            "resource": o["resource"],
            "section": o["section"]["number"],
            "title": o["section"]["title_en"],
            "sdk": bool(o["sources"]["sdk"]),
            "sdk_request": (o.get("sdk") or {}).get("request_class"),
            "sdk_response": (o.get("sdk") or {}).get("response_class"),
            "success_status": success[0] if success else 200,
            "path_params": [convert_param(p) for p in o["path_params"]],
            "query_params": [convert_param(p) for p in o["query_params"]],
            "body": None,
            "response_fields": _response_names(o),
            "response": _response_schema(o),
            "async": o["async"],
            "errors": sorted({e["code"] for e in o["errors"]}),
        }
        if o["request_body"]:
            op["body"] = {"type": "object", "required": bool(o["request_body"].get("required")),
                          "fields": [convert_field(f) for f in o["request_body"]["fields"]]}
        cur = CURATED.get(name, {})
        op["validation_error"] = cur.get("error", "IEC.000007")
        if cur.get("unknown_error"):
            op["unknown_field_error"] = cur["unknown_error"]
        for dotted, over in cur.get("fields", {}).items():
            node = find(op["body"]["fields"], dotted)
            for k in over.get("drop", []):
                node.pop(k, None)
            for k, v in over.items():
                if k == "drop":
                    continue
                if k == "required" and not v:
                    node.pop("required", None)
                else:
                    node[k] = v
        ops[name] = op
    apply_exceptions(ops, exceptions)
    errors = {e["code"]: {"status": e["http_status"], "message": e["message"]} for e in errs["errors"]}
    # APIG answers, not in chapter 7.2 (see errors.json apigw_note and signing/ALGORITHM.md section 8).
    errors["APIGW.0301"] = {"status": 401, "message": "Incorrect IAM authentication information: %s"}
    errors["APIGW.0101"] = {"status": 404, "message": "The API does not exist or has not been published in the environment"}
    return {
        "title": "IEC API v1 as used by iec-emulator (generated by tools/build_spec.py; do not edit)",
        "sources": {"catalog_generated_at": cat.get("generated_at"), "seed": cat["sources"].get("seed")},
        "operations": ops,
        "errors": errors,
    }


def _response_names(o):
    for r in o["responses"]:
        if 200 <= r["status"] < 300 and r["schema"]:
            return [f["name"] for f in r["schema"]["fields"]]
    return []


def _response_schema(o):
    """The first success answer's body as field nodes, or None when the seed documents no body."""
    for r in o["responses"]:
        if 200 <= r["status"] < 300 and r["schema"]:
            return {"status": r["status"], "fields": [convert_response_field(f) for f in r["schema"]["fields"]]}
    return None


# ------------------------------------------------------------------ importing from the reference folder
# What build() reads from each field node; descriptions and examples stay in the reference folder.
_FIELD_KEYS = ("name", "in", "type", "required", "enum", "enum_note", "default", "source", "seed_type")


def _trim_field(f):
    out = {k: f[k] for k in _FIELD_KEYS if k in f}
    cons = {k: v for k, v in (f.get("constraints") or {}).items() if k in CONSTRAINT_KEYS}
    if cons:
        out["constraints"] = cons
    if f.get("fields"):
        out["fields"] = [_trim_field(c) for c in f["fields"]]
    for key in ("items", "values"):
        if f.get(key):
            out[key] = _trim_field(f[key])
    return out


def import_shared(shared):
    """Copy the facts build() needs from <shared>/iec-api into spec-sources/ (trimmed)."""
    with open(os.path.join(shared, "iec-api", "catalog.json"), encoding="utf-8") as fh:
        cat = json.load(fh)
    with open(os.path.join(shared, "iec-api", "errors.json"), encoding="utf-8") as fh:
        errs = json.load(fh)
    ops = []
    for o in cat["operations"]:
        ops.append({
            "operation": o["operation"],
            "section": {"number": o["section"]["number"], "title_en": o["section"]["title_en"]},
            "resource": o["resource"],
            "sources": o["sources"],
            "sdk": {k: v for k, v in (o.get("sdk") or {}).items() if k in ("method", "request_class", "response_class", "body_class")},
            "method": o["method"],
            "path": o["path"],
            "path_params": [_trim_field(p) for p in o["path_params"]],
            "query_params": [_trim_field(p) for p in o["query_params"]],
            "request_body": o["request_body"] and dict(
                {k: v for k, v in o["request_body"].items() if k in ("required",)},
                fields=[_trim_field(f) for f in o["request_body"]["fields"]]),
            "responses": [{"status": r["status"], "schema": r["schema"] and {"fields": [_trim_field(f) for f in r["schema"]["fields"]]}}
                          for r in o["responses"]],
            "async": o["async"],
            "errors": [{"code": e["code"]} for e in o["errors"]],
        })
    out_cat = {
        "title": cat["title"] + " (trimmed copy: tools/build_spec.py --import-shared)",
        "generated_at": cat.get("generated_at"),
        "sources": cat["sources"],
        "operations": ops,
    }
    out_err = {
        "source": errs["source"],
        "note": "Seed chapter 7.2 error codes (trimmed copy: code, HTTP status, message; tools/build_spec.py --import-shared).",
        "errors": [{"code": e["code"], "http_status": e["http_status"], "message": e["message"]} for e in errs["errors"]],
    }
    os.makedirs(SOURCES, exist_ok=True)
    for name, doc in (("catalog.json", out_cat), ("errors.json", out_err)):
        with open(os.path.join(SOURCES, name), "w", encoding="utf-8") as fh:
            fh.write(json.dumps(doc, ensure_ascii=False, indent=0, sort_keys=True) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--import-shared", metavar="DIR",
                    help="first refresh spec-sources/ from DIR/iec-api (the reference folder, ../shared)")
    ap.add_argument("--check", action="store_true", help="fail if the committed file is out of date")
    a = ap.parse_args(argv)
    if a.import_shared:
        import_shared(a.import_shared)
    doc = build()
    text = json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if a.check:
        cur = open(OUT, encoding="utf-8").read() if os.path.exists(OUT) else ""
        if cur != text:
            print("iec-api.json is out of date; run tools/build_spec.py", file=sys.stderr)
            return 1
        return 0
    with open(OUT, "w", encoding="utf-8") as fh:
        fh.write(text)
    print("wrote %s (%d operations, %d errors)" % (os.path.relpath(OUT), len(doc["operations"]), len(doc["errors"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
