"""The two pagination kinds of the API.

* item offset (most lists): `offset` = number of items to skip (default 0), `limit` = page size.
* page number (/v1/cloudservers, /v1/cloudservers/flavors): `offset` = page number starting at 1
  (0 also means the first page, seed 4.3.1), `limit` = page size.

`limit` = 0 means "no limit" on the real service's Neutron-backed lists; the emulator treats it the
same way (all remaining items), which is what every documented range 0~1000 allows.
"""
from .errors import api_error


def _ints(query, default_limit):
    limit = query.get("limit", default_limit)
    offset = query.get("offset")
    return limit, offset


def page_items(items, query, default_limit=1000, kind="offset"):
    """Slice `items` (already filtered, in a stable order) for one page. Returns the page list."""
    limit, offset = _ints(query, default_limit)
    if kind == "offset":
        offset = offset or 0
        if offset < 0:
            raise api_error("IEC.000006")
        start = offset
    elif kind == "page":
        page = offset if offset not in (None, 0) else 1
        if page < 0:
            raise api_error("IEC.000006")
        start = (page - 1) * (limit or 0) if limit else 0
    else:
        raise ValueError(kind)
    if not limit:
        return list(items[start:])
    return list(items[start:start + limit])


def list_body(key, items, query, default_limit=1000, kind="offset", count_key="count", err_sites=None):
    """A list answer: {key: page, count_key: total before paging} (+ err_sites when given).

    count_key=None leaves the total out (lists that do not document one).
    """
    page = page_items(items, query, default_limit, kind)
    body = {key: page}
    if count_key:
        body[count_key] = len(items)
    if err_sites is not None:
        body["err_sites"] = list(err_sites)
    return body


def drop_err_sites(items, err_sites, site_of=lambda r: r.get("site_id")):
    """Items outside the failing sites; the emulator's way to simulate a partial answer."""
    if not err_sites:
        return list(items)
    bad = set(err_sites)
    return [r for r in items if site_of(r) not in bad]
