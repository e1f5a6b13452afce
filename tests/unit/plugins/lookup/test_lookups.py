import pytest
from ansible.errors import AnsibleLookupError

CHANGSHA = "705da43d-fa20-11ea-9fb2-fa1640495574"
ZHONGSHAN = "6813be76-7322-11ea-9ce0-286ed488d287"
FOSHAN = "8b2d0c11-1a2b-11eb-9ce0-286ed488d287"


# -- resource ---------------------------------------------------------------------------------

def test_resource_lists_a_kind_with_server_and_local_filters(fake_iec, run_lookup):
    result, _unused = run_lookup("resource", "sites", filters={"area": "south", "pools.operator.name": "chinatelecom"})
    assert [s["id"] for s in result] == [FOSHAN]
    (query,) = [q for p, q in fake_iec.seen if p == "/v1/sites"]
    assert query["area"] == "south"
    assert "pools.operator.name" not in query


def test_resource_query_picks_fields(fake_iec, run_lookup):
    result, _unused = run_lookup("resource", "site", query="[?status=='Normal'].name")
    assert sorted(result) == ["changsha", "zhongshan"]

    result, _unused = run_lookup("resource", "sites", query="length(@)")
    assert result == [3]


def test_resource_several_kinds_are_concatenated(fake_iec, run_lookup):
    result, _unused = run_lookup("resource", "sites", "flavors", query="[].id")
    assert len(result) == 3 + 3
    assert fake_iec.paths() == ["/v1/sites", "/v1/cloudservers/flavors"]


def test_resource_on_missing(fake_iec, run_lookup):
    with pytest.raises(AnsibleLookupError, match="No IEC subnets match"):
        run_lookup("resource", "subnets", filters={"vpc_id": "v1"})
    assert fake_iec.seen[-1] == ("/v1/subnets", {"vpc_id": "v1", "limit": "1000", "offset": "0"})

    result, warnings = run_lookup("resource", "subnets", on_missing="warn")
    assert result == [] and len(warnings) == 1 and "subnets" in warnings[0]

    result, warnings = run_lookup("resource", "subnets", on_missing="skip")
    assert result == [] and warnings == []


def test_resource_unknown_kind_fails_before_any_request(fake_iec, run_lookup):
    with pytest.raises(AnsibleLookupError, match="Unknown IEC resource kind 'planets'"):
        run_lookup("resource", "planets")
    assert fake_iec.seen == []


def test_resource_invalid_query_is_reported(fake_iec, run_lookup):
    with pytest.raises(AnsibleLookupError, match="Invalid query"):
        run_lookup("resource", "sites", query="[?")


def test_api_errors_become_lookup_errors(fake_iec, run_lookup, monkeypatch):
    from iec_fakes import http_answer, serve_http

    def forbidden(request, transport):
        return http_answer(403, {"error_code": "IEC.000403", "error_msg": "no permission"})

    serve_http(monkeypatch, forbidden)
    with pytest.raises(AnsibleLookupError, match="huaweicloud.iec.resource: .*403"):
        run_lookup("resource", "vpcs")


# -- site -------------------------------------------------------------------------------------

def test_site_by_place_and_operator(fake_iec, run_lookup):
    result, _unused = run_lookup("site", area=["south"], operator=["chinaunicom"])
    assert [s["id"] for s in result] == [ZHONGSHAN]
    assert fake_iec.seen[0][1]["area"] == "south"


def test_site_places_are_sent_comma_separated(fake_iec, run_lookup):
    result, _unused = run_lookup("site", city=["changsha", "zhongshan"])
    assert [s["name"] for s in result] == ["changsha", "zhongshan"]
    assert fake_iec.seen[0][1]["city"] == "changsha,zhongshan"


def test_site_count_picks_distinct_sites_in_a_stable_order(fake_iec, run_lookup):
    result, _unused = run_lookup("site", count=2)
    assert [s["name"] for s in result] == ["changsha", "foshan"]

    result, _unused = run_lookup("site", count=2, status=["Normal", "Promotion"])
    assert [s["name"] for s in result] == ["changsha", "zhongshan"]


def test_site_count_larger_than_the_matches(fake_iec, run_lookup):
    with pytest.raises(AnsibleLookupError, match="Only 1 IEC site.*area south.*3 asked for"):
        run_lookup("site", area=["south"], status=["Normal"], count=3)
    result, warnings = run_lookup("site", area=["south"], status=["Normal"], count=3, on_missing="warn")
    assert [s["name"] for s in result] == ["zhongshan"] and len(warnings) == 1


def test_site_by_name_or_id(fake_iec, run_lookup):
    result, _unused = run_lookup("site", "zhongshan", CHANGSHA)
    assert [s["name"] for s in result] == ["zhongshan", "changsha"]


def test_site_missing_name(fake_iec, run_lookup):
    with pytest.raises(AnsibleLookupError, match="No IEC site 'atlantis'"):
        run_lookup("site", "atlantis")
    result, warnings = run_lookup("site", "atlantis", "foshan", on_missing="warn")
    assert [s["name"] for s in result] == ["foshan"]
    assert len(warnings) == 1 and "atlantis" in warnings[0]


def test_site_nothing_matches(fake_iec, run_lookup):
    with pytest.raises(AnsibleLookupError, match="No IEC site with area north"):
        run_lookup("site", area=["north"])
    result, warnings = run_lookup("site", area=["north"], on_missing="skip")
    assert result == [] and warnings == []


# -- flavor -----------------------------------------------------------------------------------

def test_flavor_by_name_at_a_city(fake_iec, run_lookup):
    result, _unused = run_lookup("flavor", "c6.large.2", site_ids=[CHANGSHA, ZHONGSHAN], operator=["chinaunicom"])
    assert [f["id"] for f in result] == ["f1"]
    query = fake_iec.seen[0][1]
    assert query["site_ids"] == CHANGSHA + "," + ZHONGSHAN
    assert query["operator"] == "chinaunicom"
    assert query["offset"] == "1"


def test_flavor_by_size(fake_iec, run_lookup):
    result, _unused = run_lookup("flavor", vcpus=4, ram=8192)
    assert [f["name"] for f in result] == ["c6.xlarge.2"]


def test_flavor_missing(fake_iec, run_lookup):
    with pytest.raises(AnsibleLookupError, match="No IEC flavor 'c6.large.2' with operator chinamobile"):
        run_lookup("flavor", "c6.large.2", operator=["chinamobile"])
    result, warnings = run_lookup("flavor", "nope", "c6.xlarge.2", on_missing="warn")
    assert [f["id"] for f in result] == ["f2"] and len(warnings) == 1


# -- image ------------------------------------------------------------------------------------

def test_image_by_name_takes_the_newest_active_one(fake_iec, run_lookup):
    result, _unused = run_lookup("image", "web-v3")
    assert [i["id"] for i in result] == ["7a1e0000-0000-4000-8000-000000000002"]
    assert fake_iec.seen[0][1]["name"] == "web-v3"
    assert fake_iec.seen[0][1]["status"] == "active"


def test_image_by_id_and_filters(fake_iec, run_lookup):
    result, _unused = run_lookup("image", "7a1e0000-0000-4000-8000-000000000004", visibility="public")
    assert [i["name"] for i in result] == ["CentOS 7.6 64bit"]
    query = fake_iec.seen[0][1]
    assert query["id"] == "7a1e0000-0000-4000-8000-000000000004" and query["visibility"] == "public"


def test_image_one_request_per_name(fake_iec, run_lookup):
    result, _unused = run_lookup("image", "web-v3", "CentOS 7.6 64bit")
    assert [i["name"] for i in result] == ["web-v3", "CentOS 7.6 64bit"]
    assert fake_iec.paths() == ["/v1/images", "/v1/images"]


def test_image_missing(fake_iec, run_lookup):
    with pytest.raises(AnsibleLookupError, match="No IEC image 'CentOS 7.6 64bit' with status active, visibility private"):
        run_lookup("image", "CentOS 7.6 64bit", visibility="private")
    result, warnings = run_lookup("image", "gone", "web-v3", on_missing="warn")
    assert [i["name"] for i in result] == ["web-v3"] and len(warnings) == 1
    result, warnings = run_lookup("image", "gone", on_missing="skip")
    assert result == [] and warnings == []


def test_image_without_a_name_fails_before_any_request(fake_iec, run_lookup):
    with pytest.raises(AnsibleLookupError, match="needs the name or id of at least one image"):
        run_lookup("image")
    assert fake_iec.seen == []


def test_resource_leaves_secret_fields_out_at_any_depth(fake_iec, run_lookup):
    fake_iec.lists["/v1/deployments"] = ("deployments", "count", [{
        "id": "dep-1", "resource_opts": {"name": "web", "user_data": "c2VjcmV0", "admin_pass": "******",
                                         "key_name": "k"}}])
    fake_iec.lists["/v1/subnets"] = ("subnets", "count", [{
        "id": "srv-1", "name": "web", "OS-EXT-SRV-ATTR:user_data": "c2VjcmV0",
        "metadata": {"image_name": "Ubuntu", "adminPass": "x"}, "nested": [{"private_key": "PEM", "password": "pw"}]}])
    result, _unused = run_lookup("resource", "deployments", "subnets")
    assert result == [{"id": "dep-1", "resource_opts": {"name": "web", "key_name": "k"}},
                      {"id": "srv-1", "name": "web", "metadata": {"image_name": "Ubuntu"}, "nested": [{}]}]


def test_resource_sends_every_documented_filter_of_the_catalog(fake_iec, run_lookup):
    # A port's security group and fixed IP are list filters of GET /v1/ports: they go to IEC (matched on the
    # answer, a group id never equals the list of groups, and nothing was found).
    fake_iec.lists["/v1/ports"] = ("ports", "count", [{"id": "p1", "security_groups": "sg1"}])
    result, _unused = run_lookup("resource", "ports", filters={"security_groups": "sg1"}, query="[].id")
    assert result == ["p1"]
    assert fake_iec.seen[-1] == ("/v1/ports", {"security_groups": "sg1", "limit": "1000", "offset": "0"})


def test_resource_lists_the_kinds_the_catalog_added(fake_iec, run_lookup):
    fake_iec.lists["/v1/cloudvolumes/volume-types"] = ("volume_types", "count", [{"name": "SAS"}, {"name": "SSD"}])
    fake_iec.lists["/v1/share-bandwidth-types"] = ("share_bandwidth_types", "count", [
        {"id": "b1", "site_id": CHANGSHA, "bandwidth_type": "share"}])
    result, _unused = run_lookup("resource", "volume_type", query="[].name")
    assert result == ["SAS", "SSD"]
    assert fake_iec.seen[-1] == ("/v1/cloudvolumes/volume-types", {})
    result, _unused = run_lookup("resource", "bandwidth_types", filters={"site_id": CHANGSHA}, query="[].id")
    assert result == ["b1"]
    assert fake_iec.seen[-1] == ("/v1/share-bandwidth-types", {"site_id": CHANGSHA, "limit": "1000", "offset": "0"})
