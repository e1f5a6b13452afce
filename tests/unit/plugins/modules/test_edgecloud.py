"""huaweicloud.iec.edgecloud: checks before any request, plan + deploy + wait, growth by expansion, refusals
of shrinking, deletion of the instances before the edge cloud."""
import base64
import re

import pytest

from iec_fakes import FakeClock, api_error, lose_first_answer, run_module
from edge_fakes import THREE, EdgeCloudApi, coverage, partial_stack, stack

from ansible_collections.huaweicloud.iec.plugins.modules.edgecloud import EdgeCloud


def params(**kw):
    out = dict(name="web", description=None, stack=None, coverage=None, state="present", wait=True,
               wait_timeout=600)
    out.update(kw)
    return out


def run(api, check_mode=False, **kw):
    return run_module(EdgeCloud, api, params(**kw), check_mode, clock=FakeClock())


def create(api, **kw):
    outcome, result, _unused = run(api, stack=stack(), coverage=coverage(THREE), **kw)
    assert outcome == "ok", result
    return result


@pytest.mark.parametrize("kw, msg", [
    (dict(name="n" * 33), "name must be 1 to 32 letters, digits, '-' or '_'; got '%s'." % ("n" * 33)),
    (dict(description="d" * 256), "description must be at most 255 characters; it has 256."),
    (dict(stack=partial_stack(name="bad name")), "stack.name must be 1 to 48 letters, digits, '-' or '_'; got 'bad name'."),
    (dict(stack=partial_stack(instance_name="x" * 49)),
     "stack.instance_name must be 1 to 48 letters, digits, '-', '_' or '.'; got '%s'." % ("x" * 49)),
    (dict(stack=partial_stack(count=0)),
     "stack.count must be at least 1 (instances per demanded resource group); got 0."),
    (dict(stack=partial_stack(data_volumes=[{"size": 1, "volume_type": "SAS"}] * 3)),
     "stack.data_volumes holds 3 disks; an edge instance takes at most 2."),
    (dict(stack=partial_stack(admin_pass="short1A")), "stack.admin_pass must be 8 to 26 characters long; it has 7."),
    (dict(stack=partial_stack(user_data="x" * 50000)),
     "stack.user_data is 66668 characters once base64-encoded; IEC takes less than 65535."),
    (dict(stack=partial_stack(bandwidth_size=0)), "stack.bandwidth_size must be at least 1 Mbit/s; got 0."),
    (dict(coverage=coverage([{"site": "xian", "count": 0}])),
     "coverage.sites[0].count must be 1 to 10 (resource groups per demand); got 0."),
    (dict(coverage=coverage([])), "coverage.sites is empty; name at least one place with a count."),
    (dict(coverage=coverage([{"site": "east", "count": 1, "pool_id": "x"}], level="area")),
     "coverage.sites[0].pool_id cannot be chosen at level area; IEC takes a line only at level city or site."),
    (dict(coverage=coverage([{"site": "xian", "count": 1, "operator": "cmcc"}, {"site": "xian", "count": 2,
                                                                                "operator": "cmcc"}])),
     "coverage.sites names site 'xian' with operator 'cmcc' twice; give one entry per site and carrier with the "
     "total count."),
])
def test_bad_options_fail_before_any_request(kw, msg):
    api = EdgeCloudApi()
    outcome, result, _unused = run(api, **kw)
    assert outcome == "failed" and result["msg"] == msg
    assert api.calls == []


def test_creation_names_what_is_missing_and_refuses_a_customer_vpc_before_anything_changes():
    api = EdgeCloudApi()
    outcome, result, _unused = run(api, stack=partial_stack(flavor="s6.small.1"), coverage=coverage(THREE))
    assert outcome == "failed"
    assert result["msg"] == ("Edge cloud 'web' does not exist; to create it, give stack.image, stack.vpc, "
                             "stack.root_volume.")
    outcome, result, _unused = run(api, stack=stack(vpc="custom"), coverage=coverage(THREE))
    assert outcome == "failed"
    assert result["msg"].startswith("stack.vpc 'custom' is a CUSTOMER-mode VPC; edge clouds use SYSTEM-mode VPCs only")
    assert api.mutating() == []


def test_creation_sends_one_plan_with_resolved_ids_then_deploys_and_waits():
    api = EdgeCloudApi(polls=2)
    result = create(api, description="three cities")
    plan = api.mutating()[0]
    assert plan[:2] == ("POST", "/v1/deployments")
    body = plan[2]["edgecloud"]
    assert body["name"] == "web" and body["description"] == "three cities"
    template = body["stack"]["resources"][0]
    assert body["stack"]["name"] == "web" and template["name"] == "web" and template["with_prefix"] is False
    assert template["image_ref"] == "img-1" and template["net_config"] == {"vpc_id": "vpc-sys", "nic_num": 1}
    assert template["count"] == 1 and template["admin_pass"] == "Edge-Pass-2024"
    assert body["coverage"] == {"coverage_policy": "centralize", "coverage_level": "city", "coverage_sites": [
        {"site": "xian", "demands": [{"demand_count": 1}]}, {"site": "beijing", "demands": [{"demand_count": 1}]},
        {"site": "wuhan", "demands": [{"demand_count": 1}]}]}
    assert [c[:2] for c in api.mutating()] == [("POST", "/v1/deployments"), ("POST", "/v1/deployments/plan-1/deploy")]
    ec = result["edgecloud"]
    assert result["changed"] and ec["status"] == "inService" and ec["success_num"] == 3
    assert [i["city"] for i in ec["instances"]] == ["xian", "beijing", "wuhan"]
    assert ec["coverage"]["sites"] == [{"site": "xian", "count": 1}, {"site": "beijing", "count": 1},
                                       {"site": "wuhan", "count": 1}]
    assert "Edge-Pass-2024" not in repr(result)
    assert result["diff"]["before"] == {} and result["diff"]["after"]["stack"]["flavor"] == "s6.small.1"


def test_user_data_is_sent_in_base64_and_carriers_and_lines_go_into_the_demands():
    api = EdgeCloudApi()
    run(api, stack=stack(user_data="#!/bin/sh\necho hi\n", bandwidth_size=5, security_groups=["web"]),
        coverage=coverage([{"site": "xian", "count": 2, "operator": "chinamobile", "pool_id": "xian_cmcc"},
                           {"site": "xian", "count": 1, "operator": "chinaunicom"}]))
    body = api.mutating()[0][2]["edgecloud"]
    template = body["stack"]["resources"][0]
    assert base64.b64decode(template["user_data"]).decode() == "#!/bin/sh\necho hi\n"
    assert template["bandwidth"] == {"sharetype": "WHOLE", "size": 5}
    assert template["security_groups"] == [{"id": "sg-1"}]
    assert body["coverage"]["coverage_sites"] == [{"site": "xian", "demands": [
        {"demand_count": 2, "operator": "chinamobile", "pool_id": "xian_cmcc"},
        {"demand_count": 1, "operator": "chinaunicom"}]}]


def test_site_level_coverage_sends_site_ids():
    api = EdgeCloudApi()
    run(api, stack=stack(), coverage=coverage([{"site": "guangzhou", "count": 1}, {"site": "site-sh", "count": 1}],
                                              level="site"))
    sites = api.mutating()[0][2]["edgecloud"]["coverage"]["coverage_sites"]
    assert [s["site"] for s in sites] == ["site-gz", "site-sh"]


def test_check_mode_creation_sends_nothing_and_shows_what_would_be_created():
    api = EdgeCloudApi()
    outcome, result, _unused = run(api, check_mode=True, stack=stack(), coverage=coverage(THREE))
    assert outcome == "ok" and result["changed"] and api.mutating() == []
    ec = result["edgecloud"]
    assert ec["name"] == "web" and ec["instances"] == [] and ec["stack"]["image"] == "img-1"
    assert [s["count"] for s in ec["coverage"]["sites"]] == [1, 1, 1]


def test_a_refused_execution_deletes_its_plan_and_explains():
    api = EdgeCloudApi()
    api.refuse["deploy"] = api_error(400, "IEC.010910", "POST", msg="quota is not enough to deploy")
    outcome, result, _unused = run(api, stack=stack(), coverage=coverage(THREE))
    assert outcome == "failed"
    assert result["msg"] == ("Could not deploy edge cloud 'web': IEC refused POST /: 400 IEC.010910 quota is not "
                             "enough to deploy. Check "
                             "huaweicloud.iec.quota_info: IEC added no instance, and the plan was deleted again.")
    assert result["error"]["error_code"] == "IEC.010910"
    assert [c[:2] for c in api.mutating()] == [("POST", "/v1/deployments"), ("POST", "/v1/deployments/plan-1/deploy"),
                                               ("DELETE", "/v1/deployments/plan-1")]
    assert api.plans == {} and api.clouds == {}


def test_an_ambiguous_execution_is_looked_up_before_it_is_sent_again():
    api = EdgeCloudApi()
    lose_first_answer(api, "POST /v1/deployments/{id}/deploy", applied=True)
    outcome, result, _unused = run(api, stack=stack(), coverage=coverage(THREE))
    assert outcome == "ok" and result["edgecloud"]["status"] == "inService"
    assert len([c for c in api.mutating() if c[1].endswith("/deploy")]) == 1
    assert len(api.clouds) == 1


def test_a_failed_edge_cloud_fails_with_its_reason_and_counts_and_stays_failed():
    api = EdgeCloudApi()
    outcome, result, _unused = run(api, name="web-fail-me", stack=stack(), coverage=coverage(THREE))
    assert outcome == "failed" and result["changed"]
    assert result["msg"] == ("edge cloud 'web-fail-me' is failed: no capacity [IEC.010900] (0 instances created, "
                             "3 failed).")
    assert result["edgecloud"]["fail_reason"]["fail_message"] == "no capacity"
    before = len(api.calls)
    outcome, result, _unused = run(api, name="web-fail-me")
    assert outcome == "failed" and not result["changed"]
    assert result["msg"].endswith("IEC only deletes a failed edge cloud: set state: absent, then create it again.")
    assert api.mutating() == [c for c in api.calls[:before] if c[0] in ("POST", "PUT", "DELETE")]


def test_the_same_definition_again_changes_nothing():
    api = EdgeCloudApi()
    create(api)
    sent = len(api.mutating())
    outcome, result, _unused = run(api, stack=stack(), coverage=coverage(THREE))
    assert outcome == "ok" and not result["changed"] and len(api.mutating()) == sent
    assert len(result["edgecloud"]["instances"]) == 3


def test_growth_expands_by_the_difference_only_then_waits():
    api = EdgeCloudApi()
    create(api)
    grown = [{"site": "xian", "count": 2}, {"site": "beijing", "count": 2}, {"site": "wuhan", "count": 1},
             {"site": "chengdu", "count": 1}]
    outcome, result, _unused = run(api, stack=stack(), coverage=coverage(grown))
    assert outcome == "ok" and result["changed"], result
    plan, expand = api.mutating()[2:]
    assert plan[:2] == ("POST", "/v1/deployments")
    assert re.match(r"^/v1/deployments/plan-\d+/expand$", expand[1])
    body = plan[2]["edgecloud"]
    assert body["id"] == result["edgecloud"]["id"] and "name" not in body
    assert body["coverage"]["coverage_sites"] == [{"site": "xian", "demands": [{"demand_count": 1}]},
                                                  {"site": "beijing", "demands": [{"demand_count": 1}]},
                                                  {"site": "chengdu", "demands": [{"demand_count": 1}]}]
    ec = result["edgecloud"]
    assert ec["status"] == "inService" and len(ec["instances"]) == 6
    assert sorted(i["name"] for i in ec["instances"] if i["city"] == "xian") == ["web-0001", "web-0002"]
    assert result["diff"]["before"]["coverage"]["sites"][0]["count"] == 1
    assert result["diff"]["after"]["coverage"]["sites"][0]["count"] == 2


def test_growth_in_check_mode_sends_nothing_and_returns_the_old_counts():
    api = EdgeCloudApi()
    create(api)
    sent = len(api.mutating())
    outcome, result, _unused = run(api, check_mode=True, stack=stack(),
                                   coverage=coverage([dict(s, count=2) for s in THREE]))
    assert outcome == "ok" and result["changed"] and len(api.mutating()) == sent
    assert [s["count"] for s in result["edgecloud"]["coverage"]["sites"]] == [1, 1, 1]
    assert [s["count"] for s in result["diff"]["after"]["coverage"]["sites"]] == [2, 2, 2]


def test_growth_without_a_stack_reuses_the_template_but_needs_the_masked_password():
    api = EdgeCloudApi()
    create(api)
    sent = len(api.mutating())
    outcome, result, _unused = run(api, coverage=coverage([dict(s, count=2) for s in THREE]))
    assert outcome == "failed" and len(api.mutating()) == sent
    assert result["msg"] == ("To add instances to edge cloud 'web', give stack.admin_pass: IEC masks the password of "
                             "the edge cloud's template, and the new instances need it.")
    outcome, result, _unused = run(api, stack=partial_stack(admin_pass="Edge-Pass-2025"),
                                   coverage=coverage([dict(s, count=2) for s in THREE]))
    assert outcome == "ok" and result["changed"]
    template = api.mutating()[sent][2]["edgecloud"]["stack"]["resources"][0]
    assert template["admin_pass"] == "Edge-Pass-2025" and template["image_ref"] == "img-1"
    assert template["name"] == "web" and template["with_prefix"] is False


@pytest.mark.parametrize("sites, msg", [
    ([{"site": "xian", "count": 1}, {"site": "beijing", "count": 1}],
     "Cannot remove wuhan from edge cloud 'web', which has 1 resource groups there: IEC cannot shrink an edge "
     "cloud. Keep it in coverage.sites, or delete the edge cloud (state: absent) and create it again."),
    ([{"site": "xian", "count": 2}, {"site": "beijing", "count": 1}, {"site": "wuhan", "count": 1}],
     "Cannot shrink edge cloud 'web' at xian from 3 to 2 resource groups: IEC cannot shrink an edge cloud. Delete "
     "it (state: absent) and create it again with the smaller coverage."),
])
def test_shrinking_fails_before_any_change(sites, msg):
    api = EdgeCloudApi()
    run(api, stack=stack(), coverage=coverage([{"site": "xian", "count": 3}, {"site": "beijing", "count": 1},
                                               {"site": "wuhan", "count": 1}]))
    sent = len(api.mutating())
    outcome, result, _unused = run(api, coverage=coverage(sites))
    assert outcome == "failed" and result["msg"] == msg
    assert len(api.mutating()) == sent


def test_site_level_edge_clouds_cannot_grow():
    api = EdgeCloudApi()
    run(api, stack=stack(), coverage=coverage([{"site": "guangzhou", "count": 1}], level="site"))
    sent = len(api.mutating())
    outcome, result, _unused = run(api, check_mode=True, stack=stack(),
                                   coverage=coverage([{"site": "guangzhou", "count": 2}], level="site"))
    assert outcome == "failed" and len(api.mutating()) == sent
    assert result["msg"] == ("Cannot add instances to edge cloud 'web': IEC cannot expand an edge cloud whose coverage "
                             "is at level site. Use level city (or area, prov) for an edge cloud that grows.")


def test_growth_over_several_carriers_is_split_by_the_executed_plans():
    api = EdgeCloudApi()
    two = [{"site": "xian", "count": 1, "operator": "chinamobile"}, {"site": "xian", "count": 2, "operator": "chinaunicom"}]
    run(api, stack=stack(), coverage=coverage(two))
    sent = len(api.mutating())
    more = [{"site": "xian", "count": 3, "operator": "chinamobile"}, {"site": "xian", "count": 2, "operator": "chinaunicom"}]
    outcome, result, _unused = run(api, stack=stack(), coverage=coverage(more))
    assert outcome == "ok" and result["changed"]
    assert ("LIST", "/v1/deployments", {"edgecloud_id": "ec-2", "status": "closed"}) in api.calls
    sites = api.mutating()[sent][2]["edgecloud"]["coverage"]["coverage_sites"]
    assert sites == [{"site": "xian", "demands": [{"demand_count": 2, "operator": "chinamobile"}]}]
    # A carrier asked to go down while the place grows is still a shrink.
    fewer = [{"site": "xian", "count": 1, "operator": "chinamobile"}, {"site": "xian", "count": 5, "operator": "chinaunicom"}]
    sent = len(api.mutating())
    outcome, result, _unused = run(api, stack=stack(), coverage=coverage(fewer))
    assert outcome == "failed" and len(api.mutating()) == sent
    assert result["msg"] == ("Cannot shrink edge cloud 'web' at xian for operator chinamobile from 3 to 1 resource "
                             "groups: IEC cannot shrink an edge cloud.")


def test_growth_over_carriers_that_the_plans_do_not_explain_fails():
    api = EdgeCloudApi()
    two = [{"site": "xian", "count": 1, "operator": "chinamobile"}, {"site": "xian", "count": 2, "operator": "chinaunicom"}]
    run(api, stack=stack(), coverage=coverage(two))
    api.plans.clear()
    sent = len(api.mutating())
    outcome, result, _unused = run(api, stack=stack(), coverage=coverage([dict(d, count=3) for d in two]))
    assert outcome == "failed" and len(api.mutating()) == sent
    assert result["msg"].startswith("Cannot tell how the 3 resource groups of edge cloud 'web' at xian split over")


def test_template_changes_are_refused_and_unreported_fields_are_not_compared():
    api = EdgeCloudApi()
    create(api)
    outcome, result, _unused = run(api, stack=partial_stack(flavor="c6.large.2"))
    assert outcome == "failed"
    assert result["msg"] == ("Cannot change stack.flavor of edge cloud 'web' from 's6.small.1' to 'c6.large.2': IEC "
                             "does not allow it. Delete it and create it again to change that.")
    # The template of this edge cloud has no key pair: asking for one cannot be compared, so nothing happens.
    outcome, result, _unused = run(api, stack=partial_stack(key_name="deploy", with_prefix=False, count=1))
    assert outcome == "ok" and not result["changed"]
    outcome, result, _unused = run(api, coverage=coverage(THREE, level="prov"))
    assert outcome == "failed" and result["msg"].startswith("Cannot change coverage.level of edge cloud 'web' from "
                                                            "'city' to 'prov'")


def test_absent_deletes_the_instances_first_then_the_edge_cloud_and_waits():
    api = EdgeCloudApi()
    create(api)
    sent = len(api.mutating())
    outcome, result, _unused = run(api, check_mode=True, state="absent")
    assert outcome == "ok" and result["changed"] and len(api.mutating()) == sent
    outcome, result, _unused = run(api, state="absent")
    assert outcome == "ok" and result["changed"]
    assert [c[:2] for c in api.mutating()[sent:]] == [("POST", "/v1/cloudservers/delete"), ("DELETE", "/v1/edgeclouds/ec-2")]
    assert len(api.mutating()[sent][2]["servers"]) == 3
    assert api.clouds == {} and api.servers == {}
    assert len(result["edgecloud"]["instances"]) == 3 and result["diff"]["after"] == {}
    outcome, result, _unused = run(api, state="absent")
    assert outcome == "ok" and not result["changed"] and result["edgecloud"] == {}


def test_absent_waits_for_a_busy_edge_cloud_and_reports_a_failed_deletion():
    api = EdgeCloudApi(polls=2)
    outcome, result, _unused = run(api, stack=stack(), coverage=coverage(THREE), wait=False)
    assert outcome == "ok" and result["edgecloud"]["status"] == "creating"
    api.clouds["ec-2"]["_sticky"] = True
    outcome, result, _unused = run(api, state="absent")
    assert outcome == "failed" and result["changed"]
    assert result["msg"] == "edge cloud 'web' is delFailed: IEC gave no reason (0 instances created, 0 failed)."
    reads = [c for c in api.calls if c[1] == "/v1/edgeclouds/ec-2"]
    assert len(reads) >= 2


@pytest.mark.parametrize("applied", [True, False])
def test_a_plan_creation_that_got_no_answer_adopts_the_plan_it_made_or_is_sent_again(applied):
    # The look-up follows every ambiguous plan creation: a plan of the same name and counts is the one it made
    # (no second plan left open); none means it made nothing, so it is sent again.
    api = EdgeCloudApi()
    lose_first_answer(api, "POST /v1/deployments", applied)
    outcome, result, _unused = run(api, stack=stack(), coverage=coverage(THREE))
    assert outcome == "ok" and result["changed"] and result["edgecloud"]["status"] == "inService"
    posts = [c for c in api.mutating() if c[:2] == ("POST", "/v1/deployments")]
    assert len(posts) == (1 if applied else 2) and len(api.plans) == 1 and len(api.clouds) == 1
    assert ("LIST", "/v1/deployments", {"status": "open"}) in api.calls


def test_a_failed_deletion_of_the_edge_cloud_after_its_instances_went_reports_changed():
    api = EdgeCloudApi()
    create(api)

    def refuse(query, body, groups):
        raise api_error(409, "IEC.010002", "DELETE", msg="the edge cloud is busy")
    api.routes["DELETE /v1/edgeclouds/{id}"] = refuse
    outcome, result, _unused = run(api, state="absent")
    assert outcome == "failed" and result["changed"] and api.servers == {}
    assert result["msg"].startswith("Could not delete edge cloud 'web': ")
    assert len(result["edgecloud"]["instances"]) == 3
