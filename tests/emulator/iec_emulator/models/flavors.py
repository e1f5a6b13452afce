"""Flavors (seed 4.3.1): the catalog's flavors, filtered by name/id and by the sites that offer them
(area, province, city, operator, site_ids: comma-separated lists, case-insensitive), paged by page
number (offset 1 = first page, 0 also means the first page).

Public API:
    sites_matching(catalog, area, province, city, operator, site_ids)   site ids matching every location filter
    find(catalog, flavor_id, name, area, province, city, operator, site_ids)   the flavors, as answered
"""


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


def find(catalog, flavor_id=None, name=None, area=None, province=None, city=None, operator=None, site_ids=None):
    located = any(v not in (None, "") for v in (area, province, city, operator, site_ids))
    offered = None
    if located:
        offered = set()
        for sid in sites_matching(catalog, area, province, city, operator, site_ids):
            offered.update(catalog.sites_by_id[sid]["flavors"])
    items = []
    for f in catalog.flavors:
        if flavor_id and f["id"] != flavor_id:
            continue
        if name and f["name"] != name:
            continue
        if offered is not None and f["id"] not in offered:
            continue
        items.append(dict(f, os_extra_specs=dict(f["os_extra_specs"])))
    return items
