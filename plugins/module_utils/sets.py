# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Sets: many members of one kind of resource, created, powered and deleted in batched requests.

A MemberSet drives the members of one task (the instances <name>-0001 ... of a counted set, or the one
instance a task names) together: each mutating request goes through send() (the ambiguous-failure
protection: look up, adopt, or send again within api_retries), every wait is one shared wait (each round
reads every pending member, then sleeps once) whose goal is an argument (a Goal), and every failure reports
each member as it is, with changed: true once a mutating request may have been applied. In check mode
nothing is sent: the batched operations plan what each member would become (Member.after).

The set uses the engine (an IecResource declaration) only through its stable surface: client, params,
check_mode, key, get(), curate(), for_diff(), describe(), fail(), warn().
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from contextlib import contextmanager

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError, IecError
from ansible_collections.huaweicloud.iec.plugins.module_utils.resource import Adopted, ReferenceGone, Wait, Waiting, dig, send_request


class Goal(Wait):
    """What a shared wait waits for, as data: a Wait (the engine's description of a wait) whose absent says
    that it awaits a deletion. ready / failed: the statuses that end it well or badly (with absent: failed
    are the statuses of a failed deletion); gone: those that count as deleted; field: the status field;
    reason: the field or function(resource) giving the reason of a failure. path and key read members of
    another kind than the set's engine (the instances of an edge cloud): the item path ('{id}' substituted)
    and the key of the item in its answer."""

    def __init__(self, ready=(), failed=(), gone=(), absent=False, field="status", reason=None, path=None, key=None):
        super(Goal, self).__init__(field=field, ready=ready, failed=() if absent else failed, reason=reason, gone=gone,
                                   path=path, absent=absent, delete_failed=failed if absent else (), key=key)


class Member:
    """One member of a set: as found (before; None when it did not exist), as it now is (now), what check
    mode plans it would become (after; None: as it now is), and why it failed (fault: (status, reason))."""

    after = None
    created = False
    changed = False
    fault = None

    def __init__(self, name, before=None, label=None):
        self.name = name
        self.label = label          # what it is, in messages; None: the set's engine's label
        self.before = self.now = before

    @property
    def ident(self):
        return (self.now or {}).get("id")

    def plan(self, **changes):
        """Check mode: what the member would become (its planned view, starting from what it now is)."""
        self.changed = True
        self.after = dict(self.after or self.now or {}, **changes)


def merged(old, new):
    out = dict(old or {})
    out.update(new or {})
    return out


class MemberSet(Waiting):
    """The members of one task; see the module docstring."""

    def __init__(self, engine, members):
        self.engine = engine
        self.members = list(members)
        self.mutated = False        # a mutating request was (or may have been) applied: changed, also on failure
        self.fresh = {}             # id -> when its creation was answered
        self.removed = []           # members deleted (or, in check mode, that would be)

    # --- reporting ------------------------------------------------------------------------------

    def label(self, member):
        return "%s '%s'" % (member.label or self.engine.describe(), (member.now or {}).get("name") or member.name)

    def report(self):
        """Every member that exists (or would), curated: '<key>s', and '<key>' for the first one."""
        views = [self.engine.curate(m.now) for m in self.members if m.now]
        return {self.engine.key + "s": views, self.engine.key: views[0] if views else {}}

    def changed(self):
        return self.mutated or any(m.changed for m in self.members + self.removed)

    def fail(self, msg, **kwargs):
        kwargs.update(self.report())
        self.engine.fail(msg, changed=self.changed(), **kwargs)

    @contextmanager
    def step(self, words):
        """Runs requests whose IEC error fails the task as 'Could not <words>: <IEC's sentence>.'"""
        try:
            yield
        except IecApiError as e:
            hint = getattr(self.engine, "error_hints", {}).get(e.error_code)
            self.fail("Could not %s: %s.%s" % (words, str(e).rstrip("."), " " + hint if hint else ""), error=e.to_dict())

    def diff(self):
        """The task's diff {before, after}; sets define what their members' diff is."""
        return dict(before={}, after={})

    def execute_task(self, work):
        """Validates, runs work(), and ends the task with the report, changed and diff; every failure after a
        request that changed something reports changed: true, and every member."""
        msg = None
        try:
            self.engine.validate()
            work()
        except ReferenceGone as e:
            msg = e.message     # a task with state absent whose parent is gone: nothing to do
        except IecError as e:
            self.fail(str(e), error=e.to_dict())
        result = dict(self.report(), changed=self.changed(), diff=self.diff())
        if msg:
            result["msg"] = msg
        self.engine.module.exit_json(**result)

    # --- requests -------------------------------------------------------------------------------

    def send(self, words, method, path, body=None, lookup=None, refused=None):
        """Sends one mutating request (never in check mode: callers plan instead) and answers IEC's answer.

        An ambiguous failure (timeout, 5xx, lost connection: it may have been applied) is followed by
        lookup(), which adopts what the request made and answers whether it found anything; then None is
        answered. When it found nothing the request is sent again, at most api_retries times, never without
        that look-up. Without lookup the failure is final, and reported as a change (it may have been applied).
        A refusal (any other IEC error) is final too; refused(error), when given, runs first and may answer True
        when the refusal leaves nothing to do (a DELETE answered 404 for what is gone), then None is answered.
        The protection itself is resource.send_request(), the engine's too."""
        send = getattr(self.engine.client, method)

        def request():
            return send(path) if method == "delete" else send(path, body=body)

        def found():
            return {} if lookup() else None
        with self.step(words):
            answer = send_request(request, self.engine.params, lookup=lookup and found, refused=refused,
                                  applied=self.note_mutation)
        return None if isinstance(answer, Adopted) else answer

    def note_mutation(self):
        self.mutated = True

    def note_created(self, member, resource):
        """A member the task has just created (resource holds at least its id): waits count a 404 for it as
        "not visible yet" for create_grace seconds (Waiting)."""
        member.now = resource
        member.created = member.changed = True
        self.note_fresh(resource["id"])

    def delete(self, members, words, path, body, goal, wait=True, lookup=None):
        """One batch deletion of members (also of members outside the set: a shrunk set's extras), then one
        shared wait until they are gone; they are reported in diff.before."""
        self.removed.extend(members)
        self.act(members, words, path, body, goal, wait=wait, lookup=lookup)

    def adopt(self, member, resource):
        """A member found after an ambiguous creation: it was made by the request, not created again."""
        member.now = resource
        member.created = member.changed = True
        self.engine.warn("The request creating %s got no clear answer, but it exists and was adopted." % self.label(member))

    def act(self, members, words, path, body, goal, wait=True, changes=None, lookup=None):
        """One batch request for several members (start, stop, reboot, delete), then one shared wait for goal;
        lookup as for send(). In check mode nothing is sent: each member plans changes."""
        if not members:
            return
        for member in members:
            member.changed = True
            if self.engine.check_mode:
                member.plan(**(changes or {}))
        if self.engine.check_mode:
            return
        self.send(words, "post", path, body, lookup=lookup)
        if wait:
            self.wait(members, goal)

    # --- the shared wait ------------------------------------------------------------------------

    def wait(self, members, goal):
        """Awaits goal for the members together; fails naming each member that ended in a failed status or
        vanished (past the creation grace), or naming every pending one when wait_timeout runs out."""
        self.await_goal(members, goal)
        failed = [m for m in self.members if m.fault]
        if failed:
            self.fail("%d of %d %ss failed: %s." % (len(failed), len(self.members), self.engine.describe(), "; ".join(
                "'%s' (%s) is %s: %s" % (m.now.get("name") or m.name, m.ident, m.fault[0], m.fault[1]) for m in failed)))
        return [m.now for m in members]

    def watch(self, member, goal):
        """Awaits goal for one resource (an edge cloud); fails as '<label> '<name>' is <status>: <reason>.'"""
        self.await_goal([member], goal)
        if member.fault:
            self.fail("%s is %s: %s." % (self.label(member), member.fault[0], member.fault[1]))
        return member.now

    def await_goal(self, members, goal):
        """The shared rounds (Waiting.await_readings(): each reads every pending member, then sleeps once); each
        member's now takes its last reading, and fault why it failed."""
        timeout = self.engine.params.get("wait_timeout") or 600
        by_id = dict((m.ident, m) for m in members if m.ident)

        def read(ident):
            with self.step("wait for %s" % self.label(by_id[ident])):
                resource = self.engine.get(ident, goal.path)
            return resource[goal.key] if goal.key and isinstance(resource, dict) and goal.key in resource else resource
        failed, latest, pending = self.await_readings(list(by_id), goal, read, timeout, goal.absent)[1:]
        for ident, member in by_id.items():
            resource = latest.get(ident)
            if ident in failed and resource is None:
                member.fault = ("gone", "it disappeared")
                member.now = dict(member.now, status="DELETED")
            elif resource is not None and (ident in failed or not goal.absent):
                member.now = merged(member.now, resource)
                if ident in failed:
                    member.fault = (dig(resource, goal.field), goal.why(resource) or "IEC gave no reason")
        if pending:
            self.fail("Timed out after %s seconds waiting for %d %s(s) to %s: %s. Raise wait_timeout, or set "
                      "wait: false to return without waiting." % (
                          timeout, len(pending), self.engine.describe(), goal.words(goal.absent),
                          ", ".join("%s (%s)" % (self.label(by_id[i]), self.status_of(by_id[i])) for i in pending)))

    def status_of(self, member):
        return (member.now or {}).get("status") or "not visible yet"
