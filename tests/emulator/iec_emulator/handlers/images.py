"""Edge image operations (seed 4.15); the rules are in models/images.py."""
from ..errors import api_error
from ..models import images
from ..pagination import page_items
from ..registry import handler


@handler("register_image")
def register_image(ctx):
    b = ctx.body or {}
    rec = images.register(ctx, b.get("image_id"), b.get("region_id"))
    return {"job_id": rec["relation_job_id"], "image_id": rec["id"]}


@handler("create_image")
def create_image(ctx):
    rec = images.create_from_instance(ctx, ctx.body["name"], ctx.body["instance_id"])
    return {"job_id": rec["relation_job_id"], "image_id": rec["id"]}


@handler("list_images")
def list_images(ctx):
    q = ctx.query
    items = images.sort(images.find(ctx.catalog, ctx.store, q), q.get("sort_key"), q.get("sort_dir"))
    return {"images": page_items(items, q, default_limit=500), "total": len(items)}


@handler("show_image")
def show_image(ctx):
    return images.show(ctx.catalog, ctx.store, ctx.path["image_id"])


@handler("delete_image")
def delete_image(ctx):
    images.delete(ctx, ctx.path["image_id"])
    return None


@handler("rebuild_image")
def rebuild_image(ctx):
    if ctx.path["domain_id"] != ctx.domain_id:
        raise api_error("IEC.000022")
    images.retry_job(ctx, ctx.path["job_id"])
    return None


@handler("list_cloud_images")
def list_cloud_images(ctx):
    q = ctx.query
    return {"images": images.find_center(ctx.path["region_id"], ctx.domain_id, q, q.get("marker"), q.get("limit", 500))}
