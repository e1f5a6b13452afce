"""Engine features added for the network modules: late options, read after update, error hints and the
match hook (normalised identity)."""

import copy

from ansible_collections.huaweicloud.iec.plugins.module_utils import normalize
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import Wait
from ansible_collections.huaweicloud.iec.tests.unit.plugins.module_utils.test_resource import (
    VPCS,
    RuledWidget,
    FakeClient,
    Widget,
    api_error,
    existing,
    run,
)


class LateWidget(Widget):
    late_options = ("size",)
    create_options = ("name", "vpc", "flavor", "tags", "description")


class PartialAnswerClient(FakeClient):
    """An update answer that holds only the id and the status, as PUT /v1/subnets/{id} does."""

    def put(self, path, body=None, query=None):
        super(PartialAnswerClient, self).put(path, body, query)
        ident = path.split("/")[3]
        return {"widget": {"id": ident, "status": self.widgets[ident]["status"]}}


class RereadWidget(Widget):
    read_after_update = True


class HintedWidget(Widget):
    error_hints = {"IEC.020113": "Delete its subnets first."}


class CidrWidget(Widget):
    identity = ("description",)
    list_query = {}
    normalizers = {"description": normalize.cidr}


def test_late_options_are_sent_by_an_update_right_after_the_create():
    client = FakeClient([], VPCS)
    outcome, result, _module = run(LateWidget, client, name="web", vpc="edge", size=3)
    assert outcome == "ok" and result["changed"]
    posts = [c for c in client.calls if c[0] == "POST"]
    puts = [c for c in client.calls if c[0] == "PUT"]
    assert "size" not in posts[0][2]["widget"]
    assert puts == [("PUT", "/v1/widgets/w1", {"widget": {"size": 3}})]
    assert result["widget"]["size"] == 3 and result["diff"]["before"] == {}


def test_late_options_unset_or_already_right_send_no_update():
    client = FakeClient([], VPCS)
    run(LateWidget, client, name="web", vpc="edge")
    assert [c[0] for c in client.mutating()] == ["POST"]


def test_late_options_in_check_mode_show_in_the_would_be_resource_and_send_nothing():
    client = FakeClient([], VPCS)
    outcome, result, _module = run(LateWidget, client, check_mode=True, name="web", vpc="edge", size=3)
    assert outcome == "ok" and result["changed"] and client.mutating() == []
    assert result["widget"]["size"] == 3 and result["diff"]["after"]["size"] == 3


def test_late_options_wait_after_their_update():
    class Waiting(LateWidget):
        waiter = Wait(ready=("ACTIVE",), failed=("ERROR",))
        poll_interval = 0

    client = FakeClient([], VPCS)
    client.statuses = {"w1": ["ACTIVE", "BUILD", "ACTIVE"]}
    outcome, result, _module = run(Waiting, client, name="web", vpc="edge", size=3)
    assert outcome == "ok" and result["widget"]["status"] == "ACTIVE"
    kinds = [c[0] for c in client.calls]
    assert kinds.index("PUT") < len(kinds) - 1 and kinds[-1] == "GET"


def test_a_partial_update_answer_is_used_as_is_without_read_after_update():
    client = PartialAnswerClient([existing()], VPCS)
    outcome, result, _module = run(Widget, client, id="w9", size=5)
    assert outcome == "ok" and "name" not in [k for k, v in result["widget"].items() if v is not None]


def test_read_after_update_reads_the_whole_resource_again():
    client = PartialAnswerClient([existing()], VPCS)
    outcome, result, _module = run(RereadWidget, client, id="w9", size=5)
    assert outcome == "ok" and result["changed"]
    assert result["widget"]["name"] == "web" and result["widget"]["size"] == 5
    assert [c[0] for c in client.calls] == ["GET", "PUT", "GET"]


def test_error_hints_add_a_sentence_for_their_code_only():
    client = FakeClient([existing()], VPCS)
    client.faults = [("DELETE", api_error(409, "DELETE", "/v1/widgets/w9", code="IEC.020113",
                                          msg="vpc contains subnets"))]
    outcome, result, _module = run(HintedWidget, client, id="w9", state="absent")
    assert outcome == "failed"
    assert result["msg"] == ("Could not delete widget 'w9': IEC refused DELETE /v1/widgets/w9: 409 IEC.020113 "
                             "vpc contains subnets (request id req-1). Delete its subnets first.")
    assert result["error"]["error_code"] == "IEC.020113"

    client = FakeClient([existing()], VPCS)
    client.faults = [("DELETE", api_error(500, "DELETE", "/v1/widgets/w9", code="IEC.000001"))]
    outcome, result, _module = run(HintedWidget, client, id="w9", state="absent")
    assert outcome == "failed" and result["msg"].endswith("(request id req-1).")


def test_identity_is_matched_after_normalisation():
    client = FakeClient([existing(description="10.0.0.0/24")], VPCS)
    outcome, result, _module = run(CidrWidget, client, check_mode=True, description="10.0.0.7/24")
    assert outcome == "ok" and not result["changed"] and result["widget"]["id"] == "w9"

    class RawCidrWidget(CidrWidget):
        normalizers = {}

    outcome, result, _module = run(RawCidrWidget, client, check_mode=True, description="10.0.0.7/24")
    assert outcome == "ok" and result["changed"] and result["diff"]["before"] == {}


class DefaultRulesClient(FakeClient):
    """Created widgets come with a rule of their own, as IEC's security groups come with egress rules."""

    def post(self, path, body=None, query=None):
        answer = super(DefaultRulesClient, self).post(path, body, query)
        default = [{"protocol": "udp", "port": 0, "note": None}]
        self.widgets[answer["widget"]["id"]]["rules"] = copy.deepcopy(default)
        answer["widget"]["rules"] = default
        return answer


def test_child_lists_of_a_new_resource_purge_what_it_came_with_even_when_the_list_is_empty():
    RuledWidget.applied = []
    client = DefaultRulesClient([], VPCS)
    outcome, result, _module = run(RuledWidget, client, name="web", vpc="edge", rules=[])
    assert outcome == "ok" and result["changed"]
    assert [p.removes for p in RuledWidget.applied] == [[{"protocol": "udp", "port": 0, "note": None}]]
    assert client.widgets["w1"]["rules"] == [] and result["widget"].get("rules") is None

    RuledWidget.applied = []
    client = DefaultRulesClient([], VPCS)
    outcome, result, _module = run(RuledWidget, client, name="web", vpc="edge")
    assert outcome == "ok" and RuledWidget.applied == []
    assert client.widgets["w1"]["rules"] == [{"protocol": "udp", "port": 0, "note": None}]
