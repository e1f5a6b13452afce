"""Check mode as the plan of a whole playbook: references to what earlier tasks would create, and diffs
that show only the changes the run would make."""

from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import ChildList, Ref, is_planned, planned
from ansible_collections.huaweicloud.iec.tests.unit.plugins.module_utils.test_resource import (
    VPCS,
    FakeClient,
    Widget,
    existing,
    run,
)

NEW_VPC = planned("VPC", "edge-new")


def test_placeholders_are_recognised_also_inside_lists_and_dicts():
    assert NEW_VPC == "(known after apply: VPC 'edge-new')"
    assert is_planned(NEW_VPC) and is_planned([NEW_VPC]) and is_planned({"vpc": NEW_VPC})
    assert not is_planned("vpc-1") and not is_planned(["vpc-1"]) and not is_planned(None)


def test_a_missing_reference_in_check_mode_plans_on_the_resource_an_earlier_task_creates():
    client = FakeClient([], VPCS)
    outcome, result, _unused = run(Widget, client, check_mode=True, name="web", vpc="edge-new", flavor="small")
    assert outcome == "ok" and result["changed"]
    assert result["diff"]["after"]["vpc_id"] == NEW_VPC
    # Nothing can be inside a VPC that does not exist yet: no listing of widgets, no request that changes.
    assert [c[1] for c in client.calls] == ["/v1/vpcs"]
    assert client.mutating() == []


class SitedWidget(Widget):
    """A widget whose reference is to the site catalogue (listed from the fake client's VPCs)."""
    references = {"vpc": Ref("/v1/vpcs", "vpcs", field="vpc_id", label="site")}


def test_an_unknown_site_fails_in_check_mode_too_as_no_task_can_create_one():
    client = FakeClient([], VPCS)
    outcome, result, _unused = run(SitedWidget, client, check_mode=True, name="web", vpc="edgee", flavor="small")
    assert outcome == "failed"
    assert result["msg"].startswith("No site has the name or id 'edgee' (option vpc). Did you mean 'edge'?")
    assert client.mutating() == []


def test_a_missing_reference_still_fails_when_not_in_check_mode():
    client = FakeClient([], VPCS)
    outcome, result, _unused = run(Widget, client, name="web", vpc="edge-new", flavor="small")
    assert outcome == "failed" and result["msg"] == "No VPC has the name or id 'edge-new' (option vpc)."
    # A placeholder kept from a check-mode run is no id either.
    outcome, result, _unused = run(Widget, client, name="web", vpc=NEW_VPC, flavor="small")
    assert outcome == "failed" and "No VPC has the name or id" in result["msg"]
    assert client.mutating() == []


def test_a_create_in_check_mode_reports_a_placeholder_id_that_later_tasks_resolve_without_a_request():
    client = FakeClient([], VPCS)
    outcome, result, _unused = run(Widget, client, check_mode=True, name="web", vpc="edge", flavor="small")
    assert result["widget"]["id"] == planned("widget", "web") == result["diff"]["after"]["id"]
    client.calls = []
    outcome, result, _unused = run(Widget, client, check_mode=True, name="db", vpc=NEW_VPC, flavor="small")
    assert outcome == "ok" and result["changed"] and result["widget"]["vpc_id"] == NEW_VPC
    assert client.calls == []


def test_a_task_given_the_placeholder_id_of_an_earlier_task_plans_nothing_more():
    client = FakeClient([], VPCS)
    outcome, result, _unused = run(Widget, client, check_mode=True, id=planned("widget", "web"), size=4)
    assert outcome == "ok" and not result["changed"]
    assert result["widget"] == {"id": planned("widget", "web")}
    assert client.calls == []


class NicWidget(Widget):
    """A child list read in one shape (ports) and shown in another (the resource's nics), like an instance."""
    returns = Widget.returns + ("nics",)
    children = (ChildList("ports", key=lambda p: p["subnet_id"],
                          read=lambda engine, w: [{"subnet_id": n["subnet_id"]} for n in w.get("nics", [])],
                          apply=lambda engine, w, plan: None, result_key="nics",
                          desired=lambda engine, value: [{"subnet_id": s} for s in value]),)


def test_check_mode_update_shows_an_unchanged_child_list_as_it_is():
    # Failed before the fix: diff.after showed the NICs in the shape of the plan, without their addresses.
    nics = [{"subnet_id": "sn-1", "ip_address": "10.0.0.5", "public_ip_address": "1.2.3.4"}]
    client = FakeClient([existing(nics=nics)], VPCS)
    outcome, result, _unused = run(NicWidget, client, check_mode=True, name="web", ports=["sn-1"],
                                   description="new words")
    assert outcome == "ok" and result["changed"] and client.mutating() == []
    before, after = result["diff"]["before"], result["diff"]["after"]
    assert sorted(k for k in before if before[k] != after[k]) == ["description"]
    # A list that does change is planned as before.
    outcome, result, _unused = run(NicWidget, client, check_mode=True, name="web", ports=["sn-1", "sn-2"])
    assert result["changed"] and [n["subnet_id"] for n in result["diff"]["after"]["nics"]] == ["sn-1", "sn-2"]
