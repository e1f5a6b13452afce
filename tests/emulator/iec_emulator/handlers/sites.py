"""Edge site operations (seed 4.6.1); the filters are in models/sites.py."""
from ..models import sites
from ..pagination import list_body
from ..registry import handler


@handler("list_sites")
def list_sites(ctx):
    q = ctx.query
    out = sites.find(ctx.catalog, q.get("id"), q.get("area"), q.get("province"), q.get("city"), q.get("flavor"),
                     q.get("volume_type"))
    return list_body("sites", out, q, default_limit=1000)
