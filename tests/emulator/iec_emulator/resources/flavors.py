"""Flavors (seed 4.3.1): the catalog's flavors, filtered by name/id and by the sites that offer them
(area, province, city, operator, site_ids: comma-separated lists, case-insensitive), paged by page
number (offset 1 = first page, 0 also means the first page)."""
from ..pagination import list_body
from ..registry import handler


def _csv(value):
    return [v.strip() for v in str(value).split(",") if v.strip()] if value not in (None, "") else []


def sites_matching(catalog, area=None, province=None, city=None, operator=None, site_ids=None):
    """Site ids matching every given location filter (each filter a comma list; any value matches)."""
    filters = {"area": _csv(area), "province": _csv(province), "city": _csv(city)}
    ops = [o.lower() for o in _csv(operator)]
    ids = set(_csv(site_ids))
    out = []
    for s in catalog.sites:
        site = s["site"]
        if ids and site["id"] not in ids:
            continue
        ok = True
        for key, wanted in filters.items():
            if wanted and not any(w.lower() in (site[key].lower(), site["i18n_" + key]) for w in wanted):
                ok = False
                break
        if ok and ops and not any(p["operator"]["name"] in ops for p in site["pools"]):
            ok = False
        if ok:
            out.append(site["id"])
    return out


@handler("list_flavors")
def list_flavors(ctx):
    q = ctx.query
    located = any(q.get(k) not in (None, "") for k in ("area", "province", "city", "operator", "site_ids"))
    offered = None
    if located:
        offered = set()
        for sid in sites_matching(ctx.catalog, q.get("area"), q.get("province"), q.get("city"),
                                  q.get("operator"), q.get("site_ids")):
            offered.update(ctx.catalog.sites_by_id[sid]["flavors"])
    items = []
    for f in ctx.catalog.flavors:
        if q.get("id") and f["id"] != q["id"]:
            continue
        if q.get("name") and f["name"] != q["name"]:
            continue
        if offered is not None and f["id"] not in offered:
            continue
        items.append(dict(f, os_extra_specs=dict(f["os_extra_specs"])))
    return list_body("flavors", items, q, default_limit=1000, kind="page")
