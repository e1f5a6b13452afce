"""Quotas (seed 4.16.1): limits per domain with their used counts."""
from ..registry import handler


@handler("list_quota")
def list_quota(ctx):
    return {"quotas": {"resources": ctx.quotas.resources(ctx.store)}}
