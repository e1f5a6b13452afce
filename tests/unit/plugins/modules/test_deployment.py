"""huaweicloud.iec.deployment, deployment_info and edgecloud_info against the fake edge-service API."""
import pytest

from iec_fakes import Exited, FakeClock, FakeModule, api_error, run_module
from edge_fakes import THREE, EdgeCloudApi, coverage, partial_stack, stack

from ansible_collections.huaweicloud.iec.plugins.modules.deployment import Deployment
from ansible_collections.huaweicloud.iec.plugins.modules.deployment_info import DeploymentInfo
from ansible_collections.huaweicloud.iec.plugins.modules.edgecloud import EdgeCloud
from ansible_collections.huaweicloud.iec.plugins.modules.edgecloud_info import EdgeCloudInfo


def params(**kw):
    out = dict(id=None, name=None, edgecloud=None, description=None, stack=None, coverage=None, state="present",
               force=False, wait=True, wait_timeout=600)
    out.update(kw)
    return out


def run(api, check_mode=False, **kw):
    return run_module(Deployment, api, params(**kw), check_mode, clock=FakeClock())


def plan(api, **kw):
    outcome, result, _unused = run(api, name="web", stack=stack(), coverage=coverage(THREE), **kw)
    assert outcome == "ok", result
    return result


def mutations(api):
    return [c[:2] for c in api.mutating()]


def test_bad_options_fail_before_any_request():
    api = EdgeCloudApi()
    outcome, result, _unused = run(api, name="n" * 33)
    assert outcome == "failed" and result["msg"] == "name must be 1 to 32 letters, digits, '-' or '_'; got '%s'." % ("n" * 33)
    outcome, result, _unused = run(api, name="web", stack=partial_stack(nic_num=0))
    assert outcome == "failed" and result["msg"] == "stack.nic_num must be 1 to 8 (NICs per instance); got 0."
    assert api.calls == []


def test_a_plan_is_created_open_and_found_again_without_any_change():
    api = EdgeCloudApi()
    outcome, result, _unused = run(api, check_mode=True, name="web", stack=stack(), coverage=coverage(THREE))
    assert outcome == "ok" and result["changed"] and api.mutating() == []
    assert result["deployment"]["id"] is None and result["deployment"]["name"] == "web"
    created = plan(api, description="d")
    body = api.mutating()[0][2]["edgecloud"]
    assert body["name"] == "web" and body["description"] == "d" and "id" not in body
    assert created["changed"] and created["deployment"]["status"] == "open" and created["deployment"]["id"] == "plan-1"
    assert created["edgecloud"] == {}
    again = plan(api, description="d")
    assert not again["changed"] and again["deployment"]["id"] == "plan-1" and len(api.mutating()) == 1


def test_a_different_plan_is_refused_readably_and_replaced_with_force():
    api = EdgeCloudApi()
    plan(api)
    more = [dict(THREE[0], count=3)] + THREE[1:]
    outcome, result, _unused = run(api, name="web", stack=stack(), coverage=coverage(more))
    assert outcome == "failed"
    assert result["msg"] == ("Cannot change coverage.sites of deployment plan of edge cloud 'web' from beijing 1, wuhan "
                             "1, xian 1 to beijing 1, wuhan 1, xian 3: IEC does not allow it. Set force: true to "
                             "replace it.")
    outcome, result, _unused = run(api, name="web", stack=partial_stack(flavor="c6.large.2"))
    assert outcome == "failed" and result["msg"].startswith(
        "Cannot change stack.flavor of deployment plan of edge cloud 'web' from 's6.small.1' to 'c6.large.2'")
    assert len(api.mutating()) == 1
    outcome, result, _unused = run(api, name="web", stack=stack(), coverage=coverage(more), force=True)
    assert outcome == "ok" and result["changed"]
    assert mutations(api)[1:] == [("DELETE", "/v1/deployments/plan-1"), ("POST", "/v1/deployments")]
    assert result["deployment"]["coverage"]["sites"][0] == {"site": "xian", "count": 3}


def test_execution_deploys_waits_and_is_then_done_by_id_and_by_name():
    api = EdgeCloudApi(polls=2)
    created = plan(api)
    ident = created["deployment"]["id"]
    outcome, result, _unused = run(api, check_mode=True, id=ident, state="executed")
    assert outcome == "ok" and result["changed"] and len(api.mutating()) == 1
    assert result["deployment"]["status"] == "open" and result["diff"]["after"]["status"] == "closed"
    outcome, result, _unused = run(api, id=ident, state="executed")
    assert outcome == "ok" and result["changed"]
    assert mutations(api)[1:] == [("POST", "/v1/deployments/%s/deploy" % ident)]
    assert result["deployment"]["status"] == "closed" and result["deployment"]["edgecloud_id"] == "ec-2"
    assert result["edgecloud"]["status"] == "inService" and result["edgecloud"]["success_num"] == 3
    outcome, result, _unused = run(api, id=ident, state="executed")
    assert outcome == "ok" and not result["changed"] and result["edgecloud"]["id"] == "ec-2"
    outcome, result, _unused = run(api, name="web", stack=stack(), coverage=coverage(THREE), state="executed")
    assert outcome == "ok" and not result["changed"]
    assert result["deployment"]["id"] == ident and result["edgecloud"]["id"] == "ec-2"
    assert len(api.mutating()) == 2


def test_plan_and_execution_in_one_task():
    api = EdgeCloudApi()
    outcome, result, _unused = run(api, check_mode=True, name="web", stack=stack(), coverage=coverage(THREE),
                                   state="executed")
    assert outcome == "ok" and result["changed"] and api.mutating() == []
    assert result["diff"]["after"]["status"] == "closed" and result["diff"]["before"] == {}
    result = plan(api, state="executed")
    assert result["changed"] and mutations(api) == [("POST", "/v1/deployments"),
                                                    ("POST", "/v1/deployments/plan-1/deploy")]
    assert result["deployment"]["status"] == "closed" and result["edgecloud"]["name"] == "web"


def test_a_failed_execution_reports_the_edge_cloud_and_the_plan():
    api = EdgeCloudApi()
    outcome, result, _unused = run(api, name="web-fail-me", stack=stack(), coverage=coverage(THREE), state="executed")
    assert outcome == "failed" and result["changed"]
    assert result["msg"] == "edge cloud 'web-fail-me' is failed: no capacity [IEC.010900] (0 instances created, 3 failed)."
    assert result["edgecloud"]["status"] == "failed" and result["deployment"]["id"] == "plan-1"


def test_an_expansion_plan_takes_the_template_of_the_edge_cloud_and_keeps_its_level():
    api = EdgeCloudApi()
    plan(api, state="executed")
    sent = len(api.mutating())
    grow = coverage([{"site": "xian", "count": 1}])
    outcome, result, _unused = run(api, edgecloud="web", coverage=grow, state="executed")
    assert outcome == "failed" and len(api.mutating()) == sent
    assert result["msg"] == ("To add instances to edge cloud 'web', give stack.admin_pass: IEC masks the password of "
                             "the edge cloud's template, and the new instances need it.")
    outcome, result, _unused = run(api, edgecloud="web", coverage=coverage([{"site": "shaanxi", "count": 1}], level="prov"))
    assert outcome == "failed" and len(api.mutating()) == sent
    assert result["msg"] == "An expansion plan must keep the coverage level of edge cloud 'web' (city); got prov."
    outcome, result, _unused = run(api, edgecloud="ec-2", coverage=grow, stack=partial_stack(admin_pass="Edge-Pass-2025"),
                                   state="executed")
    assert outcome == "ok" and result["changed"]
    body = api.mutating()[sent][2]["edgecloud"]
    assert body["id"] == "ec-2" and "name" not in body
    assert body["stack"]["resources"][0]["image_ref"] == "img-1"
    assert body["stack"]["resources"][0]["admin_pass"] == "Edge-Pass-2025"
    assert mutations(api)[sent + 1][1].endswith("/expand")
    assert result["edgecloud"]["success_num"] == 4 and result["deployment"]["edgecloud_id"] == "ec-2"


def test_site_level_edge_clouds_get_no_expansion_plan():
    api = EdgeCloudApi()
    run(api, name="web", stack=stack(), coverage=coverage([{"site": "guangzhou", "count": 1}], level="site"),
        state="executed")
    sent = len(api.mutating())
    outcome, result, _unused = run(api, edgecloud="web", coverage=coverage([{"site": "guangzhou", "count": 1}], level="site"))
    assert outcome == "failed" and result["msg"] == "IEC cannot expand edge cloud 'web': its coverage is at level site."
    assert len(api.mutating()) == sent


def test_absent_deletes_open_plans_by_name_and_executed_ones_only_by_id():
    api = EdgeCloudApi()
    plan(api)
    outcome, result, _unused = run(api, check_mode=True, name="web", state="absent")
    assert outcome == "ok" and result["changed"] and len(api.mutating()) == 1
    outcome, result, _unused = run(api, name="web", state="absent")
    assert outcome == "ok" and result["changed"] and mutations(api)[-1] == ("DELETE", "/v1/deployments/plan-1")
    outcome, result, _unused = run(api, name="web", state="absent")
    assert outcome == "ok" and not result["changed"] and result["deployment"] == {}
    executed = plan(api, state="executed")
    sent = len(api.mutating())
    outcome, result, _unused = run(api, name="web", state="absent")
    assert outcome == "ok" and not result["changed"] and len(api.mutating()) == sent
    outcome, result, _unused = run(api, id=executed["deployment"]["id"], state="absent")
    assert outcome == "ok" and result["changed"] and mutations(api)[-1][0] == "DELETE"
    outcome, result, _unused = run(api, edgecloud="nowhere", state="absent")
    assert outcome == "ok" and not result["changed"]


def test_an_unknown_plan_id_fails_rather_than_creating():
    api = EdgeCloudApi()
    outcome, result, _unused = run(api, id="plan-9", state="executed")
    assert outcome == "failed" and result["msg"] == "No deployment plan has the id 'plan-9'."
    assert api.mutating() == []


# --- deployment_info --------------------------------------------------------------------------------

def info(cls, api, **kw):
    module = FakeModule(kw)
    with pytest.raises(Exited) as exc:
        cls(module, client=api).run()
    return exc.value.result


def test_deployment_info_tells_open_from_closed_plans():
    api = EdgeCloudApi()
    plan(api, state="executed")
    run(api, name="other", stack=stack(), coverage=coverage(THREE))
    result = info(DeploymentInfo, api, id=None, edgecloud=None, status=None)
    assert [(d["name"], d["status"]) for d in result["deployments"]] == [("web", "closed"), ("other", "open")]
    assert [c[2] for c in api.calls[-2:]] == [None, {"status": "open"}]
    before = len(api.calls)
    result = info(DeploymentInfo, api, id=None, edgecloud="web", status="closed")
    assert [d["edgecloud_id"] for d in result["deployments"]] == ["ec-2"]
    assert result["deployments"][0]["stack"]["image"] == "img-1"
    assert api.calls[before:] == [("LIST", "/v1/edgeclouds", None),
                                  ("LIST", "/v1/deployments", {"edgecloud_id": "ec-2", "status": "closed"})]
    assert info(DeploymentInfo, api, id=None, edgecloud="nowhere", status=None)["deployments"] == []
    assert info(DeploymentInfo, api, id="plan-404", edgecloud=None, status=None)["deployments"] == []


# --- edgecloud_info ---------------------------------------------------------------------------------

def test_edgecloud_info_reads_each_edge_cloud_in_full_and_lists_instances_on_request():
    api = EdgeCloudApi()
    run_module(EdgeCloud, api, dict(name="web", description=None, stack=stack(), coverage=coverage(THREE),
                                    state="present", wait=True, wait_timeout=60), clock=FakeClock())
    result = info(EdgeCloudInfo, api, id=None, name="web", status=None, instances=False)
    ec = result["edgeclouds"][0]
    assert ec["stack"]["flavor"] == "s6.small.1" and "instances" not in ec
    assert ("GET", "/v1/edgeclouds/ec-2", None) in api.calls
    result = info(EdgeCloudInfo, api, id="ec-2", name=None, status=None, instances=True)
    assert [i["city"] for i in result["edgeclouds"][0]["instances"]] == ["xian", "beijing", "wuhan"]
    assert info(EdgeCloudInfo, api, id=None, name=None, status="failed", instances=False)["edgeclouds"] == []
    assert info(EdgeCloudInfo, api, id="ec-404", name=None, status=None, instances=True)["edgeclouds"] == []
    assert info(EdgeCloudInfo, api, id=None, name="nowhere", status=None, instances=False)["edgeclouds"] == []


def test_a_refused_execution_leaves_the_plan_open_and_says_so():
    api = EdgeCloudApi()
    plan(api)
    api.refuse["deploy"] = api_error(400, "IEC.010910", "POST", msg="quota is not enough to deploy")
    outcome, result, _unused = run(api, name="web", state="executed")
    assert outcome == "failed" and result["error"]["error_code"] == "IEC.010910"
    assert result["msg"].endswith("Check huaweicloud.iec.quota_info: IEC added no instance, and the plan stays open.")
    assert mutations(api) == [("POST", "/v1/deployments"), ("POST", "/v1/deployments/plan-1/deploy")]
    assert api.plans["plan-1"]["_open"] and api.clouds == {}
