"""Engine features added for port and public_ip: setters (options changed through a request of their own,
such as a bandwidth attach) and create_request (a POST body with more than the envelope)."""

from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import Wait
from ansible_collections.huaweicloud.iec.tests.unit.plugins.module_utils.test_resource import (
    VPCS,
    FakeClient,
    Widget,
    api_error,
    existing,
    run,
)


class SetterClient(FakeClient):
    """Also answers POST /v1/widgets/{id}/flavor/attach, which sets a widget's flavor."""

    def post(self, path, body=None, query=None):
        if not path.endswith("/flavor/attach"):
            return super(SetterClient, self).post(path, body, query)
        self.calls.append(("POST", path, body))
        self._fault("POST")
        self.widgets[path.split("/")[3]]["flavor"] = body["flavor"]
        return {}


def attach_flavor(engine, resource, value):
    engine.client.post("/v1/widgets/%s/flavor/attach" % resource["id"], body={"flavor": value})


class SetterWidget(Widget):
    update_options = ("name", "size", "tags", "description", "flavor")
    immutable = ()
    setters = {"flavor": attach_flavor}


class LateSetterWidget(SetterWidget):
    create_options = ("name", "vpc")
    late_options = ("flavor", "size")


def test_a_setter_option_goes_through_its_own_request_and_the_rest_in_one_update():
    client = SetterClient([existing()], VPCS)
    outcome, result, _module = run(SetterWidget, client, id="w9", size=2, flavor="large")
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [("PUT", "/v1/widgets/w9", {"widget": {"size": 2}}),
                                 ("POST", "/v1/widgets/w9/flavor/attach", {"flavor": "large"})]
    # The resource is read again after a setter, since the update answer predates it.
    assert [c[0] for c in client.calls][-1] == "GET"
    assert result["widget"]["flavor"] == "large" and result["widget"]["size"] == 2
    assert result["diff"]["before"]["flavor"] == "small" and result["diff"]["after"]["flavor"] == "large"


def test_a_setter_alone_sends_no_update_and_an_unchanged_setter_option_sends_nothing():
    client = SetterClient([existing()], VPCS)
    outcome, result, _module = run(SetterWidget, client, id="w9", flavor="large")
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [("POST", "/v1/widgets/w9/flavor/attach", {"flavor": "large"})]

    client = SetterClient([existing()], VPCS)
    outcome, result, _module = run(SetterWidget, client, id="w9", flavor="SMALL")
    assert outcome == "ok" and not result["changed"] and client.mutating() == []


def test_a_setter_in_check_mode_sends_nothing():
    client = SetterClient([existing()], VPCS)
    outcome, result, _module = run(SetterWidget, client, check_mode=True, id="w9", flavor="large")
    assert outcome == "ok" and result["changed"] and client.mutating() == []
    assert result["widget"]["flavor"] == "small" and result["diff"]["after"]["flavor"] == "large"


def test_a_late_setter_option_is_applied_after_the_create_by_its_own_request():
    client = SetterClient([], VPCS)
    outcome, result, _module = run(LateSetterWidget, client, name="web", vpc="edge", flavor="large", size=4)
    assert outcome == "ok" and result["changed"]
    assert [c[:2] for c in client.mutating()] == [
        ("POST", "/v1/widgets"), ("PUT", "/v1/widgets/w1"), ("POST", "/v1/widgets/w1/flavor/attach")]
    assert client.mutating()[1][2] == {"widget": {"size": 4}}
    assert result["widget"]["flavor"] == "large"


def test_a_failing_setter_names_the_option_in_the_message():
    def refuse(engine, resource, value):
        raise api_error(400, "POST", "/v1/widgets/w9/flavor/attach", code="IEC.020613", msg="only ipv6")

    class Refusing(SetterWidget):
        setters = {"flavor": refuse}

    client = SetterClient([existing()], VPCS)
    outcome, result, _module = run(Refusing, client, id="w9", flavor="large")
    assert outcome == "failed" and result["msg"].startswith("Could not update flavor of widget 'w9': ")
    assert result["error"]["error_code"] == "IEC.020613"


class PairWidget(Widget):
    """A create request that carries a second object beside the envelope."""

    create_options = ("name", "vpc", "size")

    def create_request(self, body):
        size = body.pop("size", None)
        request = {"widget": body}
        if size is not None:
            request["sizing"] = {"size": size}
        return request


class PairClient(FakeClient):
    def post(self, path, body=None, query=None):
        answer = super(PairClient, self).post(path, body, query)
        ident = answer["widget"]["id"]
        self.widgets[ident]["size"] = (body.get("sizing") or {}).get("size")
        answer["widget"]["size"] = self.widgets[ident]["size"]
        return answer


def test_create_request_shapes_the_post_while_check_mode_shows_the_flat_body():
    client = PairClient([], VPCS)
    outcome, result, _module = run(PairWidget, client, name="web", vpc="edge", size=3)
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [("POST", "/v1/widgets", {"widget": {"name": "web", "vpc_id": "vpc-1"},
                                                          "sizing": {"size": 3}})]
    assert result["widget"]["size"] == 3

    client = PairClient([], VPCS)
    outcome, result, _module = run(PairWidget, client, check_mode=True, name="web", vpc="edge", size=3)
    assert outcome == "ok" and client.mutating() == []
    assert result["widget"]["size"] == 3 and result["widget"]["vpc_id"] == "vpc-1"


def test_create_request_is_used_for_the_second_post_after_an_ambiguous_failure():
    class Waiting(PairWidget):
        waiter = Wait(ready=("BUILD",))

    client = PairClient([], VPCS)
    client.faults = [("POST", api_error(None, "POST", "/v1/widgets", ambiguous=True))]
    client.post_applies = [False]
    outcome, result, _module = run(Waiting, client, name="web", vpc="edge", size=3)
    assert outcome == "ok"
    posts = [c for c in client.calls if c[0] == "POST"]
    assert len(posts) == 2 and all(p[2]["sizing"] == {"size": 3} for p in posts)


class LateRefWidget(Widget):
    """A reference the create API does not take (a port's security groups): set right after the create."""

    create_options = ("name", "flavor")
    identity = ("name",)
    update_options = ("vpc",)
    late_options = ("vpc",)


def test_a_late_reference_matching_nothing_fails_before_the_create():
    client = FakeClient([], VPCS)
    outcome, result, _module = run(LateRefWidget, client, name="web", vpc="nowhere")
    assert outcome == "failed" and result["msg"] == "No VPC has the name or id 'nowhere' (option vpc)."
    assert client.mutating() == []

    outcome, result, _module = run(LateRefWidget, client, name="web", vpc="core")
    assert outcome == "ok" and [c[0] for c in client.mutating()] == ["POST", "PUT"]
    assert client.mutating()[1][2] == {"widget": {"vpc_id": "vpc-2"}}
