"""Edge sites (seed 4.6.1): the deterministic catalog, filtered.

Public API:
    find(catalog, site_id, area, province, city, flavor, volume_type)   the sites matching the filters
                                        (area/province/city/flavor/volume_type: comma lists, case-insensitive)
"""


def _split(v):
    return [x.strip().lower() for x in v.split(",") if x.strip()] if v else []


def find(catalog, site_id=None, area=None, province=None, city=None, flavor=None, volume_type=None):
    areas, provs, cities = _split(area), _split(province), _split(city)
    flavors, vtypes = _split(flavor), [v.upper() for v in _split(volume_type)]
    out = []
    for entry in catalog.sites:
        s = entry["site"]
        if site_id and s["id"] != site_id:
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
    return out
