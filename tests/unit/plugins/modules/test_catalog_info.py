"""site_info and quota_info: filters sent to IEC, filters applied here, curated results."""
import pytest

from compute_fakes import SITES, FakeClient, run_module

from ansible_collections.huaweicloud.iec.plugins.modules.quota_info import QuotaInfo
from ansible_collections.huaweicloud.iec.plugins.modules.site_info import SiteInfo

SITE_PARAMS = dict(id=None, name=None, area=None, province=None, city=None, operator=None, flavor=None,
                   volume_type=None, status=None)


def sites_client():
    return FakeClient({"GET /v1/sites": {"sites": SITES, "count": len(SITES)}})


def site_names(**kw):
    client = sites_client()
    params = dict(SITE_PARAMS, **kw)
    outcome, result, _ = run_module(SiteInfo, client, params)
    assert outcome == "ok" and result["changed"] is False
    return [s["name"] for s in result["sites"]], client


def test_site_info_lists_every_site_with_its_operators():
    client = sites_client()
    outcome, result, _ = run_module(SiteInfo, client, dict(SITE_PARAMS))
    assert [s["name"] for s in result["sites"]] == ["guangzhou", "shanghai", "changsha"]
    assert result["sites"][0]["operators"] == ["chinamobile", "chinatelecom"]
    assert result["sites"][2]["operators"] == []
    assert client.calls == [("LIST", "/v1/sites", None)]


def test_site_info_sends_places_comma_separated():
    _, client = site_names(area=["south", "east"], city=["guangzhou"], volume_type=["SAS", "SSD"], flavor="c6")
    assert client.calls == [("LIST", "/v1/sites", {"area": "south,east", "city": "guangzhou",
                                                   "volume_type": "SAS,SSD", "flavor": "c6"})]


@pytest.mark.parametrize("filters, names", [
    (dict(operator=["chinaunicom"]), ["shanghai"]),
    (dict(operator=["chinamobile", "chinaunicom"]), ["guangzhou", "shanghai"]),
    (dict(status=["Normal", "Obt"]), ["guangzhou", "changsha"]),
    (dict(name="shanghai"), ["shanghai"]),
    (dict(name="nowhere"), []),
    (dict(status=["Offline"]), []),
])
def test_site_info_filters_what_iec_cannot(filters, names):
    assert site_names(**filters)[0] == names


QUOTAS = {"quotas": {"resources": [
    {"type": "instance", "quota": 5, "used": 2, "min": 0, "max": 20480},
    {"type": "vcpu", "quota": 10, "used": 12, "min": 0, "max": 204800},
    {"type": "vpc", "quota": 50, "used": 0, "min": 0, "max": 100000},
]}}


def test_quota_info_returns_limits_use_and_what_is_left():
    client = FakeClient({"GET /v1/edgeclouds/quotas": QUOTAS})
    outcome, result, _ = run_module(QuotaInfo, client, dict(type=None))
    assert outcome == "ok"
    assert result["quotas"][0] == {"type": "instance", "quota": 5, "used": 2, "available": 3, "min": 0,
                                   "max": 20480}
    assert result["quotas"][1]["available"] == 0   # over quota: never negative
    assert [c[0] for c in client.calls] == ["GET"]


def test_quota_info_filters_by_type():
    client = FakeClient({"GET /v1/edgeclouds/quotas": QUOTAS})
    _, result, _ = run_module(QuotaInfo, client, dict(type=["vpc", "instance", "nothing"]))
    assert [q["type"] for q in result["quotas"]] == ["instance", "vpc"]


def test_quota_info_failure_names_the_error():
    from compute_fakes import api_error

    def refuse(query, body, groups):
        raise api_error(403, "IEC.000005", path="/v1/edgeclouds/quotas")
    client = FakeClient({"GET /v1/edgeclouds/quotas": refuse})
    outcome, result, _ = run_module(QuotaInfo, client, dict(type=None))
    assert outcome == "failed"
    assert result["msg"].startswith("Could not list quotas: IEC refused GET /v1/edgeclouds/quotas: 403 IEC.000005")
    assert result["error"]["error_code"] == "IEC.000005"
