"""The resource engine against an in-memory fake of IecClient."""

import copy

import pytest

from ansible_collections.huaweicloud.iec.plugins.module_utils import normalize
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError
from ansible_collections.huaweicloud.iec.plugins.module_utils.options import comma_joined
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import (
    ChildList,
    IecInfo,
    IecResource,
    Ref,
    Wait,
    plan_children,
)
from iec_fakes import Exited, Failed, FakeModule


# --- fakes ------------------------------------------------------------------------------------------

def api_error(status, method="GET", path="/", ambiguous=False, code="IEC.000001", msg="boom"):
    return IecApiError(status=status, error_code=code, error_msg=msg, request_id="req-1", method=method,
                       path=path, ambiguous=ambiguous)


class FakeClock:
    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


class FakeClient:
    """Widgets under /v1/widgets ({"widget": ...} envelope) and VPCs under /v1/vpcs."""

    def __init__(self, widgets=(), vpcs=()):
        self.widgets = dict((w["id"], copy.deepcopy(w)) for w in widgets)
        self.vpcs = list(vpcs)
        self.calls = []
        self.faults = []          # (method, exception) consumed in order by the matching method
        self.post_applies = []    # for each faulted POST: whether the fault still created the widget
        self.statuses = {}        # id -> statuses returned by successive GETs
        self.delete_keeps = False
        self.next_id = 1

    def _fault(self, method):
        for i, (m, exc) in enumerate(self.faults):
            if m == method:
                del self.faults[i]
                raise exc

    def _item(self, path):
        return path.rsplit("/", 1)[-1]

    def get(self, path, query=None):
        self.calls.append(("GET", path, None))
        self._fault("GET")
        ident = self._item(path)
        if ident not in self.widgets:
            raise api_error(404, "GET", path, code="IEC.000404")
        if self.statuses.get(ident):
            self.widgets[ident]["status"] = self.statuses[ident].pop(0)
        return {"widget": copy.deepcopy(self.widgets[ident])}

    def list_all(self, path, items_key, query=None):
        self.calls.append(("LIST", path, query))
        self._fault("LIST")
        items = self.vpcs if path == "/v1/vpcs" else list(self.widgets.values())
        if query and "name" in query:
            items = [i for i in items if i.get("name") == query["name"]]
        return copy.deepcopy(items)

    def post(self, path, body=None, query=None):
        self.calls.append(("POST", path, copy.deepcopy(body)))
        widget = dict(body["widget"], id="w%d" % self.next_id, status="BUILD", secret="s3cret")
        self.next_id += 1
        for i, (m, exc) in enumerate(self.faults):
            if m == "POST":
                del self.faults[i]
                if self.post_applies and self.post_applies.pop(0):
                    self.widgets[widget["id"]] = widget
                raise exc
        self.widgets[widget["id"]] = widget
        return {"widget": copy.deepcopy(widget)}

    def put(self, path, body=None, query=None):
        self.calls.append(("PUT", path, copy.deepcopy(body)))
        self._fault("PUT")
        ident = path.split("/")[3]
        self.widgets[ident].update(body["widget"])
        return {"widget": copy.deepcopy(self.widgets[ident])}

    def delete(self, path, query=None):
        self.calls.append(("DELETE", path, None))
        self._fault("DELETE")
        if not self.delete_keeps:
            self.widgets.pop(self._item(path), None)
        return None

    def mutating(self):
        return [c for c in self.calls if c[0] in ("POST", "PUT", "DELETE")]


class Widget(IecResource):
    key = "widget"
    path = "/v1/widgets"
    envelope = "widget"
    list_key = "widgets"
    identity = ("name", "vpc")
    list_query = {"name": "name"}
    references = {"vpc": Ref("/v1/vpcs", "vpcs", field="vpc_id", label="VPC")}
    create_options = ("name", "vpc", "flavor", "size", "tags", "description")
    update_options = ("name", "size", "tags", "description")
    immutable = ("flavor",)
    normalizers = {"tags": normalize.sorted_list, "flavor": normalize.lower}
    returns = ("id", "name", "vpc_id", "flavor", "size", "tags", "description", "status", "secret")
    secret_returns = ("secret",)


class ReplaceableWidget(Widget):
    replace_option = "force"


class WaitingWidget(Widget):
    waiter = Wait(field="status", ready=("ACTIVE",), failed=("ERROR",), reason="fault.message",
                  gone=("DELETED",), absent=True)


VPCS = [{"id": "vpc-1", "name": "edge"}, {"id": "vpc-2", "name": "core"}]


def params(**kw):
    base = dict(id=None, name=None, vpc=None, flavor=None, size=None, tags=None, description=None,
                state="present", force=False, wait=True, wait_timeout=60, rules=None, purge_rules=True)
    base.update(kw)
    return base


def run(cls, client, check_mode=False, clock=None, **kw):
    module = FakeModule(params(**kw), check_mode=check_mode)
    engine = cls(module, client=client)
    if clock:
        engine._clock = clock
        engine._sleep = clock.sleep
    with pytest.raises((Exited, Failed)) as info:
        engine.run()
    if isinstance(info.value, Failed):
        return "failed", info.value.result, module
    return "ok", info.value.result, module


def existing(**kw):
    w = dict(id="w9", name="web", vpc_id="vpc-1", flavor="small", size=1, tags=["b", "a"], description="d",
             status="ACTIVE", secret="old-secret")
    w.update(kw)
    return w


# --- declared checks and views -----------------------------------------------------------------------

def sized(params):
    return "size must be 1 to 8; got %s." % params["size"] if params["size"] is not None and params["size"] > 8 else None


def flavor_words(widget):
    return {"flavor_words": "%s, size %s" % (widget.get("flavor"), widget.get("size"))}


class CheckedWidget(Widget):
    problems = (sized,)
    derived = (flavor_words,)


def test_a_declared_problem_fails_before_any_request():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(CheckedWidget, client, name="web", vpc="edge", size=9)
    assert outcome == "failed" and result["msg"] == "size must be 1 to 8; got 9."
    assert client.calls == []


def test_derived_views_add_their_keys_to_the_result():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(CheckedWidget, client, id="w9")
    assert outcome == "ok" and result["widget"]["flavor_words"] == "small, size 1"
    assert set(result["widget"]) == set(Widget.returns) | {"flavor_words"}


# --- find -------------------------------------------------------------------------------------------

def test_find_by_id_reads_the_item_and_does_not_list():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(Widget, client, id="w9")
    assert outcome == "ok" and not result["changed"]
    assert result["widget"]["id"] == "w9"
    assert [c[0] for c in client.calls] == ["GET"]


def test_unknown_id_fails_rather_than_creating():
    client = FakeClient([], VPCS)
    outcome, result, _unused = run(Widget, client, id="nope", name="web")
    assert outcome == "failed"
    assert result["msg"] == "No widget has the id 'nope'."
    assert client.mutating() == []


def test_find_by_identity_resolves_the_vpc_name_and_filters_on_the_server():
    client = FakeClient([existing(), existing(id="w8", vpc_id="vpc-2")], VPCS)
    outcome, result, _unused = run(Widget, client, name="web", vpc="edge")
    assert outcome == "ok" and result["widget"]["id"] == "w9"
    assert ("LIST", "/v1/widgets", {"name": "web"}) in client.calls


def test_several_matches_fail_listing_their_ids():
    client = FakeClient([existing(), existing(id="w8", vpc_id="vpc-2")], VPCS)
    outcome, result, _unused = run(Widget, client, name="web")
    assert outcome == "failed"
    assert "2 widgets match name='web'" in result["msg"]
    assert "w9, w8" in result["msg"] and "set id to choose one" in result["msg"]


def test_reference_not_found_and_ambiguous_reference_fail_clearly():
    client = FakeClient([], VPCS + [{"id": "vpc-3", "name": "core"}])
    outcome, result, _unused = run(Widget, client, name="web", vpc="nowhere")
    assert outcome == "failed" and result["msg"] == "No VPC has the name or id 'nowhere' (option vpc)."
    outcome, result, _unused = run(Widget, client, name="web", vpc="core")
    assert outcome == "failed"
    assert result["msg"] == "2 VPCs are named 'core' (ids: vpc-2, vpc-3); set vpc to the id of the one you mean."


def test_reference_by_id_is_accepted_and_the_list_is_read_once():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(Widget, client, name="web", vpc="vpc-1", size=1)
    assert outcome == "ok" and not result["changed"]
    assert [c for c in client.calls if c[1] == "/v1/vpcs"] == [("LIST", "/v1/vpcs", None)]


# --- create -----------------------------------------------------------------------------------------

def test_create_sends_only_set_options_in_the_envelope():
    client = FakeClient([], VPCS)
    outcome, result, _unused = run(Widget, client, name="web", vpc="edge", flavor="small")
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [("POST", "/v1/widgets", {"widget": {"name": "web", "vpc_id": "vpc-1",
                                                                     "flavor": "small"}})]
    assert result["widget"]["id"] == "w1"
    assert result["diff"]["before"] == {}
    assert result["diff"]["after"]["name"] == "web"
    assert "secret" not in result["diff"]["after"]
    assert result["widget"]["secret"] == "s3cret"


def test_create_in_check_mode_sends_nothing_and_shows_the_would_be_resource():
    client = FakeClient([], VPCS)
    outcome, result, _unused = run(Widget, client, check_mode=True, name="web", vpc="edge", size=3)
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == []
    assert result["widget"]["name"] == "web" and result["widget"]["vpc_id"] == "vpc-1"
    # The id later tasks of a dry run use for it (resource.planned)
    assert result["widget"]["size"] == 3 and result["widget"]["id"] == "(known after apply: widget 'web')"
    shown = dict(result["widget"])
    del shown["secret"]
    assert result["diff"] == {"before": {}, "after": shown}


def test_ambiguous_post_adopts_the_resource_it_finds():
    client = FakeClient([], VPCS)
    client.faults = [("POST", api_error(None, "POST", "/v1/widgets", ambiguous=True))]
    client.post_applies = [True]
    outcome, result, module = run(Widget, client, name="web", vpc="edge")
    assert outcome == "ok" and result["changed"]
    assert len([c for c in client.calls if c[0] == "POST"]) == 1
    assert result["widget"]["id"] == "w1"
    assert "adopted" in module.warnings[0]


def test_ambiguous_post_that_created_nothing_is_sent_again_once():
    client = FakeClient([], VPCS)
    client.faults = [("POST", api_error(503, "POST", "/v1/widgets", ambiguous=True))]
    client.post_applies = [False]
    outcome, result, _unused = run(Widget, client, name="web", vpc="edge")
    assert outcome == "ok" and result["changed"]
    assert len([c for c in client.calls if c[0] == "POST"]) == 2
    assert list(client.widgets) == ["w2"]


def ambiguous_posts(n):
    return [("POST", api_error(503, "POST", "/v1/widgets", ambiguous=True)) for _unused in range(n)]


def test_ambiguous_post_is_sent_again_after_each_lookup_that_finds_nothing():
    client = FakeClient([], VPCS)
    client.faults = ambiguous_posts(3)
    client.post_applies = [False, False, False]
    outcome, result, _unused = run(Widget, client, name="web", vpc="edge")
    assert outcome == "ok" and result["changed"]
    calls = [c[0] for c in client.calls if c[1] == "/v1/widgets"]
    # the first look-up, then each failed POST followed by a look-up before the next one
    assert calls == ["LIST", "POST", "LIST", "POST", "LIST", "POST", "LIST", "POST"]
    assert list(client.widgets) == ["w4"]


def test_ambiguous_post_is_sent_again_at_most_api_retries_times():
    client = FakeClient([], VPCS)
    client.faults = ambiguous_posts(3)
    client.post_applies = [False, False, False]
    outcome, result, _unused = run(Widget, client, name="web", vpc="edge", api_retries=2)
    assert outcome == "failed"
    assert len([c for c in client.calls if c[0] == "POST"]) == 3
    assert client.widgets == {}
    assert result["msg"].startswith("Could not create widget 'web': ")
    assert result["error"]["status"] == 503


def test_ambiguous_post_is_sent_again_once_even_with_api_retries_0():
    client = FakeClient([], VPCS)
    client.faults = ambiguous_posts(2)
    client.post_applies = [False, False]
    outcome, _unused, _unused = run(Widget, client, name="web", vpc="edge", api_retries=0)
    assert outcome == "failed"
    assert len([c for c in client.calls if c[0] == "POST"]) == 2


def test_the_last_ambiguous_post_is_adopted_when_the_lookup_finds_it():
    client = FakeClient([], VPCS)
    client.faults = ambiguous_posts(2)
    client.post_applies = [False, True]
    outcome, result, module = run(Widget, client, name="web", vpc="edge", api_retries=1)
    assert outcome == "ok" and result["changed"]
    assert len([c for c in client.calls if c[0] == "POST"]) == 2
    assert list(client.widgets) == ["w2"] and result["widget"]["id"] == "w2"
    assert "adopted" in module.warnings[0]


def test_a_clear_post_failure_is_reported_without_lookup_or_retry():
    client = FakeClient([], VPCS)
    client.faults = [("POST", api_error(400, "POST", "/v1/widgets", code="IEC.020101", msg="bad"))]
    client.post_applies = [False]
    outcome, result, _unused = run(Widget, client, name="web", vpc="edge")
    assert outcome == "failed"
    assert [c[0] for c in client.calls].count("POST") == 1
    assert [c[0] for c in client.calls].count("LIST") == 2  # the vpc and the first lookup only
    assert result["error"]["error_code"] == "IEC.020101"


# --- update -----------------------------------------------------------------------------------------

def test_unset_options_are_left_alone():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(Widget, client, name="web", size=1)
    assert outcome == "ok" and not result["changed"]
    assert client.mutating() == []
    assert result["widget"]["description"] == "d"


def test_values_are_compared_after_normalisation():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(Widget, client, name="web", tags=["a", "b"], flavor="SMALL")
    assert outcome == "ok" and not result["changed"]
    assert client.mutating() == []


def test_update_sends_only_the_changed_options_and_fills_diff():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(Widget, client, name="web", size=2, tags=["a", "b"], description="d")
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [("PUT", "/v1/widgets/w9", {"widget": {"size": 2}})]
    assert result["diff"]["before"]["size"] == 1 and result["diff"]["after"]["size"] == 2
    assert "secret" not in result["diff"]["before"]
    assert result["widget"]["size"] == 2


def test_update_in_check_mode_sends_nothing_and_returns_old_values():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(Widget, client, check_mode=True, name="web", size=5)
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == []
    assert result["diff"]["before"]["size"] == 1
    assert result["diff"]["after"]["size"] == 5 and result["widget"]["size"] == 1
    assert client.widgets["w9"]["size"] == 1


def test_immutable_change_is_refused_naming_option_and_values():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(Widget, client, name="web", flavor="large", size=9)
    assert outcome == "failed"
    assert result["msg"] == ("Cannot change flavor of widget 'web' from 'small' to 'large': IEC does not "
                             "allow it. Delete it and create it again to change that.")
    assert client.mutating() == []


def test_immutable_change_without_force_names_the_force_option():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(ReplaceableWidget, client, name="web", flavor="large")
    assert outcome == "failed" and result["msg"].endswith("Set force: true to replace it.")
    assert client.mutating() == []


def test_force_replaces_by_delete_then_create():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(ReplaceableWidget, client, name="web", vpc="edge", flavor="large", force=True)
    assert outcome == "ok" and result["changed"]
    assert [c[:2] for c in client.mutating()] == [("DELETE", "/v1/widgets/w9"), ("POST", "/v1/widgets")]
    assert result["diff"]["before"]["flavor"] == "small" and result["diff"]["after"]["flavor"] == "large"
    assert result["widget"]["id"] == "w1"


def test_force_replace_in_check_mode_sends_nothing():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(ReplaceableWidget, client, check_mode=True, name="web", vpc="edge",
                                   flavor="large", force=True)
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == []
    assert result["diff"]["before"]["flavor"] == "small" and result["widget"]["flavor"] == "small" and result["diff"]["after"]["flavor"] == "large"


# --- delete -----------------------------------------------------------------------------------------

def test_absent_deletes_and_returns_the_last_known_resource():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(Widget, client, name="web", state="absent")
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [("DELETE", "/v1/widgets/w9", None)]
    assert result["widget"]["id"] == "w9"
    assert result["diff"]["after"] == {} and result["diff"]["before"]["id"] == "w9"


def test_absent_in_check_mode_sends_nothing():
    client = FakeClient([existing()], VPCS)
    outcome, result, _unused = run(Widget, client, check_mode=True, name="web", state="absent")
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [] and "w9" in client.widgets


def test_absent_when_missing_is_unchanged():
    client = FakeClient([], VPCS)
    outcome, result, _unused = run(Widget, client, name="web", state="absent")
    assert outcome == "ok" and not result["changed"] and result["widget"] == {}
    assert client.mutating() == []


def test_delete_404_is_verified_with_a_get_and_accepted_when_gone():
    client = FakeClient([existing()], VPCS)
    client.faults = [("DELETE", api_error(404, "DELETE", "/v1/widgets/w9"))]
    client.widgets_after_delete = None
    client.delete_keeps = False
    original_delete = client.delete

    def delete_then_vanish(path, query=None):
        client.widgets.pop("w9", None)
        return original_delete(path, query)

    client.delete = delete_then_vanish
    outcome, result, _unused = run(Widget, client, name="web", state="absent")
    assert outcome == "ok" and result["changed"]
    assert [c[0] for c in client.calls][-2:] == ["DELETE", "GET"]


def test_delete_404_while_the_resource_still_exists_fails():
    client = FakeClient([existing()], VPCS)
    client.faults = [("DELETE", api_error(404, "DELETE", "/v1/widgets/w9", code="IEC.000008"))]
    outcome, result, _unused = run(Widget, client, name="web", state="absent")
    assert outcome == "failed"
    assert result["msg"].startswith("Could not delete widget 'web': ")
    assert result["error"]["error_code"] == "IEC.000008"
    assert [c[0] for c in client.calls][-2:] == ["DELETE", "GET"]


# --- wait -------------------------------------------------------------------------------------------

def test_create_waits_until_ready_polling_the_resource():
    client = FakeClient([], VPCS)
    client.statuses["w1"] = ["BUILD", "BUILD", "ACTIVE"]
    clock = FakeClock()
    outcome, result, _unused = run(WaitingWidget, client, clock=clock, name="web", vpc="edge")
    assert outcome == "ok" and result["widget"]["status"] == "ACTIVE"
    assert [c for c in client.calls if c[0] == "GET"] == [("GET", "/v1/widgets/w1", None)] * 3
    assert len(clock.sleeps) == 2
    assert result["widget"]["secret"] == "s3cret"


def test_wait_fails_with_the_reason_field():
    client = FakeClient([], VPCS)
    client.statuses["w1"] = ["BUILD", "ERROR"]
    original_get = client.get

    def get(path, query=None):
        answer = original_get(path, query)
        answer["widget"]["fault"] = {"message": "no capacity at site"}
        return answer

    client.get = get
    outcome, result, _unused = run(WaitingWidget, client, clock=FakeClock(), name="web", vpc="edge")
    assert outcome == "failed"
    assert result["msg"] == "widget 'web' is ERROR: no capacity at site."
    assert result["widget"]["id"] == "w1"


def test_wait_times_out_at_the_deadline():
    client = FakeClient([], VPCS)
    client.statuses["w1"] = ["BUILD"] * 1000
    clock = FakeClock()
    outcome, result, _unused = run(WaitingWidget, client, clock=clock, name="web", vpc="edge", wait_timeout=30)
    assert outcome == "failed"
    assert result["msg"].startswith("Timed out after 30 seconds waiting for widget 'web' to become ACTIVE; "
                                    "its status is still BUILD.")
    assert clock.now == 1030.0
    gets = len([c for c in client.calls if c[0] == "GET"])
    assert gets == len(clock.sleeps) + 1


def test_wait_false_returns_at_once():
    client = FakeClient([], VPCS)
    outcome, result, _unused = run(WaitingWidget, client, clock=FakeClock(), name="web", vpc="edge", wait=False)
    assert outcome == "ok" and result["widget"]["status"] == "BUILD"
    assert [c for c in client.calls if c[0] == "GET"] == []


def test_absent_waits_until_gone():
    client = FakeClient([existing()], VPCS)
    client.delete_keeps = True
    client.statuses["w9"] = ["ACTIVE", "DELETED"]
    clock = FakeClock()
    outcome, result, _unused = run(WaitingWidget, client, clock=clock, name="web", state="absent")
    assert outcome == "ok" and result["changed"]
    assert len([c for c in client.calls if c[0] == "GET"]) == 2
    assert len(clock.sleeps) == 1


# --- child lists ------------------------------------------------------------------------------------

def rule_key(rule):
    return (rule["protocol"], rule["port"])


def rule_norm(rule):
    return {"protocol": str(rule.get("protocol", "any")).lower(), "port": rule.get("port"),
            "note": rule.get("note")}


def test_plan_adds_and_removes_with_purge():
    plan = plan_children([{"protocol": "TCP", "port": 22}], [{"protocol": "tcp", "port": 80}], rule_key, rule_norm)
    assert plan.adds == [{"protocol": "tcp", "port": 22, "note": None}]
    assert plan.removes == [{"protocol": "tcp", "port": 80, "note": None}]
    assert plan.result == [{"protocol": "tcp", "port": 22, "note": None}]
    assert plan.changed


def test_plan_without_purge_keeps_unlisted_items():
    plan = plan_children([{"protocol": "tcp", "port": 22}], [{"protocol": "tcp", "port": 80}], rule_key,
                         rule_norm, purge=False)
    assert plan.removes == [] and len(plan.adds) == 1
    assert [r["port"] for r in plan.result] == [22, 80]


def test_an_appended_list_plans_new_items_after_those_iec_keeps():
    # A security group's rules, a route table's routes: IEC adds new items last, so check mode shows them there
    # (found by tests/reliability/test_check_mode.py: the check diff listed the new rule first, the run last).
    current = [{"protocol": "tcp", "port": 80}, {"protocol": "tcp", "port": 443}]
    desired = [{"protocol": "tcp", "port": 22}, {"protocol": "tcp", "port": 443}]
    kept = plan_children(desired, current, rule_key, rule_norm, purge=False, appended=True)
    assert [r["port"] for r in kept.result] == [80, 443, 22]
    purged = plan_children(desired, current, rule_key, rule_norm, purge=True, appended=True)
    assert [r["port"] for r in purged.result] == [443, 22]
    assert [r["port"] for r in plan_children(desired, current, rule_key, rule_norm).result] == [22, 443]


def test_plan_is_empty_when_lists_match_after_normalisation():
    plan = plan_children([{"protocol": "TCP", "port": 22}], [{"protocol": "tcp", "port": 22, "note": "x"}],
                         rule_key, rule_norm)
    assert not plan.changed and plan.result == [{"protocol": "tcp", "port": 22, "note": "x"}]


def test_plan_updates_an_item_whose_set_fields_differ():
    plan = plan_children([{"protocol": "tcp", "port": 22, "note": "ssh"}],
                         [{"protocol": "tcp", "port": 22, "note": "old"}], rule_key, rule_norm)
    assert plan.updates == [({"protocol": "tcp", "port": 22, "note": "old"},
                             {"protocol": "tcp", "port": 22, "note": "ssh"})]
    assert plan.adds == [] and plan.removes == []


def test_plan_order_matters_only_when_ordered():
    want = [{"protocol": "tcp", "port": 22}, {"protocol": "tcp", "port": 80}]
    have = list(reversed(want))
    assert not plan_children(want, have, rule_key, rule_norm).changed
    ordered = plan_children(want, have, rule_key, rule_norm, ordered=True)
    assert ordered.changed and [r["port"] for r in ordered.result] == [22, 80]


def test_plan_refuses_duplicate_desired_items():
    with pytest.raises(ValueError, match="more than once"):
        plan_children([{"protocol": "tcp", "port": 22}, {"protocol": "TCP", "port": 22}], [], rule_key, rule_norm)


class RuledWidget(Widget):
    applied = []

    @staticmethod
    def _read(engine, resource):
        return resource.get("rules", [])

    @staticmethod
    def _apply(engine, resource, plan):
        RuledWidget.applied.append(plan)
        widget = engine.client.widgets[resource["id"]]
        widget["rules"] = list(plan.result)

    children = (ChildList("rules", rule_key, _read.__func__, _apply.__func__, normalize=rule_norm,
                          purge_option="purge_rules"),)


def test_engine_applies_child_lists_and_reports_them_in_diff():
    RuledWidget.applied = []
    client = FakeClient([existing(rules=[{"protocol": "tcp", "port": 80, "note": None}])], VPCS)
    outcome, result, _unused = run(RuledWidget, client, name="web", rules=[{"protocol": "tcp", "port": 22}])
    assert outcome == "ok" and result["changed"]
    assert len(RuledWidget.applied) == 1 and client.mutating() == []
    assert client.widgets["w9"]["rules"] == [{"protocol": "tcp", "port": 22, "note": None}]


class FlakyRuledWidget(RuledWidget):
    """Each rule is its own request; the first attempts fail ambiguously after applying `applies` of them."""
    failures = []

    @staticmethod
    def _apply(engine, resource, plan):
        RuledWidget.applied.append(plan)
        widget = engine.client.widgets[resource["id"]]
        for rule in plan.adds:
            if FlakyRuledWidget.failures and FlakyRuledWidget.failures[0] == "fail":
                FlakyRuledWidget.failures.pop(0)
                raise api_error(None, "POST", "/v1/rules", ambiguous=True)
            if FlakyRuledWidget.failures:
                FlakyRuledWidget.failures.pop(0)
            widget.setdefault("rules", []).append(rule)

    children = (ChildList("rules", rule_key, RuledWidget._read, _apply.__func__, normalize=rule_norm,
                          purge_option="purge_rules"),)


def test_engine_plans_a_child_list_again_after_an_ambiguous_failure():
    RuledWidget.applied = []
    FlakyRuledWidget.failures = ["ok", "fail", "fail"]
    client = FakeClient([existing(rules=[])], VPCS)
    wanted = [{"protocol": "tcp", "port": p} for p in (22, 80, 443)]
    outcome, result, _unused = run(FlakyRuledWidget, client, name="web", rules=wanted)
    assert outcome == "ok" and result["changed"]
    # the second plan holds only what the first attempt left undone, and nothing is added twice
    assert [len(p.adds) for p in RuledWidget.applied] == [3, 2, 2]
    assert sorted(r["port"] for r in client.widgets["w9"]["rules"]) == [22, 80, 443]


def test_engine_gives_up_on_a_child_list_after_api_retries():
    RuledWidget.applied = []
    FlakyRuledWidget.failures = ["fail"] * 3
    client = FakeClient([existing(rules=[])], VPCS)
    outcome, result, _unused = run(FlakyRuledWidget, client, name="web", rules=[{"protocol": "tcp", "port": 22}],
                                   api_retries=2)
    assert outcome == "failed" and len(RuledWidget.applied) == 3
    assert result["msg"].startswith("Could not update rules of widget 'web'")


def test_engine_child_lists_in_check_mode_apply_nothing_and_unset_list_is_left_alone():
    RuledWidget.applied = []
    client = FakeClient([existing(rules=[{"protocol": "tcp", "port": 80, "note": None}])], VPCS)
    outcome, result, _unused = run(RuledWidget, client, check_mode=True, name="web", rules=[])
    assert outcome == "ok" and result["changed"] and RuledWidget.applied == []
    outcome, result, _unused = run(RuledWidget, client, name="web")
    assert outcome == "ok" and not result["changed"] and RuledWidget.applied == []


# --- info -------------------------------------------------------------------------------------------

class WidgetInfo(IecInfo):
    key = "widgets"
    label = "widget"
    path = "/v1/widgets"
    response_key = "widget"
    list_key = "widgets"
    id_option = "id"
    list_query = {"name": "name"}
    client_filters = {"vpc": "vpc_id"}
    references = {"vpc": Ref("/v1/vpcs", "vpcs", field="vpc_id", label="VPC")}
    returns = ("id", "name", "vpc_id")


def info(client, **kw):
    module = FakeModule(dict(dict(id=None, name=None, vpc=None), **kw))
    with pytest.raises(Exited) as exc:
        WidgetInfo(module, client=client).run()
    return exc.value.result


def test_info_by_id_and_not_found():
    client = FakeClient([existing()], VPCS)
    assert info(client, id="w9")["widgets"] == [{"id": "w9", "name": "web", "vpc_id": "vpc-1"}]
    assert info(client, id="w0")["widgets"] == []


class WidgetsInVpcs(WidgetInfo):
    """Widgets of several VPCs, and of several zones, each list sent as one comma-separated value."""
    id_option = None
    list_query = dict(name="name", vpcs=("vpc_ids", ",".join), **comma_joined("zones"))
    client_filters = {}
    references = {"vpcs": Ref("/v1/vpcs", "vpcs", field="vpc_ids", label="VPC")}


def test_info_list_options_are_joined_and_a_missing_reference_matches_nothing():
    def run(**kw):
        client = FakeClient([existing()], VPCS)
        module = FakeModule(dict(dict(name=None, vpcs=None, zones=None), **kw))
        with pytest.raises(Exited) as exc:
            WidgetsInVpcs(module, client=client).run()
        return [c for c in client.calls if c[1] == "/v1/widgets"], exc.value.result["widgets"]

    calls = run(vpcs=["edge", "vpc-2"], zones=["a", "b"])[0]
    assert calls == [("LIST", "/v1/widgets", {"vpc_ids": "vpc-1,vpc-2", "zones": "a,b"})]
    # one of the VPCs named does not exist: no widget can be in all of them, and no widget list is read
    assert run(vpcs=["edge", "nowhere"]) == ([], [])
    # empty lists filter nothing and are not sent
    assert run(vpcs=[], zones=[])[0] == [("LIST", "/v1/widgets", None)]


def test_info_filters_server_and_client_side():
    client = FakeClient([existing(), existing(id="w8", vpc_id="vpc-2"), existing(id="w7", name="db")], VPCS)
    assert [w["id"] for w in info(client, name="web", vpc="core")["widgets"]] == ["w8"]
    assert ("LIST", "/v1/widgets", {"name": "web"}) in client.calls
    assert info(client, vpc="nowhere")["widgets"] == []
