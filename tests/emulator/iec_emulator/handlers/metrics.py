"""The SDK-only metric query (iec-api/DIFF.md section 8); the rules are in models/metrics.py."""
from ..models import metrics
from ..registry import handler


@handler("batch_list_metric_data")
def batch_list_metric_data(ctx):
    b = ctx.body
    return metrics.query(ctx.store, b["period"], b["filter"], b["metrics"], b.get("from"), b["to"])
