# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IEC servers (edge instances): their shared views (NICs, image), read one way everywhere, and ServerSet, the
members of one task driven through IEC's batch APIs (one creation request with count, one power action
request, one deletion request), on module_utils.sets."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import quote
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import dig, planned
from ansible_collections.huaweicloud.iec.plugins.module_utils.sets import Goal, Member, MemberSet

GONE = ("DELETED", "SOFT_DELETED")
FAILED = ("ERROR", "FAILED")
# state -> (action of POST /v1/cloudservers/action, the status it ends in, the words of its failure, the statuses and
# task states that show it under way or done: after an action that got no clear answer, they tell it was applied)
POWER = {"started": ("os-start", "ACTIVE", "start", ("ACTIVE", "powering-on")),
         "stopped": ("os-stop", "SHUTOFF", "stop", ("SHUTOFF", "powering-off")),
         "restarted": ("reboot", "ACTIVE", "reboot", ("REBOOT", "HARD_REBOOT", "rebooting", "rebooting_hard"))}
# A deletion under way or done (seed 4.2: task state deleting, then gone)
DELETING = GONE + ("deleting",)
# The prefix IEC puts in front of a name (seed 4.2.2 with_prefix: IEC-ZS01-iec; Terraform's server resource:
# "CreateServer will add an prefix "IEC-xxx-" for the instance name").
PREFIX_RE = "IEC-[A-Za-z0-9]+-"


def image_of(server):
    """The image id a server runs, from the places IEC may report it (the seed lists none)."""
    for field in ("image.id", "image_id", "metadata.image_id", "metadata.image_ref"):
        value = dig(server or {}, field)
        if value:
            return value
    return None


def image_name_of(server):
    """The name of the image a server runs, when IEC reports it (metadata.image_name)."""
    return dig(server or {}, "metadata.image_name") or None


def unprefixed(name, wanted):
    """Whether name is wanted with IEC's prefix in front of it."""
    return bool(name) and name != wanted and re.match("^%s%s$" % (PREFIX_RE, re.escape(wanted)), name) is not None


def member_name(name, number):
    """The name of the member of a set: IEC's own suffix, four digits."""
    return "%s-%04d" % (name, number)


def members_of(servers, name):
    """The instances named <name>-<nnnn> (or IEC-<site code>-<name>-<nnnn>, see PREFIX_RE), in name order."""
    pattern = re.compile("^(?:%s)?%s-(\\d{4})$" % (PREFIX_RE, re.escape(name)))
    found = [(int(m.group(1)), s) for s, m in ((s, pattern.match(s.get("name") or "")) for s in servers) if m]
    return [s for _n, s in sorted(found, key=lambda pair: pair[0])]


def fault_text(server):
    fault = server.get("fault")
    if isinstance(fault, dict):
        return fault.get("message") or fault.get("details") or str(fault)
    return fault or None


def read_nics(engine, server):
    """A server's NICs as its ports show them: subnet_id (the IEC subnet), port_id, ip_address."""
    ports = engine.client.list_all("/v1/ports", "ports", query={"device_id": server["id"]})
    # A port's network_id is the IEC subnet id; its fixed_ips[].subnet_id is the subnet's neutron_subnet_id.
    return [{"subnet_id": p.get("network_id"), "port_id": p.get("id"),
             "ip_address": (p.get("fixed_ips") or [{}])[0].get("ip_address")} for p in ports]


def vpc_of(engine, server):
    """The VPC of a server, read from the subnet of its first NIC (IEC's servers do not name it)."""
    ports = read_nics(engine, server)
    if ports and ports[0]["subnet_id"]:
        subnet = engine.client.get("/v1/subnets/%s" % quote(ports[0]["subnet_id"]))
        return (subnet.get("subnet") or subnet).get("vpc_id")
    return None


def image_differs(server, image_id, image_name):
    """Whether the instance runs another image; IEC may report only the image's name (metadata.image_name)."""
    have = image_of(server)
    if have:
        return have != image_id
    have_name = image_name_of(server)
    return bool(have_name and image_name and have_name != image_name)


class ServerSet(MemberSet):
    """The instances one task names: <name> alone, the counted set <name>-0001 ... <name>-<count> at the task's
    site, or the instance of an id. A module subclasses it with present() (and may call create(), power(),
    shrink()); run() validates, finds, and runs present() or absent(), reporting every instance."""

    def __init__(self, engine):
        super(ServerSet, self).__init__(engine, [])
        self.params = engine.params
        self.listing = None

    def run(self):
        self.execute_task(self.work)

    def work(self):
        with self.step("look up %s" % self.engine.name_of()):
            self.find()
        if self.params["state"] == "absent":
            self.absent()
        else:
            self.present()

    def words(self, verb, members):
        names = ["'%s'" % ((m.now or {}).get("name") or m.name) for m in members]
        if len(names) > 2:
            return "%s %d instances, %s to %s" % (verb, len(names), names[0], names[-1])
        return "%s instance%s %s" % (verb, "s" if len(names) > 1 else "", " and ".join(names))

    def find(self):
        p = self.params
        if p["id"]:
            server = self.engine.get(p["id"])
            server = None if server is None or server.get("status") in GONE else server
            if server is None and p["state"] != "absent":
                self.engine.fail("No instance has the id '%s'." % p["id"])
            self.members = [Member(p["name"] or p["id"], server)]
            return
        names = [p["name"]] if p["count"] is None else [member_name(p["name"], i) for i in range(1, p["count"] + 1)]
        self.members = [Member(n, self.match(n)) for n in names]

    def site_servers(self, again=False):
        """The instances at the site whose names hold the task's name (IEC matches the name filter as a part of
        the name: the base name of a set lists all its members), without deleted ones; one listing per task,
        read again after an ambiguous creation."""
        if self.listing is None or again:
            query = {"site_id": self.engine.resolve("site"), "name": self.params["name"]}
            self.listing = [s for s in self.engine.list(query=query) if s.get("status") not in GONE]
        return self.listing

    def match(self, name):
        found = [s for s in self.site_servers() if s.get("name") == name]
        if not found and not self.params["with_prefix"]:
            # Created by an earlier run whose rename did not happen (IEC prefixed the name and the task ended
            # before the instance was ACTIVE): that instance, renamed, rather than a twin.
            found = [s for s in self.site_servers() if unprefixed(s.get("name"), name)]
        if len(found) > 1:
            self.engine.fail("%d instances are named '%s' at site %s (ids: %s); set id to choose one." % (
                len(found), name, self.params["site"], ", ".join(s["id"] for s in found)))
        return found[0] if found else None

    def create(self, missing, body):
        """Creates the missing members: a whole new set in one request, as IEC intends count for (its quota
        check covers all of them, and it names them <name>-0001 ... itself), else each with a request of its own."""
        if len(missing) > 1 and len(missing) == len(self.members):
            self.create_batch(missing, dict(body, count=len(missing)))
        for member in [m for m in missing if m.now is None]:
            self.create_batch([member], dict(body, name=member.name))

    def create_batch(self, members, body):
        if self.engine.check_mode:
            for m in members:
                m.changed = True
                m.now = dict(body, name=m.name, count=1, id=planned("instance", m.name))
                if self.params["description"] is not None:
                    m.now["description"] = self.params["description"]
            return
        words = self.words("create", members)
        answer = self.send(words, "post", self.engine.path, {"server": body}, lookup=lambda: self.adopt_made(members))
        if answer is None:
            return
        ids = answer.get("server_ids") or []
        with self.step(words):
            readings = [(i, self.engine.get(i)) for i in ids]
        # The instances are those of the ids IEC answered, never others found by name. A member is matched by
        # its name (with or without IEC's prefix) when IEC shows it already, else by the order of the ids,
        # which is that of the names IEC gives (<name>-0001 first): a new instance may answer 404 for a while.
        for ident, server in sorted(readings, key=lambda r: r[1] is None):
            name = (server or {}).get("name")
            named = [m for m in members if m.now is None and (name == m.name or unprefixed(name, m.name))]
            member = (named or [m for m in members if m.now is None] or [None])[0]
            if member is not None:
                self.note_created(member, server or {"id": ident, "name": member.name, "status": "BUILD"})
        lost = [m.name for m in members if m.now is None]
        if lost:
            self.fail("IEC created %d instances but none is named %s; they were left as they are." % (
                len(ids), ", ".join(lost)))

    def adopt_made(self, members):
        """After a creation that got no clear answer: the members IEC shows now were made by it (IEC creates
        all of a request or none of it) and are adopted; those missing are created again."""
        self.site_servers(again=True)
        found = [(m, self.match(m.name)) for m in members]
        for member, server in found:
            if server is not None:
                self.adopt(member, server)
        return any(server for _m, server in found)

    def power(self):
        state, p = self.params["state"], self.params
        if state not in POWER:
            return
        action, target, verb, marks = POWER[state]
        # A creation planned in check mode has no status yet: it would be created running.
        todo = [m for m in self.members if state == "restarted" or
                (m.after or m.now or {}).get("status", "ACTIVE" if m.before is None else None) != target]
        body = {"servers": [{"id": m.ident} for m in todo]}
        if action != "os-start":
            body["type"] = "HARD" if p["hard"] else "SOFT"
        self.act(todo, self.words(verb, todo), "/v1/cloudservers/action", {action: body},
                 Goal(ready=(target,), failed=FAILED, reason=fault_text), wait=p["wait"], changes={"status": target},
                 lookup=lambda: self.applied(todo, marks))

    def applied(self, members, marks):
        """After a batch request that got no clear answer: it was applied when every member shows it, gone or in
        one of the statuses or task states of marks; else it is sent again."""
        readings = [self.engine.get(m.ident) for m in members]
        return all(r is None or r.get("status") in marks or r.get("OS-EXT-STS:task_state") in marks for r in readings)

    def shrink(self):
        """A counted set's members beyond count, deleted in one request."""
        extras = [Member(s["name"], s) for s in members_of(self.site_servers(), self.params["name"])[self.params["count"]:]]
        self.delete(extras, self.words("delete", extras), "/v1/cloudservers/delete",
                    {"servers": [{"id": m.ident} for m in extras]}, Goal(absent=True, gone=GONE), wait=self.params["wait"],
                    lookup=lambda: self.applied(extras, DELETING))

    def absent(self):
        if self.params["count"] is None:
            self.members = [m for m in self.members if m.before]
        else:
            # The whole set, whatever count says: a set is deleted without knowing how large it grew.
            self.members = [Member(s["name"], s) for s in members_of(self.site_servers(), self.params["name"])]
        self.delete(self.members, self.words("delete", self.members), "/v1/cloudservers/delete",
                    {"servers": [{"id": m.ident} for m in self.members]}, Goal(absent=True, gone=GONE),
                    wait=self.params["wait"], lookup=lambda: self.applied(self.members, DELETING))

    def diff(self):
        e = self.engine
        present = self.params["state"] != "absent"
        befores = [e.for_diff(m.before) for m in self.members + [r for r in self.removed if r not in self.members]]
        afters = [e.for_diff(m.after or m.now) for m in self.members] if present else []
        if self.params["count"] is None:
            return dict(before=(befores or [{}])[0], after=(afters or [{}])[0])
        return dict(before=dict((b["name"], b) for b in befores if b), after=dict((a["name"], a) for a in afters if a))
