"""A server's addresses read one way (catalog.server_addresses / server_nics), by instance, edge services, instance_info
and the inventory."""
from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.edge_service import curate_server
from ansible_collections.huaweicloud.iec.plugins.module_utils.servers import member_name, members_of

SERVER = {"id": "s1", "name": "web", "status": "ACTIVE", "geolocation": {"id": "site-1", "city": "xian"}, "addresses": {
    "vpc-b": [{"addr": "10.0.1.5", "version": 4, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS:port_id": "p2",
               "OS-EXT-IPS-MAC:mac_addr": "fa:02"}],
    "vpc-a": [{"addr": "10.0.0.5", "version": 4, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS:port_id": "p1",
               "OS-EXT-IPS-MAC:mac_addr": "fa:01"},
              {"addr": "fd00::5", "version": 6, "OS-EXT-IPS:type": "fixed", "OS-EXT-IPS:port_id": "p1",
               "OS-EXT-IPS-MAC:mac_addr": "fa:01"},
              {"addr": "122.0.0.9", "version": 4, "OS-EXT-IPS:type": "floating", "OS-EXT-IPS:port_id": "p1",
               "OS-EXT-IPS-MAC:mac_addr": "fa:01"}]}}


def test_addresses_keep_every_address_in_vpc_order():
    assert [(a["network_id"], a["port_id"], a["addr"], a["type"]) for a in catalog.server_addresses(SERVER)] == [
        ("vpc-a", "p1", "10.0.0.5", "fixed"), ("vpc-a", "p1", "fd00::5", "fixed"), ("vpc-a", "p1", "122.0.0.9", "floating"),
        ("vpc-b", "p2", "10.0.1.5", "fixed")]
    assert catalog.server_addresses(None) == [] and catalog.server_addresses({"addresses": None}) == []


def test_nics_are_one_per_port_with_the_fixed_and_the_public_address():
    server = dict(SERVER, addresses=dict(SERVER["addresses"], **{"vpc-a": [
        a for a in SERVER["addresses"]["vpc-a"] if a["version"] == 4]}))
    assert catalog.server_nics(server) == [
        {"port_id": "p1", "vpc_id": "vpc-a", "mac_address": "fa:01", "ip_address": "10.0.0.5", "public_ip_address": "122.0.0.9"},
        {"port_id": "p2", "vpc_id": "vpc-b", "mac_address": "fa:02", "ip_address": "10.0.1.5", "public_ip_address": None}]


def test_an_edge_cloud_instance_lists_every_private_and_public_address():
    view = curate_server(SERVER)
    assert view["private_ips"] == ["10.0.0.5", "fd00::5", "10.0.1.5"] and view["public_ips"] == ["122.0.0.9"]
    assert (view["site_id"], view["city"]) == ("site-1", "xian")


def test_members_of_a_set_are_its_four_digit_suffixes_with_or_without_iec_prefix_in_order():
    servers = [{"name": n} for n in ("w-0002", "IEC-GZ01-w-0001", "w-00010", "wx-0001", "w", member_name("w", 3))]
    assert [s["name"] for s in members_of(servers, "w")] == ["IEC-GZ01-w-0001", "w-0002", "w-0003"]
