"""huaweicloud.iec.metric_info: checks before any request, one batch request, answers matched to the series."""
import pytest

from iec_fakes import Exited, FakeClient, FakeModule, Failed, api_error

from ansible_collections.huaweicloud.iec.plugins.modules.metric_info import MetricInfo

SERVERS = {"servers": [{"id": "srv-a", "name": "web-a"}, {"id": "srv-b", "name": "web-b"}]}
NOW = 1700000000.0


def params(**kw):
    out = dict(instances=["web-a"], metrics=["cpu_util"], namespace=None, dimension="instance_id", period="300",
               filter="average", start=None, end=None)
    out.update(kw)
    return out


def run(client, **kw):
    module = FakeModule(params(**kw))
    with pytest.raises((Exited, Failed)) as exc:
        MetricInfo(module, client=client, wallclock=lambda: NOW).run()
    return ("failed" if isinstance(exc.value, Failed) else "ok"), exc.value.result, module


def answer_backwards(query, body, groups):
    """IEC's answer, in reverse order, points out of order, with the aggregate asked for."""
    out = []
    for m in body["metrics"]:
        value = m["dimensions"][0]["value"]
        out.append({"namespace": m.get("namespace", "SYS.IEC"), "metric_name": m["metric_name"], "unit": "%",
                    "dimensions": m["dimensions"],
                    "datapoints": [{body["filter"]: 2.0, "timestamp": 600000}, {body["filter"]: 1.0, "timestamp": 300000}]
                    if value == "srv-a" else []})
    return out[::-1]


@pytest.mark.parametrize("kw, msg", [
    (dict(start=2000, end=1000), "start (2000) must be before end (1000); both are milliseconds since the epoch."),
    (dict(start=int(NOW * 1000)), "start (%d) must be before end (%d); both are milliseconds since the epoch."
     % (NOW * 1000, NOW * 1000)),
    (dict(instances=["i%d" % i for i in range(26)], metrics=["m%d" % i for i in range(20)]),
     "instances times metrics asks for 520 series; IEC answers at most 500 in one request."),
    (dict(metrics=[""]), "metrics holds an empty name."),
])
def test_bad_options_fail_before_any_request(kw, msg):
    client = FakeClient({"GET /v1/cloudservers": SERVERS})
    outcome, result, _unused = run(client, **kw)
    assert outcome == "failed" and result["msg"] == msg and client.calls == []


def test_one_request_for_every_instance_and_metric_with_answers_matched_back():
    client = FakeClient({"GET /v1/cloudservers": SERVERS, "POST /v1/batch-query-metric-data": answer_backwards})
    outcome, result, _unused = run(client, instances=["web-a", "srv-b"], metrics=["cpu_util", "mem_util"], filter="max",
                                   period="3600", start=1000, namespace="SYS.IEC")
    assert outcome == "ok" and not result.get("changed")
    posts = [c for c in client.calls if c[0] == "POST"]
    assert len(posts) == 1
    body = posts[0][2]
    assert body["period"] == "3600" and body["filter"] == "max" and body["from"] == 1000
    assert body["to"] == int(NOW * 1000)
    assert body["metrics"][0] == {"metric_name": "cpu_util", "namespace": "SYS.IEC",
                                  "dimensions": [{"name": "instance_id", "value": "srv-a"}]}
    assert [(m["instance_id"], m["instance_name"], m["metric_name"]) for m in result["metrics"]] == [
        ("srv-a", "web-a", "cpu_util"), ("srv-a", "web-a", "mem_util"), ("srv-b", None, "cpu_util"),
        ("srv-b", None, "mem_util")]
    assert result["metrics"][0]["datapoints"] == [{"timestamp": 300000, "value": 1.0}, {"timestamp": 600000, "value": 2.0}]
    assert result["metrics"][2]["datapoints"] == []


def test_namespace_and_start_are_sent_only_when_set():
    client = FakeClient({"GET /v1/cloudservers": SERVERS, "POST /v1/batch-query-metric-data": answer_backwards})
    run(client, end=5000)
    body = [c for c in client.calls if c[0] == "POST"][0][2]
    assert "from" not in body and body["to"] == 5000 and "namespace" not in body["metrics"][0]


def test_instances_that_match_nothing_are_left_out_with_a_warning():
    client = FakeClient({"GET /v1/cloudservers": SERVERS, "POST /v1/batch-query-metric-data": answer_backwards})
    outcome, result, module = run(client, instances=["nowhere", "web-b"])
    assert outcome == "ok" and [m["instance_id"] for m in result["metrics"]] == ["srv-b"]
    assert module.warnings == ["No instance has the name or id 'nowhere'; it is left out."]
    client = FakeClient({"GET /v1/cloudservers": SERVERS})
    outcome, result, module = run(client, instances=["nowhere"])
    assert outcome == "ok" and result["metrics"] == [] and client.mutating() == []


def test_a_refusal_is_reported_with_the_error():
    def refuse(query, body, groups):
        raise api_error(400, "IEC.000007", "POST", "/v1/batch-query-metric-data", msg="period is wrong")
    client = FakeClient({"GET /v1/cloudservers": SERVERS, "POST /v1/batch-query-metric-data": refuse})
    outcome, result, _unused = run(client)
    assert outcome == "failed" and result["msg"].startswith("Could not list metrics: ")
    assert result["error"]["error_code"] == "IEC.000007"
