"""The SDK-only metric query (iec-api/DIFF.md section 8): POST /v1/batch-query-metric-data.

Instances are named by a dimension whose value is an instance id (the dimension name, e.g.
instance_id, is not checked). For an instance that exists, every aggregation period between `from`
(rounded down to the period, as Cloud Eye does) and `to` gets one data point carrying the requested
aggregation (`filter`); values are a deterministic function of instance id, metric name and timestamp,
so the same query always answers the same numbers. Unknown instances get an empty datapoints list.
The body's documented constraints (period values, filter values, from < to, at most 500 metrics) are
checked with IEC.000007.

Public API:
    PERIODS, FILTERS, MAX_METRICS, MAX_POINTS, UNITS
    value(instance_id, metric, ts, period, how)   the deterministic value of one data point
    query(store, period, how, metrics, start, end)   the answer's list of metrics with their data points
"""
import hashlib

from ..errors import api_error

PERIODS = {"1": 1, "300": 300, "1200": 1200, "3600": 3600, "14400": 14400, "86400": 86400}
FILTERS = ("max", "min", "average", "sum", "variance")
MAX_METRICS = 500
MAX_POINTS = 1440
UNITS = {"cpu_util": "%", "mem_util": "%", "disk_util_inband": "%", "network_incoming_bits_rate": "bit/s",
         "network_outgoing_bits_rate": "bit/s", "disk_read_bytes_rate": "Byte/s", "disk_write_bytes_rate": "Byte/s"}


def _unit(metric):
    if metric in UNITS:
        return UNITS[metric]
    if metric.endswith("_util") or metric.endswith("_usage"):
        return "%"
    if metric.endswith("_rate"):
        return "bit/s" if "bits" in metric else "Byte/s"
    return "Count"


def value(instance_id, metric, ts, period, how):
    h = hashlib.sha256(("%s|%s|%d|%d" % (instance_id, metric, ts, period)).encode()).digest()
    base = int.from_bytes(h[:4], "big") / 2 ** 32          # 0..1
    spread = int.from_bytes(h[4:8], "big") / 2 ** 32 * 0.2  # 0..0.2
    scale = 100.0 if _unit(metric) == "%" else 1000000.0
    avg = round(base * scale * 0.8, 2)
    lo, hi = round(avg * (1 - spread), 2), round(min(avg * (1 + spread), scale), 2)
    return {"max": hi, "min": lo, "average": avg, "sum": round(avg * max(period // 60, 1), 2),
            "variance": round((hi - lo) ** 2 / 12, 2)}[how]


def query(store, period_value, how, metrics, start, end):
    """Data points of each metric between start and end (milliseconds; start None: one period before end)."""
    period = PERIODS.get(str(period_value))
    if period is None:
        raise api_error("IEC.000007", "period must be one of %s" % ", ".join(PERIODS))
    if how not in FILTERS:
        raise api_error("IEC.000007", "filter must be one of %s" % ", ".join(FILTERS))
    if len(metrics) > MAX_METRICS:
        raise api_error("IEC.000007", "at most %d metrics" % MAX_METRICS)
    if start is None:
        start = end - period * 1000
    if start >= end:
        raise api_error("IEC.000007", "from must be less than to")
    step = period * 1000
    first = start - start % step
    stamps = list(range(first, end, step))[-MAX_POINTS:]
    out = []
    for m in metrics:
        name = m.get("metric_name") or ""
        dims = m.get("dimensions") or []
        if not name or not dims:
            raise api_error("IEC.000007", "every metric needs metric_name and dimensions")
        inst = next((store.get("instances", d.get("value")) for d in dims
                     if store.get("instances", d.get("value")) is not None), None)
        points = []
        if inst is not None:
            points = [{how: value(inst["id"], name, ts, period, how), "timestamp": ts} for ts in stamps]
        out.append({"namespace": m.get("namespace") or "SYS.IEC", "metric_name": name,
                    "dimensions": [{"name": d.get("name"), "value": d.get("value")} for d in dims],
                    "unit": _unit(name), "datapoints": points})
    return out
