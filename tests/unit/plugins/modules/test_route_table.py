"""route_table: route normalisation, validation and the batches sent for a plan."""

from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import plan_children
from ansible_collections.huaweicloud.iec.plugins.module_utils.rules import check_route, route
from ansible_collections.huaweicloud.iec.plugins.modules.route_table import apply_routes


class Client:
    def __init__(self):
        self.calls = []

    def post(self, path, body=None):
        self.calls.append((path, body))


class Engine:
    def __init__(self):
        self.client = Client()


def test_routes_compare_by_network_and_address():
    assert route({"type": "VIP", "destination": "172.16.9.9/16", "nexthop": "2001:DB8:0::1"}) == {
        "type": "vip", "destination": "172.16.0.0/16", "nexthop": "2001:db8::1", "description": None}
    assert route({"type": "ecs", "destination": "10.0.0.0/8", "nexthop": "i-1"})["nexthop"] == "i-1"


def test_routes_are_checked_with_their_place():
    assert check_route(1, {"type": "vip", "destination": "10.0.0.0/33", "nexthop": "1.1.1.1"}) == \
        "routes[1]: destination '10.0.0.0/33' is not a CIDR."
    assert check_route(0, {"type": "vip", "destination": "10.0.0.0/8", "nexthop": "gw"}).startswith(
        "routes[0]: a vip route's nexthop is the virtual IP's address")
    assert check_route(0, {"type": "ecs", "destination": "10.0.0.0/8", "nexthop": "i-1", "description": "<x>"}) == \
        "routes[0]: description must be at most 255 characters, without '<' or '>'."
    assert check_route(0, {"type": "ecs", "destination": "10.0.0.0/8", "nexthop": "i-1"}) is None


def test_a_plan_becomes_one_delete_one_update_and_one_add_batch():
    current = [{"type": "vip", "destination": "10.1.0.0/16", "nexthop": "192.168.1.100", "description": ""},
               {"type": "vip", "destination": "10.2.0.0/16", "nexthop": "192.168.1.100", "description": ""}]
    desired = [{"type": "vip", "destination": "10.1.0.0/16", "nexthop": "192.168.1.101", "description": None},
               {"type": "vip", "destination": "10.3.0.0/16", "nexthop": "192.168.1.100", "description": None}]
    plan = plan_children(desired, current, key=lambda r: r["destination"], normalize=route)
    engine = Engine()
    apply_routes(engine, {"id": "rt-1"}, plan)
    assert engine.client.calls == [
        ("/v1/routetables/rt-1/delete-routes", {"routes": [{"destination": "10.2.0.0/16"}]}),
        ("/v1/routetables/rt-1/update-routes", {"routes": [
            {"type": "vip", "destination": "10.1.0.0/16", "nexthop": "192.168.1.101", "description": ""}]}),
        ("/v1/routetables/rt-1/add-routes", {"routes": [
            {"type": "vip", "destination": "10.3.0.0/16", "nexthop": "192.168.1.100"}]}),
    ]
