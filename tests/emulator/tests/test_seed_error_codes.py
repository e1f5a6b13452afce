"""Answers whose error code the seed's table 7.2 fixes, checked one by one where a generic code is tempting."""
import pytest

from conftest import TokenClient


@pytest.fixture(scope="module")
def api(emulator):
    return TokenClient(emulator.url)


@pytest.fixture(autouse=True)
def fresh(emulator):
    emulator.reset()


def _site(api):
    code, body = api.get("/v1/sites", limit=1)
    assert code == 200, body
    return body["sites"][0]


def _publicips(api):
    code, body = api.get("/v1/publicips")
    assert code == 200, body
    return body["publicips"]


def test_public_ip_of_version_6_is_iec_020714(api):
    code, body = api.post("/v1/publicips", {"publicip": {"site_id": _site(api)["id"], "ip_version": "6"}})
    assert (code, body["error_code"]) == (400, "IEC.020714")
    assert _publicips(api) == []


def test_public_ip_of_version_4_as_text_is_accepted(api):
    code, body = api.post("/v1/publicips", {"publicip": {"site_id": _site(api)["id"], "ip_version": "4"}})
    assert code in (200, 201), body
    assert len(_publicips(api)) == 1


def test_public_ip_on_a_line_the_site_does_not_offer_is_iec_020711(api):
    code, body = api.post("/v1/publicips", {"publicip": {"site_id": _site(api)["id"], "type": "no-such-line"}})
    assert (code, body["error_code"]) == (400, "IEC.020711")
    assert _publicips(api) == []


def _vip_port(api):
    site = _site(api)
    code, vpc = api.post("/v1/vpcs", {"vpc": {"name": "v", "cidr": "192.168.0.0/16", "mode": "CUSTOMER"}})
    assert code == 200, vpc
    code, sub = api.post("/v1/subnets", {"subnet": {"name": "s", "cidr": "192.168.1.0/24", "gateway_ip": "192.168.1.1",
                                                    "vpc_id": vpc["vpc"]["id"], "site_id": site["id"]}})
    assert code == 200, sub
    code, port = api.post("/v1/ports", {"port": {"network_id": sub["subnet"]["neutron_network_id"],
                                                 "device_owner": "neutron:VIP_PORT",
                                                 "fixed_ips": [{"ip_address": "192.168.1.10"}]}})
    assert code in (200, 201), port
    return port["port"]


def test_address_pairs_refuse_only_the_ipv4_any_address(api):
    # Seed 4.9.5: 'IP地址不支持"0.0.0.0/0"' (the seed's curly quotes as ASCII); nothing is said against ::/0.
    port = _vip_port(api)
    code, body = api.put("/v1/ports/%s" % port["id"], {"port": {"allowed_address_pairs": [{"ip_address": "0.0.0.0/0"}]}})
    assert (code, body["error_code"]) == (400, "IEC.020608")
    code, body = api.put("/v1/ports/%s" % port["id"], {"port": {"allowed_address_pairs": [{"ip_address": "::/0"}]}})
    assert code == 200, body
    assert body["port"]["allowed_address_pairs"][0]["ip_address"] == "::/0"
