"""Volumes (seed 4.4): system and data disks are created with their instance (root volume bootIndex 0,
data volumes after it) and deleted with it (seed 4.2.5: IEC deletes an instance's disks with it).
There is no volume create/delete API in chapter 4; lists use item offset."""
from ..errors import api_error
from ..pagination import list_body
from ..quotas import usage
from ..registry import handler
from ..store import index_on, public

COLL = "volumes"
DEVICES = "bcdefghijklmnop"


@usage("volume")
def _used_volumes(store):
    return store.count(COLL)


@usage("gigabyte")
def _used_gigabytes(store):
    return sum(int(v["size"]) for v in store.all(COLL))


def new_volume(ctx, server, site, index, size, volume_type):
    """Insert one disk of `server` (index 0 = system disk), attached as /dev/vd<letter>."""
    device = "/dev/vd" + ("a" if index == 0 else DEVICES[index - 1])
    rec = {
        "status": "creating", "size": int(size), "availability_zone": site["name"], "attachments": [],
        "name": "%s-volume-%04d" % (server["name"], index), "description": "", "volume_type": volume_type,
        "bootable": "true" if index == 0 else "false", "encrypted": False, "multiattach": False,
        "metadata": {"attached_mode": "rw", "readonly": "False"},
        "_meta": {"server_id": server["id"], "site_id": site["id"], "index": index, "device": device},
    }
    ctx.store.insert(COLL, rec)
    rec["attachments"] = [{"attachment_id": rec["id"], "device": device, "host_name": server["OS-EXT-SRV-ATTR:host"],
                           "id": rec["id"], "server_id": server["id"], "volume_id": rec["id"]}]
    return rec


# A disk belongs to its server from creation (new_volume) to deletion.
index_on(COLL, "server_id", lambda v: (v["_meta"].get("server_id"),))


def volumes_of(store, server_id):
    return sorted(store.indexed(COLL, "server_id", server_id), key=lambda v: v["_meta"]["index"])


@handler("list_volume")
def list_volume(ctx):
    q = ctx.query
    items = [public(v) for v in ctx.store.all(COLL)
             if (not q.get("name") or v["name"] == q["name"]) and (not q.get("status") or v["status"] == q["status"])]
    return list_body("volumes", items, q, default_limit=1000)


@handler("show_volume")
def show_volume(ctx):
    vid = ctx.path["volume_id"]
    return {"volume": public(ctx.store.require(COLL, vid, api_error("IEC.010560", vid)))}


@handler("show_volume_types")
def show_volume_types(ctx):
    # Seed 4.4.3: normal while at least one site still sells the type, sellout when none does.
    out = []
    for vt in ctx.catalog.volume_types:
        selling = any(vt["name"] in s["volume_types"] for s in ctx.catalog.sites)
        out.append(dict(vt, status="normal" if selling else "sellout"))
    return {"volume_types": out}
