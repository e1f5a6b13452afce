"""site_info and quota_info: filters sent to IEC, filters applied here, curated results."""
import pytest

from iec_fakes import SITES, FakeClient, run_module

from ansible_collections.huaweicloud.iec.plugins.modules.quota_info import QuotaInfo
from ansible_collections.huaweicloud.iec.plugins.modules.site_info import SiteInfo

SITE_PARAMS = dict(id=None, name=None, area=None, province=None, city=None, operator=None, flavor=None,
                   volume_type=None, status=None)


def sites_client():
    return FakeClient({"GET /v1/sites": {"sites": SITES, "count": len(SITES)}})


def site_names(**kw):
    client = sites_client()
    params = dict(SITE_PARAMS, **kw)
    outcome, result, _unused = run_module(SiteInfo, client, params)
    assert outcome == "ok" and result["changed"] is False
    return [s["name"] for s in result["sites"]], client


def test_site_info_lists_every_site_with_its_operators():
    client = sites_client()
    outcome, result, _unused = run_module(SiteInfo, client, dict(SITE_PARAMS))
    assert [s["name"] for s in result["sites"]] == ["guangzhou", "shanghai", "changsha"]
    assert result["sites"][0]["operators"] == ["chinamobile", "chinatelecom"]
    assert result["sites"][2]["operators"] == []
    assert client.calls == [("LIST", "/v1/sites", None)]


def test_site_info_sends_places_comma_separated():
    _unused, client = site_names(area=["south", "east"], city=["guangzhou"], volume_type=["SAS", "SSD"], flavor="c6")
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
    outcome, result, _unused = run_module(QuotaInfo, client, dict(type=None))
    assert outcome == "ok"
    assert result["quotas"][0] == {"type": "instance", "quota": 5, "used": 2, "available": 3, "min": 0,
                                   "max": 20480}
    assert result["quotas"][1]["available"] == 0   # over quota: never negative
    assert [c[0] for c in client.calls] == ["GET"]


def test_quota_info_filters_by_type():
    client = FakeClient({"GET /v1/edgeclouds/quotas": QUOTAS})
    _unused, result, _unused = run_module(QuotaInfo, client, dict(type=["vpc", "instance", "nothing"]))
    assert [q["type"] for q in result["quotas"]] == ["instance", "vpc"]


def test_quota_info_failure_names_the_error():
    from iec_fakes import api_error

    def refuse(query, body, groups):
        raise api_error(403, "IEC.000005", path="/v1/edgeclouds/quotas")
    client = FakeClient({"GET /v1/edgeclouds/quotas": refuse})
    outcome, result, _unused = run_module(QuotaInfo, client, dict(type=None))
    assert outcome == "failed"
    assert result["msg"].startswith("Could not list quotas: IEC refused GET /v1/edgeclouds/quotas: 403 IEC.000005")
    assert result["error"]["error_code"] == "IEC.000005"


# --- flavor_info, volume_type_info, volume_info -------------------------------------------------------

from ansible_collections.huaweicloud.iec.plugins.modules.flavor_info import FlavorInfo  # noqa: E402
from ansible_collections.huaweicloud.iec.plugins.modules.volume_info import VolumeInfo  # noqa: E402
from ansible_collections.huaweicloud.iec.plugins.modules.volume_type_info import VolumeTypeInfo  # noqa: E402

FLAVORS = {"count": 3, "flavors": [
    {"id": "s6.small.1", "name": "s6.small.1", "vcpus": "1", "ram": 1024, "disk": "40"},
    {"id": "c6.large.2", "name": "c6.large.2", "vcpus": "2", "ram": 4096, "disk": "40"},
    {"id": "c6.xlarge.2", "name": "c6.xlarge.2", "vcpus": "4", "ram": 8192, "disk": "40"},
]}
FLAVOR_PARAMS = dict(id=None, name=None, sites=None, area=None, province=None, city=None, operator=None,
                     min_vcpus=None, min_ram=None)


def flavor_client():
    return FakeClient({"GET /v1/cloudservers/flavors": FLAVORS,
                       "GET /v1/sites": {"sites": SITES, "count": len(SITES)}})


def test_flavor_info_resolves_site_names_and_sends_the_filters():
    client = flavor_client()
    outcome, result, _unused = run_module(FlavorInfo, client, dict(FLAVOR_PARAMS, sites=["guangzhou", "site-sh"],
                                                                   area=["south"], operator=["chinamobile"]))
    assert outcome == "ok"
    assert client.calls[-1] == ("LIST", "/v1/cloudservers/flavors",
                                {"site_ids": "site-gz,site-sh", "area": "south", "operator": "chinamobile"})
    assert result["flavors"][0]["vcpus"] == 1 and result["flavors"][0]["ram"] == 1024


def test_flavor_info_unknown_site_gives_nothing_without_listing_flavors():
    client = flavor_client()
    outcome, result, _unused = run_module(FlavorInfo, client, dict(FLAVOR_PARAMS, sites=["guangzhou", "atlantis"]))
    assert outcome == "ok" and result["flavors"] == []
    assert [c[1] for c in client.calls] == ["/v1/sites"]


def test_flavor_info_minimum_sizes_are_applied_here():
    _unused, result, _unused = run_module(FlavorInfo, flavor_client(), dict(FLAVOR_PARAMS, min_vcpus=2, min_ram=5000))
    assert [f["name"] for f in result["flavors"]] == ["c6.xlarge.2"]


def test_volume_type_info_filters_by_name_and_status():
    client = FakeClient({"GET /v1/cloudvolumes/volume-types": {"volume_types": [
        {"id": "1", "name": "SAS", "status": "normal"}, {"id": "2", "name": "SSD", "status": "sellout"}]}})
    _unused, result, _unused = run_module(VolumeTypeInfo, client, dict(name=None, status="sellout"))
    assert result["volume_types"] == [{"id": "2", "name": "SSD", "status": "sellout"}]
    _unused, result, _unused = run_module(VolumeTypeInfo, client, dict(name="SATA", status=None))
    assert result["volume_types"] == []


VOLUMES = {"count": 2, "volumes": [
    {"id": "v1", "name": "root", "status": "in-use", "size": 40, "attachments": [{"server_id": "i1"}]},
    {"id": "v2", "name": "data", "status": "in-use", "size": 10, "attachments": [{"server_id": "i2"}]},
]}


def test_volume_info_by_id_and_by_instance():
    def show(query, body, groups):
        if groups[0] == "v1":
            return {"volume": VOLUMES["volumes"][0]}
        from iec_fakes import api_error
        raise api_error(404, "IEC.010560")
    client = FakeClient({"GET /v1/cloudvolumes": VOLUMES, "GET /v1/cloudvolumes/{id}": show})
    params = dict(id=None, name=None, status=None, instance=None)
    _unused, result, _unused = run_module(VolumeInfo, client, dict(params, id="v1"))
    assert [v["id"] for v in result["volumes"]] == ["v1"]
    _unused, result, _unused = run_module(VolumeInfo, client, dict(params, id="gone"))
    assert result["volumes"] == []
    _unused, result, _unused = run_module(VolumeInfo, client, dict(params, instance="i2", status="in-use"))
    assert [v["id"] for v in result["volumes"]] == ["v2"]
    assert client.calls[-1] == ("LIST", "/v1/cloudvolumes", {"status": "in-use"})
