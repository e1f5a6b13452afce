"""instance_info: the edge cloud filter by name or id, sent to IEC as edgecloud_id (seed 4.2.1)."""
import pytest

from iec_fakes import FakeClient, run_module

from ansible_collections.huaweicloud.iec.plugins.modules.instance_info import InstanceInfo

PARAMS = dict(id=None, name=None, exact_name=False, status=None, site=None, area=None, province=None, city=None,
              edgecloud=None)
EDGECLOUDS = [{"id": "ec-1", "name": "web"}, {"id": "ec-2", "name": "db"}]
SERVERS = [{"id": "i-1", "name": "web-0001", "edgecloud_id": "ec-1"},
           {"id": "i-2", "name": "web-0001", "edgecloud_id": "ec-1"},
           {"id": "i-3", "name": "db-0001", "edgecloud_id": "ec-2"},
           {"id": "i-4", "name": "lone", "edgecloud_id": ""}]


def servers(query, body, groups):
    want = (query or {}).get("edgecloud_id")
    return {"servers": [s for s in SERVERS if want is None or s["edgecloud_id"] == want]}


def listed(**kw):
    client = FakeClient({"GET /v1/edgeclouds": {"edgeclouds": EDGECLOUDS}, "GET /v1/cloudservers": servers})
    outcome, result, _unused = run_module(InstanceInfo, client, dict(PARAMS, **kw))
    assert outcome == "ok" and result["changed"] is False
    return [i["id"] for i in result["instances"]], client


@pytest.mark.parametrize("edgecloud", ["web", "ec-1"])
def test_edgecloud_by_name_or_id_is_sent_as_its_id(edgecloud):
    ids, client = listed(edgecloud=edgecloud)
    assert ids == ["i-1", "i-2"]
    assert client.calls == [("LIST", "/v1/edgeclouds", None), ("LIST", "/v1/cloudservers", {"edgecloud_id": "ec-1"})]


def test_an_edgecloud_name_nobody_has_lists_nothing_without_listing_instances():
    ids, client = listed(edgecloud="nowhere")
    assert ids == []
    assert client.calls == [("LIST", "/v1/edgeclouds", None)]


def test_no_edgecloud_filter_reads_no_edge_cloud():
    ids, client = listed()
    assert ids == ["i-1", "i-2", "i-3", "i-4"]
    assert client.calls == [("LIST", "/v1/cloudservers", None)]
