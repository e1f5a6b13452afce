"""Edge cloud operations (seed 4.1.6-4.1.8); the rules are in models/edgeclouds.py."""
import uuid

from ..models import edgeclouds
from ..pagination import list_body
from ..registry import Reply, handler


@handler("list_edge_cloud")
def list_edge_cloud(ctx):
    q = ctx.query
    items = [edgeclouds.view(ctx.store, r, edgeclouds.LIST_FIELDS) for r in edgeclouds.find(ctx.store, q.get("id"), q.get("name"))]
    return list_body("edgeclouds", items, q, default_limit=1000)


@handler("show_edge_cloud")
def show_edge_cloud(ctx):
    return edgeclouds.view(ctx.store, edgeclouds.require(ctx.store, ctx.path["edgecloud_id"]))


@handler("delete_edge_cloud")
def delete_edge_cloud(ctx):
    edgeclouds.delete(ctx, edgeclouds.require(ctx.store, ctx.path["edgecloud_id"]))
    return Reply(202, {"job_id": uuid.uuid4().hex})
