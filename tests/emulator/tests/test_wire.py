"""Wire discipline (docs/dev/fidelity/wire.md): a request field that no source documents is refused with the
seed's answer for an illegal body, at any depth; answers carry the documented fields only, typed as the
seed types them; --record writes every exchange (secrets masked) for tests/wire/check_wire.py."""
import json
import os
import subprocess
import sys

import pytest

from iec_emulator.spec import OPERATIONS, shape_response

from conftest import TokenClient

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CHECK_WIRE = os.path.join(ROOT, "tests", "wire", "check_wire.py")
ILLEGAL = {"error_code": "IEC.000010", "error_msg": "the request body is illegal!"}


def site(api):
    return api.get("/v1/sites")[1]["sites"][0]["id"]


def vpc_count(api):
    return api.get("/v1/vpcs")[1]["count"]


@pytest.mark.parametrize("body", [
    {"vpc": {"name": "v1", "cidr": "10.0.0.0/8", "mode": "CUSTOMER"}, "dry_run": True},       # top level
    {"vpc": {"name": "v1", "cidr": "10.0.0.0/8", "mode": "CUSTOMER", "tags": ["a"]}},          # nested object
], ids=["top-level", "nested"])
def test_unknown_field_is_refused_and_changes_nothing(api, body):
    before = vpc_count(api)
    assert api.post("/v1/vpcs", body) == (400, ILLEGAL)
    assert vpc_count(api) == before


def test_unknown_field_in_array_items_is_refused(api):
    vpc = api.post("/v1/vpcs", {"vpc": {"name": "v-arr", "cidr": "10.0.0.0/8", "mode": "CUSTOMER"}})[1]["vpc"]
    st, rt = api.get("/v1/routetables", vpc_id=vpc["id"])
    rt_id = rt["routetables"][0]["id"]
    routes = [{"destination": "172.16.0.0/16", "nexthop": "10.0.0.5", "type": "ecs", "weight": 10}]
    assert api.post("/v1/routetables/%s/add-routes" % rt_id, {"routes": routes}) == (400, ILLEGAL)
    st, listed = api.get("/v1/routetables/%s/routes" % rt_id)
    assert st == 200 and not [r for r in listed["routes"] if r["destination"] == "172.16.0.0/16"]


def test_documented_fields_are_accepted(api):
    st, out = api.post("/v1/vpcs", {"vpc": {"name": "v-ok", "cidr": "10.0.0.0/8", "mode": "CUSTOMER"}})
    assert st == 200 and out["vpc"]["name"] == "v-ok"


def test_unknown_batch_action_keeps_its_seed_code(api):
    st, err = api.post("/v1/cloudservers/action", {"os-pause": {"servers": [{"id": "x"}]}})
    assert (st, err["error_code"]) == (400, "IEC.010210")


def test_security_group_rule_ports_are_answered_as_strings(api):
    """Seed 4.10.x tables and the SDK's SecurityGroupRule type the ports as String; Terraform's
    resource_huaweicloud_iec_security_group_rule.go asserts PortRangeMin.(string) on the cloud's answer."""
    sg = api.post("/v1/security-groups", {"security_group": {"name": "sg-wire"}})[1]["security_group"]
    st, out = api.post("/v1/security-group-rules", {"security_group_rule": {
        "security_group_id": sg["id"], "direction": "ingress", "protocol": "tcp",
        "port_range_min": 22, "port_range_max": 23, "remote_ip_prefix": "0.0.0.0/0"}})
    assert st == 200, out
    rule = out["security_group_rule"]
    assert (rule["port_range_min"], rule["port_range_max"]) == ("22", "23")
    shown = api.get("/v1/security-group-rules/%s" % rule["id"])[1]["security_group_rule"]
    assert (shown["port_range_min"], shown["port_range_max"]) == ("22", "23")
    listed = api.get("/v1/security-groups/%s" % sg["id"])[1]["security_group"]["security_group_rules"]
    assert {(r["port_range_min"], r["port_range_max"]) for r in listed if r["id"] == rule["id"]} == {("22", "23")}


def _names(fields):
    return {f["name"] for f in fields}


def test_answers_hold_documented_fields_only(api):
    """Every key of a show answer, at two levels, is in the spec's response schema."""
    fw = api.post("/v1/firewalls", {"firewall": {"name": "fw-wire"}})[1]["firewall"]
    st, out = api.get("/v1/firewalls/%s" % fw["id"])
    schema = OPERATIONS["show_firewall"]["response"]["fields"]
    assert set(out) <= _names(schema)
    inner = next(f for f in schema if f["name"] == "firewall")["fields"]
    assert set(out["firewall"]) <= _names(inner)


def test_shape_response_drops_and_types():
    op = OPERATIONS["show_security_group_rule"]
    dropped = set()
    out = shape_response(op, {"security_group_rule": {"id": "r", "port_range_min": 1, "priority": "5", "internal": {"x": 1}},
                              "extra": 1}, dropped)
    assert out == {"security_group_rule": {"id": "r", "port_range_min": "1", "priority": 5}}
    assert dropped == {"extra", "security_group_rule.internal"}


def test_record_file_masks_secrets_and_keeps_bodies(emulator_factory, tmp_path):
    record = tmp_path / "wire.jsonl"
    emu = emulator_factory("--async-seconds", "0", "--record", str(record))
    api = TokenClient(emu.url)
    api.post("/v1/vpcs", {"vpc": {"name": "v-rec", "cidr": "10.0.0.0/8", "mode": "CUSTOMER"}, "bogus": 1})
    api.post("/v1/os-keypairs", {"name": "kp-rec"})
    recs = [json.loads(line) for line in record.read_text().splitlines()]
    assert not [r for r in recs if r["operation"] == "iam_create_token" and "body" in r]
    refused = next(r for r in recs if r["operation"] == "create_vpc")
    assert refused["status"] == 400 and refused["refused"] == "bogus is not a documented field"
    assert refused["body"]["bogus"] == 1 and refused["answer"] == ILLEGAL
    kp = next(r for r in recs if r["operation"] == "create_keypair")
    assert kp["status"] == 201 and kp["answer"]["private_key"] == "***"
    assert "PRIVATE KEY" not in record.read_text()


def _run_check(tmp_path, recs, exceptions):
    record = tmp_path / "rec.jsonl"
    record.write_text("".join(json.dumps(r) + "\n" for r in recs))
    exc = tmp_path / "exc.json"
    exc.write_text(json.dumps({"exceptions": exceptions}))
    p = subprocess.run([sys.executable, CHECK_WIRE, str(record), "--exceptions", str(exc)],
                       capture_output=True, text=True, timeout=120, check=False)
    return p.returncode, p.stdout + p.stderr


def _rule_exchange(answer_min):
    return {"method": "GET", "path": "/v1/security-group-rules/r1", "query": {}, "status": 200,
            "operation": "show_security_group_rule",
            "answer": {"security_group_rule": {"id": "r1", "port_range_min": answer_min}}}


def test_check_wire_passes_a_clean_record(tmp_path):
    rc, out = _run_check(tmp_path, [_rule_exchange("22")], [])
    assert rc == 0, out
    assert "1 requests validated" in out and "1 operations exercised" in out and "0 unexplained" in out


def test_check_wire_fails_on_an_unexplained_difference(tmp_path):
    rec = _rule_exchange(22)  # an integer where the SDK has str
    rec2 = {"method": "POST", "path": "/v1/vpcs", "query": {}, "status": 200, "operation": "create_vpc",
            "body": {"vpc": {"name": "v", "cidr": "10.0.0.0/8", "colour": "red"}}, "answer": None}
    rc, out = _run_check(tmp_path, [rec, rec2], [])
    assert rc == 1
    assert "security_group_rule.port_range_min" in out and "vpc.colour" in out and "2 unexplained" in out


def test_check_wire_accepts_a_documented_exception(tmp_path):
    ex = {"operation": "show_security_group_rule", "direction": "response", "field": "security_group_rule.port_range_min",
          "seed": "4.10.7", "decision": "test"}
    rc, out = _run_check(tmp_path, [_rule_exchange(22)], [ex])
    assert rc == 0, out
    assert "1 explained" in out and "0 unexplained" in out


def test_fields_golangsdk_sends_are_accepted():
    """Terraform's IEC resources send fields the seed lacks (golangsdk documents them; its acceptance tests
    ran against the cloud): the spec takes them, as listed in spec-sources/wire-exceptions.json."""
    from iec_emulator.spec import validate_object

    server = {"server": {
        "name": "tf", "image_ref": "i", "flavor_ref": "f", "user_data": "", "count": 1,
        "net_config": {"vpc_id": "v", "subnets": [{"id": "s", "ipv6_enable": False, "ipv6_bandwidth_enable": False}], "nic_num": 1},
        "root_volume": {"volume_type": "SAS", "size": 40},
        "bandwidth": {"sharetype": "WHOLE"},
        "coverage": {"coverage_policy": "centralize", "coverage_level": "site",
                     "coverage_sites": [{"site": "x", "demands": [{"operator": "chinamobile", "demand_count": 1, "pool_id": ""}]}]}}}
    validate_object(OPERATIONS["create_instance"]["body"]["fields"], server)
    eip = {"publicip": {"site_id": "x", "type": "line"}, "bandwidth": {"share_type": ""}}
    validate_object(OPERATIONS["create_public_ip"]["body"]["fields"], eip)
    port = {"port": {"name": "vip", "extra_dhcp_opts": [{"opt_name": "a", "opt_value": "b"}]}}
    validate_object(OPERATIONS["update_port"]["body"]["fields"], port)


def test_every_exception_names_its_seed_section():
    path = os.path.join(ROOT, "tests", "emulator", "spec-sources", "wire-exceptions.json")
    with open(path, encoding="utf-8") as fh:
        exceptions = json.load(fh)["exceptions"]
    for ex in exceptions:
        assert ex["operation"] in OPERATIONS and ex["direction"] in ("request", "response"), ex
        assert ex["seed"] == OPERATIONS[ex["operation"]]["section"], ex
        assert ex.get("decision") and (ex.get("golangsdk") or ex.get("note") or ex.get("terraform")), ex
