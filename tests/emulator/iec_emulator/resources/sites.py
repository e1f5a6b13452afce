"""Edge sites (seed 4.6.1): the deterministic catalog, filtered and paginated."""
from ..pagination import list_body
from ..registry import handler


def _split(v):
    return [x.strip().lower() for x in v.split(",") if x.strip()] if v else []


@handler("list_sites")
def list_sites(ctx):
    q = ctx.query
    areas, provs, cities = _split(q.get("area")), _split(q.get("province")), _split(q.get("city"))
    flavors, vtypes = _split(q.get("flavor")), [v.upper() for v in _split(q.get("volume_type"))]
    out = []
    for entry in ctx.catalog.sites:
        s = entry["site"]
        if q.get("id") and s["id"] != q["id"]:
            continue
        # Seed: area/province/city are case-insensitive and accept several values separated by ','.
        if areas and not ({s["area"].lower(), s["i18n_area"]} & set(areas)):
            continue
        if provs and not ({s["province"].lower(), s["i18n_province"]} & set(provs)):
            continue
        if cities and not ({s["city"].lower(), s["i18n_city"], s["name"].lower()} & set(cities)):
            continue
        if flavors and not all(f in [x.lower() for x in entry["flavors"]] for f in flavors):
            continue
        if vtypes and not all(v in entry["volume_types"] for v in vtypes):
            continue
        out.append(s)
    return list_body("sites", out, q, default_limit=1000)
