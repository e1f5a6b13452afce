"""Deployment plan operations (seed 4.1.1-4.1.5); the rules are in models/deployments.py."""
import copy
import uuid

from ..models import deployments
from ..pagination import list_body
from ..registry import handler
from ..store import public


def _launched(ec, dep):
    return {"id": ec["id"], "name": ec["name"], "deployment_id": dep["id"], "status": ec["status"],
            "job_id": uuid.uuid4().hex}


@handler("create_deployment")
def create_deployment(ctx):
    rec = deployments.create(ctx, ctx.body["edgecloud"])
    return {"id": rec["id"], "locations": copy.deepcopy(rec["distribution"])}


@handler("list_deployments")
def list_deployments(ctx):
    q = ctx.query
    items = [public(r) for r in deployments.find(ctx.store, q.get("id"), q.get("edgecloud_id"), q.get("status"))]
    return list_body("deployments", items, q, default_limit=1000)


@handler("delete_deployment")
def delete_deployment(ctx):
    deployments.delete(ctx.store, ctx.path["deployment_id"])
    return None


@handler("execute_deployment")
def execute_deployment(ctx):
    return _launched(*deployments.execute(ctx, ctx.path["deployment_id"]))


@handler("expand_edgecloud")
def expand_edgecloud(ctx):
    return _launched(*deployments.expand(ctx, ctx.path["deployment_id"]))
