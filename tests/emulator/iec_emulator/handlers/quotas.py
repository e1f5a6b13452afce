"""Quota operations (seed 4.16.1): limits per domain with their used counts; the rules are in
iec_emulator/quotas.py (limits) and each model's @usage counter."""
from ..registry import handler


@handler("list_quota")
def list_quota(ctx):
    return {"quotas": {"resources": ctx.quotas.resources(ctx.store)}}
