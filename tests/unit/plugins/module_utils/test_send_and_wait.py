"""The one send (resource.send_request) and the one wait (resource.Waiting, Wait.outcome) that the engine and the
sets share."""
import pytest

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import Adopted, Wait, Waiting, send_request
from ansible_collections.huaweicloud.iec.plugins.module_utils.sets import Goal
from ansible_collections.huaweicloud.iec.tests.unit.plugins.module_utils.test_resource import FakeClock as Clock


def lost():
    return IecApiError(status=None, error_code=None, error_msg="no answer", method="POST", path="/v1/x", ambiguous=True)


def refused(status=400):
    return IecApiError(status=status, error_code="IEC.1", error_msg="no", method="DELETE", path="/v1/x")


class Script:
    """request() raising or answering what it is given, in turn; records the calls and the applied() calls."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.sent = 0
        self.applied = 0

    def request(self):
        self.sent += 1
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def note(self):
        self.applied += 1


def test_an_answer_is_answered_and_counts_as_applied():
    s = Script({"id": "a"})
    assert send_request(s.request, {}, applied=s.note) == {"id": "a"} and (s.sent, s.applied) == (1, 1)


def test_an_ambiguous_failure_found_by_the_look_up_is_adopted_not_sent_again():
    s = Script(lost())
    answer = send_request(s.request, {}, lookup=lambda: {"id": "a"}, applied=s.note)
    assert isinstance(answer, Adopted) and answer == {"id": "a"} and (s.sent, s.applied) == (1, 1)


@pytest.mark.parametrize("retries, sends", [(0, 2), (1, 2), (3, 4)])
def test_look_ups_that_find_nothing_allow_api_retries_resends_and_nothing_counts_as_applied(retries, sends):
    s = Script(*[lost()] * 10)
    looked = []
    with pytest.raises(IecApiError):
        send_request(s.request, {"api_retries": retries}, lookup=lambda: looked.append(1), applied=s.note)
    assert s.sent == len(looked) == sends and s.applied == 0


def test_an_ambiguous_failure_without_a_look_up_is_final_and_may_have_been_applied():
    s = Script(lost(), {"id": "never"})
    with pytest.raises(IecApiError):
        send_request(s.request, {"api_retries": 5}, applied=s.note)
    assert (s.sent, s.applied) == (1, 1)


def test_a_refusal_is_final_unless_refused_says_nothing_is_left_to_do():
    s = Script(refused(), refused(404))
    with pytest.raises(IecApiError):
        send_request(s.request, {}, lookup=lambda: {"id": "x"}, refused=lambda e: e.status == 404, applied=s.note)
    assert send_request(s.request, {}, refused=lambda e: e.status == 404, applied=s.note) is None
    assert (s.sent, s.applied) == (2, 0)


def test_a_goal_is_a_wait_whose_failed_statuses_end_a_deletion_when_absent():
    deleting = Goal(absent=True, failed=("delFailed",), gone=("DELETED",))
    assert isinstance(deleting, Wait) and deleting.words(deleting.absent) == "be deleted"
    assert [deleting.outcome(r, True) for r in ({"status": "delFailed"}, {"status": "DELETED"}, None,
                                                {"status": "deleting"})] == ["failed", "done", "done", None]
    ready = Goal(ready=("ACTIVE",), failed=("ERROR",))
    assert ready.words() == "become ACTIVE"
    assert [ready.outcome(r, False) for r in ({"status": "ERROR"}, {"status": "ACTIVE"}, {"status": "BUILD"})] == [
        "failed", "done", None]
    # a 404 is a failure (it vanished), unless the resource was created moments ago
    assert ready.outcome(None, False) == "failed" and ready.outcome(None, False, visible_soon=True) is None


def waiting(clock):
    w = Waiting()
    w.fresh = {}
    w._clock, w._sleep = clock, clock.sleep
    return w


def test_the_rounds_read_every_pending_resource_then_sleep_once_with_growing_intervals():
    clock = Clock()
    statuses = {"a": ["BUILD", "ACTIVE"], "b": ["BUILD", "BUILD", "BUILD", "ERROR"]}
    reads = []

    def read(ident):
        reads.append(ident)
        return {"id": ident, "status": statuses[ident].pop(0)}
    done, failed, latest, pending = waiting(clock).await_readings(["a", "b"], Wait(ready=("ACTIVE",), failed=("ERROR",)),
                                                                  read, timeout=600)
    assert list(done) == ["a"] and list(failed) == ["b"] and pending == [] and latest["b"]["status"] == "ERROR"
    assert reads == ["a", "b", "a", "b", "b", "b"] and clock.sleeps == [2.0, 3.0, 4.5]


def test_the_rounds_end_at_the_timeout_with_what_is_pending_and_a_fresh_404_is_not_visible_yet():
    clock = Clock()
    w = waiting(clock)
    w.note_fresh("new")
    done, failed, latest, pending = w.await_readings(["new"], Wait(ready=("ACTIVE",)), lambda ident: None, timeout=10)
    assert (done, failed, pending) == ({}, {}, ["new"]) and latest == {"new": None} and sum(clock.sleeps) == 10
