"""Volumes (seed 4.4): system and data disks are created with their instance (root volume bootIndex 0,
data volumes after it) and deleted with it (seed 4.2.5: IEC deletes an instance's disks with it).
There is no volume create/delete API in chapter 4; lists use item offset.

Public API:
    COLL, DEVICES
    new_volume(ctx, server, site, index, size, volume_type)   one disk of an instance (index 0: system disk)
    volumes_of(store, server_id)        an instance's disks, by index
    delete_of(store, server_id)         delete an instance's disks
    find(store, name, status)
    require(store, volume_id)           the volume, or IEC.010560
    volume_types(catalog)               the catalog's types, normal or sellout
"""
from ..errors import api_error
from ..quotas import usage
from ..store import index_on

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


def delete_of(store, server_id):
    for v in volumes_of(store, server_id):
        store.delete(COLL, v["id"])


def find(store, name=None, status=None):
    return [v for v in store.all(COLL) if (not name or v["name"] == name) and (not status or v["status"] == status)]


def require(store, vid):
    return store.require(COLL, vid, api_error("IEC.010560", vid))


def volume_types(catalog):
    # Seed 4.4.3: normal while at least one site still sells the type, sellout when none does.
    out = []
    for vt in catalog.volume_types:
        selling = any(vt["name"] in s["volume_types"] for s in catalog.sites)
        out.append(dict(vt, status="normal" if selling else "sellout"))
    return out
