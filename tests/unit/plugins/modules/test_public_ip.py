"""public_ip and public_ip_info: the create request, what a new public IP takes from its port and bandwidth,
waiting before a bind, unbinding before a release, and finding by address."""

import copy

import pytest

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError
from ansible_collections.huaweicloud.iec.plugins.modules.public_ip import PublicIp
from ansible_collections.huaweicloud.iec.plugins.modules.public_ip_info import PublicIpInfo
from iec_fakes import Exited, Failed, FakeModule


SITES = [{"id": "site-1", "name": "shanghai", "pools": [
    {"pool_id": "sh_ctcc", "ip_version": "4"}, {"pool_id": "sh_cmcc", "ip_version": "4"},
    {"pool_id": "sh_ctcc_v6", "ip_version": "6"}]},
    {"id": "site-2", "name": "beijing", "pools": [{"pool_id": "bj_cucc", "ip_version": "4"}]}]
BANDWIDTHS = [{"id": "bw-1", "name": "bandwidth-0001", "site_id": "site-1", "pool_id": "sh_cmcc"}]
PORTS = {"p-1": {"id": "p-1", "site_id": "site-1", "fixed_ips": [{"ip_address": "192.168.1.100"}]},
         "p-2": {"id": "p-2", "site_id": "site-1", "fixed_ips": [{"ip_address": "192.168.1.101"}]}}


def not_found(path):
    return IecApiError(status=404, error_code="IEC.020706", error_msg="not found", method="GET", path=path)


class Cloud:
    """Public IPs that are PENDING_CREATE for the number of reads in pending_reads, then DOWN or ACTIVE."""

    def __init__(self, eips=(), pending_reads=0):
        self.eips = dict((e["id"], copy.deepcopy(e)) for e in eips)
        self.pending_reads = pending_reads
        self.calls = []

    def list_all(self, path, items_key, query=None):
        self.calls.append(("LIST", path, query))
        if path == "/v1/publicips":
            items = list(self.eips.values())
            if query and query.get("port_id"):
                items = [e for e in items if e.get("port_id") == query["port_id"]]
            return copy.deepcopy(items)
        return copy.deepcopy({"/v1/sites": SITES, "/v1/bandwidths": BANDWIDTHS}[path])

    def get(self, path, query=None):
        self.calls.append(("GET", path))
        kind, ident = path.split("/")[2:4]
        if kind == "ports":
            if ident not in PORTS:
                raise not_found(path)
            return {"port": copy.deepcopy(PORTS[ident])}
        if ident not in self.eips:
            raise not_found(path)
        eip = self.eips[ident]
        if eip["status"] == "PENDING_CREATE":
            if self.pending_reads:
                self.pending_reads -= 1
            else:
                eip["status"] = "DOWN"
        return {"publicip": copy.deepcopy(eip)}

    def post(self, path, body=None, query=None):
        self.calls.append(("POST", path, copy.deepcopy(body)))
        eip = {"id": "e-%d" % (len(self.eips) + 1), "status": "PENDING_CREATE", "port_id": None,
               "public_ip_address": "122.112.0.%d" % (len(self.eips) + 1), "ip_version": 4,
               "site_id": body["publicip"]["site_id"], "type": body["publicip"].get("type") or "sh_ctcc",
               "bandwidth_id": (body.get("bandwidth") or {}).get("id") or "bw-new"}
        self.eips[eip["id"]] = eip
        return {"publicip": copy.deepcopy(eip)}

    def put(self, path, body=None, query=None):
        self.calls.append(("PUT", path, copy.deepcopy(body)))
        eip = self.eips[path.rsplit("/", 1)[-1]]
        port = body["publicip"]["port_id"]
        eip.update(port_id=port or None, status="ACTIVE" if port else "DOWN")
        return {"publicip": copy.deepcopy(eip)}

    def delete(self, path, query=None):
        self.calls.append(("DELETE", path))
        del self.eips[path.rsplit("/", 1)[-1]]

    def mutating(self):
        return [c for c in self.calls if c[0] in ("POST", "PUT", "DELETE")]


class Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = 0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps += 1
        self.now += seconds


def params(**kw):
    base = dict(id=None, public_ip_address=None, port=None, site=None, line=None, ip_version=None, bandwidth=None,
                bandwidth_type=None, state="present", wait=True, wait_timeout=60)
    base.update(kw)
    return base


def run(cloud, check_mode=False, clock=None, **kw):
    engine = PublicIp(FakeModule(params(**kw), check_mode), client=cloud)
    clock = clock or Clock()
    engine._clock, engine._sleep = clock, clock.sleep
    with pytest.raises((Exited, Failed)) as info:
        engine.run()
    return ("failed" if isinstance(info.value, Failed) else "ok"), info.value.result


def eip(**kw):
    item = {"id": "e-9", "status": "ACTIVE", "port_id": "p-1", "public_ip_address": "122.112.0.9", "ip_version": 4,
            "site_id": "site-1", "type": "sh_ctcc", "bandwidth_id": "bw-1"}
    item.update(kw)
    return item


def test_a_public_ip_for_a_port_is_created_at_its_site_awaited_then_bound():
    cloud = Cloud(pending_reads=2)
    clock = Clock()
    outcome, result = run(cloud, clock=clock, port="p-1", wait=False)
    assert outcome == "ok" and result["changed"]
    assert cloud.mutating() == [("POST", "/v1/publicips", {"publicip": {"site_id": "site-1"}}),
                                ("PUT", "/v1/publicips/e-1", {"publicip": {"port_id": "p-1"}})]
    # wait: false does not skip the wait a bind needs (IEC.020708): three reads, two sleeps.
    assert clock.sleeps == 2
    assert result["public_ip"]["port_id"] == "p-1" and result["public_ip"]["status"] == "ACTIVE"

    outcome, result = run(cloud, port="p-1")
    assert outcome == "ok" and not result["changed"] and len(cloud.mutating()) == 2


def test_the_bandwidth_goes_beside_the_envelope_and_gives_its_line():
    cloud = Cloud()
    outcome, result = run(cloud, port="p-2", bandwidth="bandwidth-0001", ip_version="4")
    assert outcome == "ok"
    assert cloud.mutating()[0] == ("POST", "/v1/publicips", {
        "publicip": {"site_id": "site-1", "type": "sh_cmcc", "ip_version": "4"}, "bandwidth": {"id": "bw-1"}})
    cloud = Cloud()
    run(cloud, port="p-2", bandwidth_type="share", line="sh_cmcc")
    assert cloud.mutating()[0][2] == {"publicip": {"site_id": "site-1", "type": "sh_cmcc"},
                                      "bandwidth": {"bandwidth_type": "share"}}


def test_create_in_check_mode_shows_site_line_and_port_and_sends_nothing():
    cloud = Cloud()
    outcome, result = run(cloud, check_mode=True, port="p-1", line="sh_cmcc")
    assert outcome == "ok" and result["changed"] and cloud.mutating() == []
    assert dict((k, result["public_ip"][k]) for k in ("site_id", "type", "port_id")) == \
        {"site_id": "site-1", "type": "sh_cmcc", "port_id": "p-1"}


@pytest.mark.parametrize("kw, message", [
    (dict(port="p-1", line="sh_ctcc_v6"), "Site 'shanghai' has no IPv4 line 'sh_ctcc_v6'; its lines are sh_ctcc, "
                                          "sh_cmcc (IEC.020711)."),
    (dict(port="p-9"), "No port has the id 'p-9' (option port)."),
    (dict(port="p-1", site="beijing"), "Port p-1 is at another site than beijing; a public IP binds only to a port "
                                       "at its own site (IEC.020707)."),
    (dict(port="p-1", bandwidth="bw-1", line="sh_ctcc"), "Bandwidth 'bw-1' is on line sh_cmcc, not sh_ctcc."),
    (dict(public_ip_address="122.112.0.200"), "No public IP has the address 122.112.0.200. IEC chooses the address "
                                              "of a new public IP: to create one, give port (and site, line or "
                                              "bandwidth as needed) without public_ip_address."),
])
def test_what_cannot_be_created_fails_before_any_change(kw, message):
    cloud = Cloud()
    outcome, result = run(cloud, **kw)
    assert outcome == "failed" and result["msg"] == message and cloud.mutating() == []


@pytest.mark.parametrize("kw, message", [
    (dict(site="shanghai"), "Give port (the public IP bound to it is managed, and created when there is none), or "
                            "the public IP's id or public_ip_address."),
    (dict(port=""), "Give port (the public IP bound to it is managed, and created when there is none), or the public "
                    "IP's id or public_ip_address."),
    (dict(public_ip_address="2407::1"), "public_ip_address '2407::1' is not an IPv4 address; IEC public IPs are IPv4."),
])
def test_invalid_options_send_no_request(kw, message):
    cloud = Cloud()
    outcome, result = run(cloud, **kw)
    assert outcome == "failed" and result["msg"] == message and cloud.calls == []


def test_found_by_address_wherever_bound_then_unbound_with_an_empty_port():
    cloud = Cloud([eip()])
    outcome, result = run(cloud, public_ip_address="122.112.0.9", port="")
    assert outcome == "ok" and result["changed"]
    assert ("LIST", "/v1/publicips", None) in cloud.calls
    assert cloud.mutating() == [("PUT", "/v1/publicips/e-9", {"publicip": {"port_id": ""}})]
    assert result["diff"]["before"]["port_id"] == "p-1" and result["public_ip"]["port_id"] is None

    outcome, result = run(cloud, public_ip_address="122.112.0.9", port="")
    assert outcome == "ok" and not result["changed"]


def test_the_line_and_site_cannot_change():
    cloud = Cloud([eip()])
    outcome, result = run(cloud, id="e-9", line="sh_cmcc")
    assert outcome == "failed"
    assert result["msg"] == ("Cannot change line of public IP 122.112.0.9 from 'sh_ctcc' to 'sh_cmcc': IEC does not "
                             "allow it. Delete it and create it again to change that.")
    outcome, result = run(cloud, id="e-9", ip_version="4", site="site-1")
    assert outcome == "ok" and not result["changed"]


def test_release_waits_for_a_new_public_ip_and_unbinds_it_first():
    cloud = Cloud([eip(status="PENDING_CREATE", port_id=None)], pending_reads=1)
    outcome, result = run(cloud, id="e-9", state="absent")
    assert outcome == "ok" and result["changed"] and cloud.mutating() == [("DELETE", "/v1/publicips/e-9")]

    cloud = Cloud([eip()])
    outcome, result = run(cloud, port="p-1", state="absent")
    assert outcome == "ok" and cloud.mutating() == [("PUT", "/v1/publicips/e-9", {"publicip": {"port_id": ""}}),
                                                    ("DELETE", "/v1/publicips/e-9")]


def test_info_filters_by_site_on_the_server_and_by_address_and_bandwidth_here():
    cloud = Cloud([eip(), eip(id="e-8", public_ip_address="122.112.0.8", bandwidth_id="bw-2", port_id=None)])

    def info(**kw):
        base = dict(id=None, site=None, port=None, public_ip_address=None, bandwidth=None)
        base.update(kw)
        with pytest.raises(Exited) as exc:
            PublicIpInfo(FakeModule(base), client=cloud).run()
        return [e["id"] for e in exc.value.result["public_ips"]]

    assert info(site="shanghai", bandwidth="bandwidth-0001") == ["e-9"]
    assert ("LIST", "/v1/publicips", {"site_id": "site-1"}) in cloud.calls
    assert info(public_ip_address="122.112.0.8") == ["e-8"]
    assert info(bandwidth="nowhere") == [] and info(id="e-7") == [] and info(id="e-8") == ["e-8"]


class RefusingBind(Cloud):
    def put(self, path, body=None, query=None):
        self.calls.append(("PUT", path, copy.deepcopy(body)))
        raise IecApiError(status=400, error_code="IEC.020601", error_msg="port has a public IP", method="PUT", path=path)


def test_a_created_public_ip_whose_bind_is_refused_is_reported_as_changed():
    # The public IP exists now: changed, and the task says which one (before, the failure reported no change).
    cloud = RefusingBind()
    outcome, result = run(cloud, port="p-1")
    assert outcome == "failed" and result["msg"].startswith("Could not update the public IP of port p-1: ")
    assert result["msg"].endswith("The port may have another public IP already.")
    assert result["changed"] is True and result["public_ip"]["id"] == "e-1"
    assert [c[0] for c in cloud.mutating()] == ["POST", "PUT"]
