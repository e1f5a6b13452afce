"""delete_retry_codes: the DELETE is sent again while IEC answers one of the codes, within wait_timeout."""

from ansible_collections.huaweicloud.iec.tests.unit.plugins.module_utils.test_resource import (
    VPCS,
    FakeClient,
    FakeClock,
    Widget,
    api_error,
    existing,
    run,
)


class RetryingWidget(Widget):
    delete_retry_codes = ("IEC.020113", 409)
    error_hints = {"IEC.020113": "Delete its subnets first."}


def refusals(n, status=409, code="IEC.020113"):
    return [("DELETE", api_error(status, "DELETE", "/v1/widgets/w9", code=code, msg="busy")) for _unused in range(n)]


def test_the_delete_is_sent_again_while_iec_answers_a_retry_code():
    client = FakeClient([existing()], VPCS)
    client.faults = refusals(2)
    clock = FakeClock()
    outcome, result, _unused = run(RetryingWidget, client, clock=clock, id="w9", state="absent")
    assert outcome == "ok" and result["changed"]
    assert [c[0] for c in client.mutating()] == ["DELETE"] * 3
    assert len(clock.sleeps) == 2 and "w9" not in client.widgets


def test_an_http_status_in_the_codes_is_retried_too():
    client = FakeClient([existing()], VPCS)
    client.faults = refusals(1, code="IEC.999999")
    outcome, _result, _unused = run(RetryingWidget, client, clock=FakeClock(), id="w9", state="absent")
    assert outcome == "ok" and [c[0] for c in client.mutating()] == ["DELETE"] * 2


def test_retrying_ends_at_wait_timeout_with_the_error_of_iec():
    client = FakeClient([existing()], VPCS)
    client.faults = refusals(1000)
    clock = FakeClock()
    outcome, result, _unused = run(RetryingWidget, client, clock=clock, id="w9", state="absent", wait_timeout=60)
    assert outcome == "failed" and result["error"]["error_code"] == "IEC.020113"
    assert result["msg"].startswith("Could not delete widget 'w9': IEC refused DELETE /v1/widgets/w9: 409 IEC.020113")
    assert result["msg"].endswith("Delete its subnets first.")
    assert sum(clock.sleeps) == 60 and "w9" in client.widgets


def test_another_code_fails_at_once():
    client = FakeClient([existing()], VPCS)
    client.faults = refusals(1, status=400, code="IEC.020202")
    clock = FakeClock()
    outcome, result, _unused = run(RetryingWidget, client, clock=clock, id="w9", state="absent")
    assert outcome == "failed" and result["error"]["error_code"] == "IEC.020202"
    assert len(client.mutating()) == 1 and clock.sleeps == []


def test_without_codes_nothing_is_retried():
    client = FakeClient([existing()], VPCS)
    client.faults = refusals(1)
    outcome, _result, _unused = run(Widget, client, clock=FakeClock(), id="w9", state="absent")
    assert outcome == "failed" and len(client.mutating()) == 1
