"""Validation from the spec: for every create/update operation of the network families, one invalid
request per documented constraint (required, type, lengths, ranges, enums, patterns, formats, array
sizes, nested fields) answers the seed's status and code, is logged with that status, and changes
nothing that a list call can see."""
import copy
import json

import pytest

from iec_emulator.spec import OPERATIONS, SPEC

FAR_ID = "00000000-0000-4000-8000-000000000000"
WRONG = {"string": 12345, "integer": "12", "number": "1.5", "boolean": "yes", "object": "x", "array": "x", "map": "x"}
BAD_FORMAT = {"ipv4": "300.1.1.1", "ip": "not-an-ip", "cidr": "10.0.0.0/33", "ip_or_cidr": "1.2.3", "ip_or_cidr_or_empty": "x"}


@pytest.fixture(scope="module")
def world(api):
    st, sites = api.get("/v1/sites")
    site = sites["sites"][0]["id"]
    vpc = api.post("/v1/vpcs", {"vpc": {"name": "v-valid", "cidr": "192.168.0.0/16", "mode": "CUSTOMER"}})[1]["vpc"]
    sub = api.post("/v1/subnets", {"subnet": {"name": "s-valid", "cidr": "192.168.1.0/24", "gateway_ip": "192.168.1.1",
                                              "vpc_id": vpc["id"], "site_id": site}})[1]["subnet"]
    port = api.post("/v1/ports", {"port": {"device_owner": "neutron:VIP_PORT", "network_id": sub["id"]}})[1]["port"]
    sg = api.post("/v1/security-groups", {"security_group": {"name": "sg-valid"}})[1]["security_group"]
    fw = api.post("/v1/firewalls", {"firewall": {"name": "fw-valid"}})[1]["firewall"]
    rt = api.post("/v1/routetables", {"routetable": {"name": "rt-valid", "vpc_id": vpc["id"]}})[1]["routetable"]
    eip = api.post("/v1/publicips", {"publicip": {"site_id": site}})[1]["publicip"]
    return dict(site=site, vpc=vpc["id"], sub=sub["id"], port=port["id"], sg=sg["id"], fw=fw, rt=rt["id"],
                eip=eip["id"], bw=eip["bandwidth_id"])


def fw_rule():
    return {"action": "allow", "destination_ip_address": "10.0.0.0/8", "destination_port": "80", "enabled": True,
            "id": "", "ip_version": 4, "name": "r", "operate_type": "add", "protocol": "tcp",
            "source_ip_address": "10.0.0.0/8", "source_port": "80-90", "description": "d"}


def cases(w):
    """operation -> (path, a valid body using every documented field)."""
    fwp = {"id": w["fw"]["ingress_firewall_policy"]["id"], "name": "p", "firewall_rules": [fw_rule()]}
    return {
        "create_keypair": ("/v1/os-keypairs", {"name": "kp", "public_key": ""}),
        "create_vpc": ("/v1/vpcs", {"vpc": {"name": "v", "cidr": "10.0.0.0/16", "mode": "CUSTOMER"}}),
        "update_vpc": ("/v1/vpcs/" + w["vpc"], {"vpc": {"name": "v", "cidr": "192.168.0.0/16"}}),
        "create_subnet": ("/v1/subnets", {"subnet": {
            "name": "s", "cidr": "192.168.9.0/24", "gateway_ip": "192.168.9.1", "dhcp_enable": True,
            "primary_dns": "8.8.8.8", "secondary_dns": "8.8.4.4", "dnsList": ["8.8.8.8", "8.8.4.4"],
            "vpc_id": w["vpc"], "site_id": w["site"]}}),
        "update_subnet": ("/v1/subnets/" + w["sub"], {"subnet": {
            "name": "s", "dhcp_enable": True, "primary_dns": "8.8.8.8", "secondary_dns": "8.8.4.4",
            "dnsList": ["8.8.8.8", "8.8.4.4"], "ipv6_enable": False, "pool_id": "x"}}),
        "create_port": ("/v1/ports", {"port": {"device_owner": "neutron:VIP_PORT", "network_id": w["sub"],
                                               "fixed_ips": [{"subnet_id": w["sub"], "ip_address": "192.168.1.77"}]}}),
        "update_port": ("/v1/ports/" + w["port"], {"port": {
            "allowed_address_pairs": [{"ip_address": "10.1.0.0/24", "mac_address": "fa:16:3e:00:00:01"}],
            "security_groups": [w["sg"]]}}),
        "attach_vip_bandwidth": ("/v1/vports/%s/bandwidth/attach" % w["port"], {"bandwidth_id": w["bw"]}),
        "create_security_group": ("/v1/security-groups", {"security_group": {"name": "g", "description": "d"}}),
        "create_security_group_rule": ("/v1/security-group-rules", {"security_group_rule": {
            "description": "d", "security_group_id": w["sg"], "direction": "ingress", "ethertype": "IPv4",
            "protocol": "tcp", "port_range_min": 1, "port_range_max": 2, "remote_ip_prefix": "10.0.0.0/8",
            "action": "allow", "priority": 1}}),
        "create_firewall": ("/v1/firewalls", {"firewall": {"name": "f", "description": "d"}}),
        "update_firewall": ("/v1/firewalls/" + w["fw"]["id"], {"firewall": {
            "name": "f", "admin_state_up": True, "description": "d", "subnets": [{"id": w["sub"], "vpc_id": w["vpc"]}]}}),
        "update_firewall_rule": ("/v1/firewalls/%s/firewall-rules" % w["fw"]["id"], {"firewall": {
            "ingress_firewall_policy": fwp}}),
        "update_firewall_rules_legacy": ("/v1/firewalls/%s/update_firewall_rules" % w["fw"]["id"], {"firewall": {
            "ingress_firewall_policy": copy.deepcopy(fwp)}}),
        "create_routetable": ("/v1/routetables", {"routetable": {"name": "r", "vpc_id": w["vpc"], "description": "d"}}),
        "update_routetable": ("/v1/routetables/" + w["rt"], {"routetable": {"name": "r", "description": "d"}}),
        "associate_subnet": ("/v1/routetables/%s/associate-subnets" % w["rt"], {"subnet_ids": [w["sub"]]}),
        "disassociate_subnet": ("/v1/routetables/%s/disassociate-subnets" % w["rt"], {"subnet_ids": [w["sub"]]}),
        "create_routes": ("/v1/routetables/%s/add-routes" % w["rt"], {"routes": [
            {"type": "vip", "destination": "10.9.0.0/16", "nexthop": "192.168.1.2", "description": "d"}]}),
        "update_routes": ("/v1/routetables/%s/update-routes" % w["rt"], {"routes": [
            {"type": "vip", "destination": "10.9.0.0/16", "nexthop": "192.168.1.2", "description": "d"}]}),
        "delete_routes": ("/v1/routetables/%s/delete-routes" % w["rt"], {"routes": [{"destination": "10.9.0.0/16"}]}),
        "update_bandwidth": ("/v1/bandwidths/" + w["bw"], {"bandwidth": {"name": "b", "size": 300}}),
        "create_public_ip": ("/v1/publicips", {"publicip": {"site_id": w["site"], "ip_version": "4", "type": "x"},
                                               "bandwidth": {"id": w["bw"], "bandwidth_type": "share"}}),
        "update_public_ip": ("/v1/publicips/" + w["eip"], {"publicip": {"port_id": w["port"]}}),
    }


def _get(obj, path):
    for p in path:
        obj = obj[p]
    return obj


def mutations(fields, base, path=()):
    """Yield (field path, constraint kind, spec node, mutate(body)) for one broken rule each."""
    for f in fields:
        p = path + (f["name"],)

        def setter(value, p=p):
            def apply(body):
                _get(body, p[:-1])[p[-1]] = value
            return apply

        if f.get("required"):
            yield p, "required", f, lambda body, p=p: _get(body, p[:-1]).pop(p[-1], None)
        yield p, "type", f, setter(WRONG[f["type"]])
        t = f["type"]
        if t == "string":
            if f.get("min_length"):
                yield p, "min_length", f, setter("a" * (f["min_length"] - 1))
            if f.get("max_length") is not None:
                yield p, "max_length", f, setter("a" * (f["max_length"] + 1))
            if f.get("pattern"):
                yield p, "pattern", f, setter("bad<>!#")
            if f.get("format"):
                yield p, "format", f, setter(BAD_FORMAT[f["format"]])
            if f.get("enum"):
                yield p, "enum", f, setter("NOT-IN-ENUM")
        if t == "integer":
            if f.get("minimum") is not None:
                yield p, "minimum", f, setter(f["minimum"] - 1)
            if f.get("maximum") is not None:
                yield p, "maximum", f, setter(f["maximum"] + 1)
            if f.get("enum"):
                yield p, "enum", f, setter(max(int(e) for e in f["enum"]) + 1)
        if t == "object" and f.get("fields") and isinstance(base.get(f["name"]), dict):
            yield from mutations(f["fields"], base[f["name"]], p)
        if t == "array":
            items = base.get(f["name"])
            if f.get("min_items"):
                yield p, "min_items", f, setter([])
            if f.get("max_items") is not None and items:
                yield p, "max_items", f, setter([copy.deepcopy(items[0])] * (f["max_items"] + 1))
            if items and f.get("items", {}).get("fields"):
                yield from mutations(f["items"]["fields"], items[0], p + (0,))
            elif items and f.get("items", {}).get("format"):
                yield p + (0,), "format", f["items"], setter_index(p, BAD_FORMAT[f["items"]["format"]])


def setter_index(p, value):
    def apply(body):
        _get(body, p)[0] = value
    return apply


LISTS = ["/v1/vpcs", "/v1/subnets", "/v1/ports", "/v1/security-groups", "/v1/security-group-rules", "/v1/firewalls",
         "/v1/routetables", "/v1/bandwidths", "/v1/publicips", "/v1/os-keypairs"]


def snapshot(api):
    out = {}
    for path in LISTS:
        st, body = api.get(path)
        assert st == 200
        out[path] = json.dumps(body, sort_keys=True)
    return out


MY_OPS = sorted(cases({"fw": {"id": FAR_ID, "ingress_firewall_policy": {"id": FAR_ID}}, "vpc": "", "sub": "",
                       "port": "", "sg": "", "rt": "", "eip": "", "bw": "", "site": ""}))


def test_every_network_write_operation_has_cases():
    writes = {n for n, o in OPERATIONS.items() if o["body"] and o["resource"] in (
        "keypair", "vpc", "subnet", "port", "security_group", "firewall", "firewall (legacy)", "routetable",
        "bandwidth", "publicip")}
    assert writes == set(MY_OPS)


@pytest.mark.parametrize("operation", MY_OPS)
def test_invalid_bodies(api, emulator, world, operation):
    path, valid = cases(world)[operation]
    op = OPERATIONS[operation]
    muts = list(mutations(op["body"]["fields"], valid))
    kinds = {kind for _path, kind, _field, _mutate in muts}
    assert "type" in kinds
    before = snapshot(api)
    emulator.clear_requests()
    checked = 0
    for fpath, kind, node, mutate in muts:
        body = copy.deepcopy(valid)
        mutate(body)
        st, out = api.call(op["method"], path, body)
        code = node.get("error") or op["validation_error"]
        expect = SPEC["errors"][code]["status"]
        assert (st, out["error_code"]) == (expect, code), "%s %s %s -> %s %s" % (operation, fpath, kind, st, out)
        checked += 1
    log = [r for r in emulator.requests() if r["operation"] == operation]
    assert len(log) == checked and all(r["status"] >= 400 for r in log)
    assert snapshot(api) == before


@pytest.mark.parametrize("operation", sorted(n for n, o in OPERATIONS.items() if o["method"] == "GET"
                                             and any(p["name"] == "limit" and "maximum" in p for p in o["query_params"])
                                             and not o["path_params"] and o["resource"] not in (
                                                 "instance", "flavor", "volume", "image", "deployment/edgecloud")))
def test_invalid_query(api, operation):
    op = OPERATIONS[operation]
    limit = next(p for p in op["query_params"] if p["name"] == "limit")
    for bad in ("abc", str(limit["maximum"] + 1), str(limit.get("minimum", 0) - 1)):
        st, out = api.call("GET", op["path"], query={"limit": bad})
        assert (st, out["error_code"]) == (400, "IEC.000006"), (operation, bad, out)


def test_malformed_json_body(api):
    st, out = api.call("POST", "/v1/vpcs", raw="{not json")
    assert (st, out["error_code"]) == (400, "IEC.000010")
    st, out = api.call("POST", "/v1/vpcs", raw="[1, 2]")
    assert (st, out["error_code"]) == (400, "IEC.000010")
