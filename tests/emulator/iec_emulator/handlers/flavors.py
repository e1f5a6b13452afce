"""Flavor operations (seed 4.3.1); the filters are in models/flavors.py."""
from ..models import flavors
from ..pagination import list_body
from ..registry import handler


@handler("list_flavors")
def list_flavors(ctx):
    q = ctx.query
    items = flavors.find(ctx.catalog, q.get("id"), q.get("name"), q.get("area"), q.get("province"), q.get("city"),
                         q.get("operator"), q.get("site_ids"))
    return list_body("flavors", items, q, default_limit=1000, kind="page")
