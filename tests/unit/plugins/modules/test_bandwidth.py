"""bandwidth, bandwidth_info and bandwidth_type_info: no creation, resize and rename, deletion refused while
public IPs remain, and the filters."""

import copy

import pytest

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError
from ansible_collections.huaweicloud.iec.plugins.modules.bandwidth import Bandwidth
from ansible_collections.huaweicloud.iec.plugins.modules.bandwidth_info import BandwidthInfo
from ansible_collections.huaweicloud.iec.plugins.modules.bandwidth_type_info import BandwidthTypeInfo
from iec_fakes import Exited, Failed, FakeModule


SITES = [{"id": "site-1", "name": "shanghai"}, {"id": "site-2", "name": "beijing"}]
TYPES = [{"name": "共享带宽", "bandwidth_type": "share", "site_id": "site-1"},
         {"name": "共享带宽", "bandwidth_type": "share", "site_id": "site-2"}]


def bandwidth(**kw):
    item = {"id": "bw-1", "name": "bandwidth-0001", "size": 300, "status": "NORMAL", "share_type": "WHOLE",
            "bandwidth_type": "share", "site_id": "site-1", "pool_id": "sh_ctcc", "publicip_info": []}
    item.update(kw)
    return item


class Cloud:
    def __init__(self, bandwidths=(), error=None):
        self.bandwidths = dict((b["id"], copy.deepcopy(b)) for b in bandwidths)
        self.error = error
        self.calls = []

    def list_all(self, path, items_key, query=None):
        self.calls.append(("LIST", path, query))
        if path == "/v1/bandwidths":
            return [copy.deepcopy(b) for b in self.bandwidths.values()
                    if not query or b["site_id"] == query.get("site_id")]
        if path == "/v1/share-bandwidth-types":
            return [t for t in TYPES if all(t[k] == v for k, v in (query or {}).items())]
        return copy.deepcopy(SITES)

    def get(self, path, query=None):
        self.calls.append(("GET", path))
        ident = path.rsplit("/", 1)[-1]
        if ident not in self.bandwidths:
            raise IecApiError(status=404, error_code="IEC.020811", error_msg="bandwidth is not found", method="GET",
                              path=path)
        return {"bandwidth": copy.deepcopy(self.bandwidths[ident])}

    def put(self, path, body=None, query=None):
        self.calls.append(("PUT", path, copy.deepcopy(body)))
        if self.error:
            raise self.error
        item = self.bandwidths[path.rsplit("/", 1)[-1]]
        item.update(body["bandwidth"])
        return {"bandwidth": copy.deepcopy(item)}

    def delete(self, path, query=None):
        self.calls.append(("DELETE", path))
        del self.bandwidths[path.rsplit("/", 1)[-1]]

    def mutating(self):
        return [c for c in self.calls if c[0] in ("POST", "PUT", "DELETE")]


def run(cloud, check_mode=False, **kw):
    base = dict(id=None, name=None, site=None, size=None, state="present")
    base.update(kw)
    with pytest.raises((Exited, Failed)) as info:
        Bandwidth(FakeModule(base, check_mode), client=cloud).run()
    return ("failed" if isinstance(info.value, Failed) else "ok"), info.value.result


def test_resize_and_rename_in_one_update_then_nothing():
    cloud = Cloud([bandwidth()])
    outcome, result = run(cloud, id="bw-1", name="web", size=500)
    assert outcome == "ok" and result["changed"]
    assert cloud.mutating() == [("PUT", "/v1/bandwidths/bw-1", {"bandwidth": {"name": "web", "size": 500}})]
    assert result["diff"]["before"]["size"] == 300 and result["bandwidth"]["size"] == 500
    outcome, result = run(cloud, name="web", site="shanghai", size=500)
    assert outcome == "ok" and not result["changed"] and len(cloud.mutating()) == 1
    assert ("LIST", "/v1/bandwidths", {"site_id": "site-1"}) in cloud.calls


def test_update_in_check_mode_sends_nothing_and_returns_the_old_size():
    cloud = Cloud([bandwidth()])
    outcome, result = run(cloud, check_mode=True, id="bw-1", size=800)
    assert outcome == "ok" and result["changed"] and cloud.mutating() == []
    assert result["bandwidth"]["size"] == 300 and result["diff"]["after"]["size"] == 800


@pytest.mark.parametrize("check_mode", [False, True])
def test_a_missing_bandwidth_is_never_created(check_mode):
    cloud = Cloud([bandwidth()])
    outcome, result = run(cloud, check_mode=check_mode, name="web", site="beijing", size=500)
    assert outcome == "failed" and cloud.mutating() == []
    assert result["msg"] == ("No bandwidth is named 'web' at site beijing. IEC has no API to create a bandwidth: one "
                             "comes with a public IP (huaweicloud.iec.public_ip with bandwidth_type).")
    outcome, result = run(cloud, check_mode=check_mode, id="bw-9")
    assert outcome == "failed" and result["msg"] == "No bandwidth has the id 'bw-9'."


@pytest.mark.parametrize("kw, message", [
    (dict(name="web"), "Give name and site together to find the bandwidth, or its id (the bandwidth_id of its "
                       "public IPs)."),
    (dict(id="bw-1", size=299), "size must be 300 to 2000 (Mbit/s), got 299."),
    (dict(id="bw-1", size=2001), "size must be 300 to 2000 (Mbit/s), got 2001."),
    (dict(id="bw-1", name=""), "name must be 1 to 64 characters long; it has 0."),
    (dict(id="bw-1", name="n" * 65), "name must be 1 to 64 characters long; it has 65."),
])
def test_invalid_options_send_no_request(kw, message):
    cloud = Cloud([bandwidth()])
    outcome, result = run(cloud, **kw)
    assert outcome == "failed" and result["msg"] == message and cloud.calls == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_deletion_is_refused_while_public_ips_remain(check_mode):
    cloud = Cloud([bandwidth(publicip_info=[{"publicip_id": "e-1", "publicip_address": "122.112.0.2"},
                                            {"publicip_id": "e-2", "publicip_address": ""}])])
    outcome, result = run(cloud, check_mode=check_mode, id="bw-1", state="absent")
    assert outcome == "failed" and cloud.mutating() == []
    assert result["msg"] == ("The bandwidth 'bandwidth-0001' still carries the public IPs 122.112.0.2, e-2; release "
                             "them first (huaweicloud.iec.public_ip, state: absent).")
    assert result["bandwidth"]["id"] == "bw-1"


def test_deletion_of_an_empty_bandwidth_and_of_a_missing_one():
    cloud = Cloud([bandwidth()])
    outcome, result = run(cloud, check_mode=True, name="bandwidth-0001", site="site-1", state="absent")
    assert outcome == "ok" and result["changed"] and cloud.mutating() == []
    outcome, result = run(cloud, name="bandwidth-0001", site="site-1", state="absent")
    assert outcome == "ok" and result["changed"] and cloud.mutating() == [("DELETE", "/v1/bandwidths/bw-1")]
    outcome, result = run(cloud, name="bandwidth-0001", site="site-1", state="absent")
    assert outcome == "ok" and not result["changed"] and result["bandwidth"] == {}


def test_a_frozen_bandwidth_says_what_to_check():
    error = IecApiError(status=400, error_code="IEC.020810", error_msg="bandwidth is FREEZED", method="PUT",
                        path="/v1/bandwidths/bw-1")
    cloud = Cloud([bandwidth(status="FREEZED")], error=error)
    outcome, result = run(cloud, id="bw-1", size=500)
    assert outcome == "failed" and result["error"]["error_code"] == "IEC.020810"
    assert result["msg"].startswith("Could not update bandwidth 'bw-1': ")
    assert result["msg"].endswith("The bandwidth is frozen; check that the account is not in arrears.")


def info(cls, cloud, **kw):
    with pytest.raises(Exited) as exc:
        cls(FakeModule(kw), client=cloud).run()
    return exc.value.result


def test_bandwidth_info_by_id_site_and_name():
    cloud = Cloud([bandwidth(), bandwidth(id="bw-2", name="other"), bandwidth(id="bw-3", site_id="site-2")])
    assert [b["id"] for b in info(BandwidthInfo, cloud, id=None, name="other", site="shanghai")["bandwidths"]] == \
        ["bw-2"]
    assert [b["id"] for b in info(BandwidthInfo, cloud, id="bw-3", name=None, site=None)["bandwidths"]] == ["bw-3"]
    assert info(BandwidthInfo, cloud, id=None, name=None, site="nowhere")["bandwidths"] == []
    assert info(BandwidthInfo, cloud, id="bw-9", name=None, site=None)["bandwidths"] == []


def test_bandwidth_type_info_filters_on_the_server():
    cloud = Cloud()
    result = info(BandwidthTypeInfo, cloud, site="beijing", bandwidth_type="share")
    assert result["bandwidth_types"] == [{"name": "共享带宽", "bandwidth_type": "share", "site_id": "site-2"}]
    assert ("LIST", "/v1/share-bandwidth-types", {"site_id": "site-2", "bandwidth_type": "share"}) in cloud.calls
    assert info(BandwidthTypeInfo, cloud, site=None, bandwidth_type="other")["bandwidth_types"] == []
    assert info(BandwidthTypeInfo, cloud, site="nowhere", bandwidth_type=None)["bandwidth_types"] == []
