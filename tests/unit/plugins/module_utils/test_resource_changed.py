"""A failure after a mutating request reports changed: true and what exists (issue 12).

Ansible users read `changed` to know that something exists now: a task that created a resource which then
ended in a failed status, or an update whose later request failed, changed the account all the same. Each
test here failed before the engine recorded its mutations (send()): the failures carried no `changed`.
"""

from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import ChildList, Wait
from ansible_collections.huaweicloud.iec.tests.unit.plugins.module_utils.test_resource import (
    VPCS,
    FakeClient,
    FakeClock,
    ReplaceableWidget,
    Widget,
    api_error,
    existing,
    rule_key,
    rule_norm,
    run,
)


class SettlingWidget(Widget):
    waiter = Wait(field="status", ready=("ACTIVE",), failed=("ERROR",), reason="fault.message",
                  gone=("DELETED",), absent=True, delete_failed=("delFailed",))


def refuse_rules(engine, resource, plan):
    engine.client.post("/v1/rules", body={"rules": plan.result})


class RefusedRulesWidget(Widget):
    children = (ChildList("rules", rule_key, lambda engine, widget: widget.get("rules", []), refuse_rules,
                          normalize=rule_norm),)


class RuleRefusingClient(FakeClient):
    def post(self, path, body=None, query=None):
        if path == "/v1/rules":
            self.calls.append(("POST", path, body))
            raise api_error(400, "POST", path, code="IEC.020306", msg="too many rules")
        return super(RuleRefusingClient, self).post(path, body, query)


def test_a_creation_that_ends_in_a_failed_status_reports_changed_and_the_resource():
    client = FakeClient([], VPCS)
    client.statuses = {"w1": ["ERROR"]}
    outcome, result, _unused = run(SettlingWidget, client, clock=FakeClock(), name="web", vpc="edge")
    assert outcome == "failed" and result["msg"].startswith("widget 'web' is ERROR")
    assert result["changed"] is True
    assert result["widget"]["id"] == "w1" and result["widget"]["status"] == "ERROR"


def test_a_creation_whose_wait_times_out_reports_changed_and_the_resource():
    client = FakeClient([], VPCS)
    client.statuses = {"w1": ["BUILD"] * 100}
    outcome, result, _unused = run(SettlingWidget, client, clock=FakeClock(), name="web", vpc="edge", wait_timeout=30)
    assert outcome == "failed" and result["msg"].startswith("Timed out after 30 seconds waiting for widget 'web'")
    assert result["changed"] is True
    assert result["widget"]["id"] == "w1" and result["widget"]["status"] == "BUILD"


def test_an_update_whose_later_request_fails_reports_changed_and_the_updated_resource():
    client = RuleRefusingClient([existing(rules=[])], VPCS)
    outcome, result, _unused = run(RefusedRulesWidget, client, id="w9", size=5, rules=[{"protocol": "tcp", "port": 22}])
    assert outcome == "failed" and result["msg"].startswith("Could not update rules of widget 'w9': ")
    assert [c[0] for c in client.mutating()] == ["PUT", "POST"]
    assert result["changed"] is True
    assert result["widget"]["size"] == 5


def test_a_refused_first_request_changes_nothing():
    client = FakeClient([existing()], VPCS)
    client.faults = [("PUT", api_error(400, "PUT", "/v1/widgets/w9", code="IEC.000400", msg="bad"))]
    outcome, result, _unused = run(Widget, client, id="w9", size=5)
    assert outcome == "failed" and result["msg"].startswith("Could not update widget 'w9': ")
    assert result["changed"] is False and "widget" not in result


def test_a_deletion_that_ends_in_delete_failed_reports_changed():
    client = FakeClient([existing()], VPCS)
    client.delete_keeps = True
    client.statuses = {"w9": ["deleting", "delFailed"]}
    outcome, result, _unused = run(SettlingWidget, client, clock=FakeClock(), id="w9", state="absent")
    assert outcome == "failed" and result["msg"] == "widget 'web' is delFailed."
    assert result["changed"] is True
    assert result["widget"]["status"] == "delFailed"


def test_a_replacement_whose_creation_is_refused_reports_changed():
    client = FakeClient([existing()], VPCS)
    client.faults = [("POST", api_error(400, "POST", "/v1/widgets", code="IEC.000400", msg="flavor sold out"))]
    outcome, result, _unused = run(ReplaceableWidget, client, id="w9", flavor="large", force=True)
    assert outcome == "failed" and result["msg"].startswith("Could not create widget 'w9': ")
    assert [c[0] for c in client.mutating()] == ["DELETE", "POST"]
    # The old one is gone and nothing replaced it: the task changed the account, and reports no resource.
    assert result["changed"] is True and "widget" not in result


def test_a_replacement_adopts_what_an_ambiguous_creation_made_instead_of_posting_twice():
    client = FakeClient([existing()], VPCS)
    client.faults = [("POST", api_error(None, "POST", "/v1/widgets", ambiguous=True))]
    client.post_applies = [True]
    outcome, result, module = run(ReplaceableWidget, client, name="web", vpc="edge", flavor="large", force=True)
    assert outcome == "ok" and result["changed"]
    assert [c[0] for c in client.mutating()] == ["DELETE", "POST"]
    assert result["widget"]["flavor"] == "large" and len(client.widgets) == 1
    assert any("adopted" in w for w in module.warnings)


def test_a_replacement_resends_after_a_look_up_found_nothing():
    client = FakeClient([existing()], VPCS)
    client.faults = [("POST", api_error(503, "POST", "/v1/widgets", ambiguous=True))]
    client.post_applies = [False]
    outcome, result, _unused = run(ReplaceableWidget, client, name="web", vpc="edge", flavor="large", force=True)
    assert outcome == "ok" and result["changed"]
    assert [c[0] for c in client.mutating()] == ["DELETE", "POST", "POST"]
    assert len(client.widgets) == 1


def test_the_failure_words_belong_to_the_request_not_to_a_later_step():
    client = FakeClient([existing()], VPCS)
    client.faults = [("GET", api_error(500, "GET", "/v1/widgets/w9")), ("GET", api_error(500, "GET", "/v1/widgets/w9"))]
    outcome, result, _unused = run(Widget, client, id="w9")
    assert outcome == "failed" and result["msg"].startswith("Could not look up widget 'w9': ")
