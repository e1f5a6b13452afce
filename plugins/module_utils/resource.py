# -*- coding: utf-8 -*-
# Copyright (c) 2025, huaweicloud.iec contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The resource engine: modules declare what a resource looks like, the engine makes it so.

A module subclasses IecResource (or IecInfo for *_info modules), fills in class attributes and calls
run(). Finding, comparing, check mode, diff, create/update/delete, waiting and error reporting live
here once. docs/dev/engine.md is the guide.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import contextlib
import copy
import difflib
import time

from ansible_collections.huaweicloud.iec.plugins.module_utils import catalog
from ansible_collections.huaweicloud.iec.plugins.module_utils.client import DEFAULT_RETRIES, IecApiError, IecError, quote


def dig(data, field):
    """The value at a dotted path ('fault.message'), or None when any step is missing.

    A numeric step indexes a list ('stacks.0.name')."""
    for part in field.split("."):
        if isinstance(data, list) and part.isdigit():
            index = int(part)
            data = data[index] if index < len(data) else None
            continue
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def view_of(resource, returns):
    """The keys of returns with their values in resource, deep-copied; an entry (key, dotted field) renames one."""
    view = {}
    for entry in returns:
        key, field = entry if isinstance(entry, tuple) else (entry, entry)
        view[key] = copy.deepcopy(dig(resource, field) if field != key else resource.get(key))
    return view


def plant(data, field, value):
    """Set a dotted path in a dict, creating the intermediate dicts."""
    parts = field.split(".")
    node = data
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    node[parts[-1]] = value


def shorten(value, limit=72):
    """A value as it is shown in messages: long strings (public keys, user data) keep both ends."""
    text = value if isinstance(value, str) else repr(value)
    if isinstance(value, str):
        text = "'%s'" % value
    if len(text) <= limit:
        return text
    return text[:limit // 2] + "..." + text[-(limit // 2 - 3):]


PLANNED_PREFIX = "(known after apply: "


def planned(label, name=None):
    """The placeholder a check-mode run uses for the id of a resource that does not exist yet.

    A create planned in check mode reports it as the resource's id, and a reference naming a resource
    that does not exist resolves to it in check mode: "would use the <label> an earlier task creates".
    A dry run of a whole playbook (provision --check) so plans every task, also those naming what an
    earlier task would create, and the placeholder shows in the diffs where the id will be."""
    return "%s%s%s)" % (PLANNED_PREFIX, label, " '%s'" % name if name else "")


def is_planned(value):
    """Whether a value is (or, for a list, holds) a check-mode placeholder of planned()."""
    if isinstance(value, (list, tuple)):
        return any(is_planned(v) for v in value)
    if isinstance(value, dict):
        return any(is_planned(v) for v in value.values())
    return isinstance(value, str) and value.startswith(PLANNED_PREFIX)


def wait_argument_spec(timeout=600):
    """wait / wait_timeout for modules whose resource has asynchronous states."""
    return dict(
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=timeout),
    )


class Ref:
    """A module option naming another resource by name or id, sent to IEC as an id.

    path and list_key say where to list the candidates; field is the API field that carries the id
    in the managed resource (for example vpc -> vpc_id).
    """

    def __init__(self, path, list_key, field, label=None, name_key="name", id_key="id", query=None):
        self.path = path
        self.list_key = list_key
        self.field = field
        self.label = label or list_key.rstrip("s").replace("_", " ")
        self.name_key = name_key
        self.id_key = id_key
        self.query = query or {}


class Wait:
    """How a resource settles, read from the resource itself (IEC has no job API).

    field: where the status is; ready / failed: statuses that end the wait in success or failure;
    reason: field explaining a failure, or a function(resource) -> sentence; gone: statuses that count
    as deleted; path: poll path when it is not the item path ('{path}' and '{id}' substituted); after:
    operations followed by a wait; absent: deletion is asynchronous, so state=absent polls until the resource is
    gone; delete_failed: statuses that end that deletion wait in failure (an edge cloud's delFailed); key: the
    key of the resource in the answer of path (an edge cloud's instances: 'server').
    """

    def __init__(self, field="status", ready=(), failed=(), reason=None, gone=(), path=None,
                 after=("create", "update"), absent=False, delete_failed=(), key=None):
        self.key = key
        self.field = field
        self.ready = tuple(ready)
        self.failed = tuple(failed)
        self.reason = reason
        self.gone = tuple(gone)
        self.path = path
        self.after = tuple(after)
        self.absent = absent
        self.delete_failed = tuple(delete_failed)

    def why(self, resource):
        """The reason of a failed status, as text (None when IEC gives none)."""
        if callable(self.reason):
            return self.reason(resource)
        return dig(resource, self.reason) if self.reason else None

    def words(self, absent=False):
        """What is awaited, in a sentence: 'be deleted', 'become ACTIVE or SHUTOFF'."""
        return "be deleted" if absent else "become %s" % " or ".join(self.ready)

    def outcome(self, resource, absent, visible_soon=False):
        """What one reading means: 'done' (ready; with absent: gone), 'failed' (a failed status; with absent a
        delete_failed one; or vanished while awaited, unless visible_soon: created moments ago) or None (pending)."""
        status = dig(resource, self.field) if resource is not None else None
        if absent:
            if resource is None or status in self.gone:
                return "done"
            return "failed" if status in self.delete_failed else None
        if resource is None:
            return None if visible_soon else "failed"
        if status in self.failed:
            return "failed"
        return "done" if status in self.ready else None


class Waiting:
    """The one waiting implementation, shared by the engine (IecResource) and the sets (MemberSet): what is
    awaited is an argument (a Wait: the description as data; sets' Goal is one), and so is how a resource is
    read (read(ident), which gives its failure its words). Each round reads every pending resource, then
    sleeps once, for a growing interval, until none is pending or the timeout has passed.

    IEC is eventually consistent: a resource it has just created may answer 404 for a while (Terraform's
    server resource waits through it as a pending "DELETED"). A wait counts such a 404 as "not visible yet"
    for create_grace seconds after the creation answer (note_fresh())."""

    poll_interval = 2.0
    poll_max_interval = 15.0
    create_grace = 120.0
    _clock = staticmethod(time.monotonic)
    _sleep = staticmethod(time.sleep)

    def note_fresh(self, ident):
        """Records that IEC has just answered the creation of ident: see create_grace."""
        if ident and ident not in self.fresh:
            self.fresh[ident] = self._clock()

    def not_visible_yet(self, ident):
        """Whether a 404 for ident is the eventual consistency of a creation made less than create_grace ago."""
        made = self.fresh.get(ident)
        return made is not None and self._clock() - made < self.create_grace

    def await_readings(self, idents, how, read, timeout, absent=False):
        """Awaits how (a Wait) for idents; answers (done, failed, latest, pending): done and failed map ids to
        their last reading (see Wait.outcome()), latest holds every last reading, pending the ids still
        pending when timeout ran out."""
        deadline = self._clock() + timeout
        interval = self.poll_interval
        pending = list(dict.fromkeys(idents))
        latest, ends = {}, dict(done={}, failed={})
        while True:
            for ident in list(pending):
                resource = latest[ident] = read(ident)
                outcome = how.outcome(resource, absent, resource is None and not absent and self.not_visible_yet(ident))
                if outcome:
                    ends[outcome][ident] = None if absent and outcome == "done" else resource
                    pending.remove(ident)
            remaining = deadline - self._clock()
            if not pending or remaining <= 0:
                return ends["done"], ends["failed"], latest, pending
            self._sleep(min(interval, remaining))
            interval = min(interval * 1.5, self.poll_max_interval)


class ChildPlan(collections.namedtuple("ChildPlan", "adds removes updates result reordered")):
    """What it takes to turn a current child list into a desired one; see plan_children()."""

    __slots__ = ()

    @property
    def changed(self):
        return bool(self.adds or self.removes or self.updates or self.reordered)


def plan_children(desired, current, key, normalize=None, purge=True, ordered=False, appended=False):
    """Plan a declarative child list (rules, routes, associations).

    desired and current are lists of dicts; normalize maps one item to its canonical form (both sides
    go through it); key maps a normalised item to its identity. A desired item matching a current one
    by key but differing in a field the user set (not None) becomes an update (old, new). Current
    items not desired are removed when purge is true and kept otherwise. With ordered, the same items
    in another order also count as a change (ACL rules are evaluated in order). With appended, the result is in
    the order IEC will show the list: the items it keeps where they are, then the new ones (a security group's
    rules, a route table's routes); else in the order the user wrote.
    Returns a ChildPlan whose result is the list as it will be afterwards, for check mode and diff.
    """
    norm = normalize or (lambda item: item)
    want = [norm(item) for item in (desired or [])]
    have = [norm(item) for item in (current or [])]
    seen = set()
    for item in want:
        k = key(item)
        if k in seen:
            raise ValueError("the list names %s more than once" % (k,))
        seen.add(k)
    have_by_key = {}
    for item in have:
        have_by_key.setdefault(key(item), item)

    adds, updates, kept = [], [], {}
    for item in want:
        old = have_by_key.get(key(item))
        if old is None:
            adds.append(item)
            continue
        merged = dict(old)
        merged.update((k, v) for k, v in item.items() if v is not None)
        if merged != old:
            updates.append((old, merged))
        kept[key(item)] = merged

    removes = [item for item in have if key(item) not in seen]
    if appended:
        result = [kept.get(key(item), item) for item in have if key(item) in kept or not purge] + adds
    else:
        result = [kept.get(key(item), item) for item in want]
        if not purge:
            result.extend(removes)
    if not purge:
        removes = []

    reordered = False
    if ordered and not adds and not removes and not updates:
        reordered = [key(i) for i in have] != [key(i) for i in result]
    return ChildPlan(adds, removes, updates, result, reordered)


def longest_increasing(seq):
    """Indexes into seq of one longest strictly increasing subsequence (items that can stay where they are)."""
    best = []
    length = [1] * len(seq)
    prev = [-1] * len(seq)
    for i in range(len(seq)):
        for j in range(i):
            if seq[j] < seq[i] and length[j] + 1 > length[i]:
                length[i], prev[i] = length[j] + 1, j
    if seq:
        i = max(range(len(seq)), key=lambda k: length[k])
        while i != -1:
            best.append(i)
            i = prev[i]
    return sorted(best)


def order_steps(current_ids, result):
    """The operations that turn the kept current items (ids, in order) into result (items in order), for an
    ordered child list whose API inserts an item before or after another (network ACL rules).

    Answers (moves, adds): moves are ids to delete because they are out of place (they are added again);
    adds are (index in result, anchor) pairs in result order, anchor being ('after', id), ('before', id)
    or None; an anchor id of None means the rule added just before.
    """
    position = dict((ident, i) for i, ident in enumerate(current_ids))
    placed = [(i, position[r["id"]]) for i, r in enumerate(result) if r.get("id") in position]
    keep = set(placed[k][0] for k in longest_increasing([pair[1] for pair in placed]))
    moves = [r["id"] for i, r in enumerate(result) if r.get("id") in position and i not in keep]
    adds = []
    first_kept = min((position[result[i]["id"]] for i in keep), default=None)
    for i, rule in enumerate(result):
        if i in keep:
            continue
        if i == 0:
            anchor = ("before", current_ids[first_kept]) if first_kept is not None else None
        elif i - 1 in keep:
            anchor = ("after", result[i - 1]["id"])
        else:
            anchor = ("after", None)
        adds.append((i, anchor))
    return moves, adds


CHILD_LIST_FIELDS = ("option", "key", "read", "apply", "normalize", "purge_option", "ordered", "result_key", "desired",
                     "check", "appended")


class ChildList(collections.namedtuple("ChildList", CHILD_LIST_FIELDS,
                                       defaults=(None, None, False, None, None, None, False))):
    """A sub-resource list managed declaratively inside a resource module.

    option: the module option with the desired list (None = leave the list alone);
    purge_option: the boolean option deciding whether unlisted items go;
    read(engine, resource) -> current list; apply(engine, resource, plan) sends the API calls;
    result_key: where the list appears in the curated result (default: option);
    desired(engine, value) -> the desired list, when the option's value needs work first (names
    resolved to ids, a scalar turned into a list); default: the option's value as it is;
    check(index, item) -> a sentence saying what is wrong with one item the user wrote, or None: every item
    is checked before any request;
    appended: IEC adds new items after those it keeps, so check mode and diff show them there (see plan_children).
    """

    __slots__ = ()

    def __new__(cls, option, key, read, apply, result_key=None, **others):
        return super(ChildList, cls).__new__(cls, option, key, read, apply, result_key=result_key or option, **others)


# What IEC offers rather than what the account made: a name that matches none of these is most likely a typo,
# and the closest names and a few valid ones help.
CATALOG_LABELS = ("site", "flavor", "image")
# Catalogue entries that no task can create: a check-mode run fails on an unknown one as a real run does,
# instead of planning with it as if an earlier task would make it (an image can be made from an instance).
FIXED_CATALOG_LABELS = ("site", "flavor")


def suggest(ref, value, items):
    """' Did you mean ...? Sites are for example ...' for a catalogue reference; '' for the account's own."""
    if ref.label not in CATALOG_LABELS:
        return ""
    names = sorted(set(str(i.get(ref.name_key)) for i in items if i.get(ref.name_key)))
    if not names:
        return ""
    close = difflib.get_close_matches(str(value), names, n=3, cutoff=0.6)
    hint = " Did you mean %s?" % " or ".join("'%s'" % n for n in close) if close else ""
    return "%s %ss are for example %s (huaweicloud.iec.%s_info lists them)." % (
        hint, ref.label.capitalize(), ", ".join("'%s'" % n for n in names[:5]), ref.label)


class ReferenceGone(Exception):
    """A reference of a task with state absent names nothing: what the task would delete cannot exist (a
    subnet whose VPC is gone is gone too), so the task has nothing to do."""

    def __init__(self, label, value, option):
        super(ReferenceGone, self).__init__(label, value, option)
        self.message = "No %s has the name or id '%s' (option %s), so there is nothing to delete." % (label, value, option)


class _Base:
    """What resource and info modules share: the client, references, fetching and curation."""

    # kind: the catalog's name of the resource ('keypair'); it fills path, item_path, list_key, response_key,
    # envelope, id_key and label where the class does not declare them (module_utils/catalog.py).
    kind = None
    key = None              # result key; by default the kind's name, plural in info modules ('keypair', 'keypairs')
    plural = ""
    label = None            # words for messages: 'key pair'
    path = None             # collection path: '/v1/os-keypairs'
    item_path = "{path}/{id}"
    response_key = None     # key holding one resource in GET/POST/PUT answers; None: the body itself
    list_key = None         # key holding the items of a list answer; None: the body is the array
    id_key = "id"
    references = {}         # option -> Ref
    returns = ()            # documented keys of the curated result; (key, dotted API field) renames one
    problems = ()           # functions of the options, each giving what is wrong with them (a sentence) or None
    # derived: functions of an answer, each giving more keys of the result (views shared by a kind's state and
    # info modules: a network ACL's rules, a port's lists)
    derived = ()
    list_filters = {}       # query parameters always sent when listing (status=open, visibility=private)

    def __init__(self, module, client=None):
        if self.kind:
            for attr, value in catalog.kind(self.kind).declaration().items():
                if getattr(self, attr, None) in (None, getattr(_Base, attr, None)):
                    setattr(self, attr, value)
            if self.key is None:
                self.key = self.kind + self.plural
        self.module = module
        self.params = module.params
        self._client = client
        self._lists = {}
        self.resolved = {}

    @property
    def client(self):
        # Built on first use (by IecModule), so validate() reports bad input before any connection work.
        if self._client is None:
            self._client = self.module.client
        return self._client

    # --- plumbing -------------------------------------------------------------------------------

    def fail(self, msg, **kwargs):
        self.module.fail_json(msg=msg, **kwargs)

    def warn(self, msg):
        self.module.warn(msg)

    def describe(self):
        return self.label or self.key.replace("_", " ")

    def item_url(self, ident, template=None):
        return (template or self.item_path).format(path=self.path, id=quote(ident))

    def extract(self, answer):
        if self.response_key and isinstance(answer, dict) and self.response_key in answer:
            return answer[self.response_key]
        return answer

    def get(self, ident, template=None):
        """The resource by id, or None when IEC answers 404; read from item_path, it goes through on_read()."""
        try:
            answer = self.client.get(self.item_url(ident, template))
        except IecApiError as e:
            if e.status == 404:
                return None
            raise
        resource = self.extract(answer)
        return self.on_read(resource) if resource is not None and template is None else resource

    def validate(self):
        """Hook: checks of the seed's constraints, before any request; call self.fail() on bad input. This one fails
        with the first sentence a function of problems gives."""
        for check in self.problems:
            problem = check(self.params)
            if problem:
                self.fail(problem)

    def on_read(self, resource):
        """Hook: adjusts a resource read by id from item_path (get()); answers None for one that counts as gone (a
        'deleted' image). A route table reads its routes here, a port lifts its fixed IP to the top level."""
        return resource

    def query_of(self, value_of):
        """The list API's query from list_query: option -> parameter, or (parameter, function of the value) when IEC
        wants the value in another shape (a port's fixed_ips); value_of(option) gives the option's value."""
        query = {}
        for option, param in self.list_query.items():
            param, form = param if isinstance(param, tuple) else (param, None)
            value = value_of(option)
            if value is not None and value != []:
                query[param] = form(value) if form else value
        return query

    def list(self, query=None, path=None, list_key=None):
        if not path and self.list_filters:
            query = dict(self.list_filters, **(query or {}))
        return self.client.list_all(path or self.path, list_key if path else self.list_key, query=query)

    def param(self, option):
        """A module option's value; a dotted name ('coverage.policy') reads an option nested in a dict option."""
        if option in self.params or "." not in option:
            return self.params.get(option)
        return dig(self.params, option)

    def curate(self, resource):
        """The documented view of a resource: its returns, then the keys of its derived views; override for more."""
        if not resource:
            return {}
        view = view_of(resource, self.returns)
        for func in self.derived:
            view.update(func(resource))
        return view

    # --- references -----------------------------------------------------------------------------

    def resolve(self, option, missing_ok=False):
        """The id behind a name-or-id option; cached so each list is read once per task."""
        if option in self.resolved:
            return self.resolved[option]
        value = self.param(option)
        if value is None:
            return None
        if isinstance(value, (list, tuple)):
            # A list option naming several resources (a port's security groups): each name or id
            # becomes an id; with missing_ok, names that match nothing are left out.
            ids = [self._resolve_one(option, v, missing_ok) for v in value]
            self.resolved[option] = [i for i in ids if i is not None]
            return self.resolved[option]
        self.resolved[option] = self._resolve_one(option, value, missing_ok)
        return self.resolved[option]

    def resolve_value(self, option, value, missing_ok=False):
        """The id behind one name-or-id value of a reference option, for values that are not options of
        their own (the sites in an edge cloud's coverage list); the list behind it is read once per task."""
        return self._resolve_one(option, value, missing_ok)

    def referenced(self, option, ident):
        """The listed item behind a resolved id of a reference option (read from resolve()'s list)."""
        ref = self.references[option]
        cache = (ref.path, tuple(sorted(ref.query.items())))
        for item in self._lists.get(cache, ()):
            if item.get(ref.id_key) == ident:
                return item
        return None

    def _resolve_one(self, option, value, missing_ok):
        ref = self.references[option]
        check_mode = getattr(self.module, "check_mode", False)
        if check_mode and is_planned(value):
            # The id an earlier task of a check-mode run reported for what it would create.
            return None if missing_ok else value
        cache = (ref.path, tuple(sorted(ref.query.items())))
        if cache not in self._lists:
            self._lists[cache] = self.client.list_all(ref.path, ref.list_key, query=ref.query or None)
        items = self._lists[cache]
        if any(item.get(ref.id_key) == value for item in items):
            return value
        named = [item for item in items if item.get(ref.name_key) == value]
        if len(named) > 1:
            self.fail("%d %ss are named '%s' (ids: %s); set %s to the id of the one you mean."
                      % (len(named), ref.label, value, ", ".join(str(i.get(ref.id_key)) for i in named), option))
        if not named:
            if missing_ok:
                return None
            if self.params.get("state") == "absent":
                # The parent is gone, so is everything under it: absent holds whatever went first.
                raise ReferenceGone(ref.label, value, option)
            if check_mode and ref.label not in FIXED_CATALOG_LABELS:
                # A dry run of a playbook: the resource is one an earlier task would create.
                return planned(ref.label, value)
            self.fail("No %s has the name or id '%s' (option %s).%s" % (ref.label, value, option, suggest(ref, value, items)))
        return named[0].get(ref.id_key)


def resend_limit(params):
    """How many times a request that failed ambiguously (it may have been applied) is sent again, each time
    after a look-up has shown that it was not: api_retries, and at least once."""
    try:
        retries = int(params.get("api_retries"))
    except (TypeError, ValueError):
        retries = DEFAULT_RETRIES
    return max(1, retries)


def send_request(request, params, lookup=None, refused=None, applied=None):
    """The one protection of every mutating request (the engine's IecResource.send() and the sets'
    MemberSet.send() both come here): request() sends it once and its answer is answered.

    An ambiguous failure (timeout, 5xx, lost connection: it may have been applied) is followed by lookup(),
    which answers what the request made, or None: what it finds is answered as Adopted(found); when it finds
    nothing the request is sent again, at most resend_limit(params) times, never without that look-up.
    Without lookup the ambiguous failure is final. A refusal (any other IEC error) is final too;
    refused(error), when given, may answer True when the refusal leaves nothing to do (a DELETE answered 404
    for what is gone): then None is answered. applied() is called whenever the request was, or may have
    been, applied (answered; ambiguous and not looked up; looked up and found), so that a later failure
    reports changed: true. The caller gives failures their words."""
    resends = resend_limit(params)
    while True:
        try:
            answer = request()
        except IecApiError as e:
            if not e.ambiguous:
                if refused is not None and refused(e):
                    return None
                raise
            found = lookup() if lookup is not None else None
            if lookup is None or found is not None:
                if applied is not None:
                    applied()
                if lookup is None:
                    raise
                return Adopted(found)
            if resends <= 0:
                raise
            resends -= 1
            continue
        if applied is not None:
            applied()
        return answer


class RequestFailed(IecApiError):
    """An IEC error that carries the words of the request that failed: 'create VPC 'edge'', 'delete subnet 'a'
    of VPC 'edge''. The engine's failure sentence is "Could not <words>: <IEC's answer>."; it is an
    IecApiError still (status, error_code, ambiguous, to_dict), so code catching those keeps working."""

    def __init__(self, words, error):
        self.words = words
        self.cause = error
        super(RequestFailed, self).__init__(error.status, error.error_code, error.error_msg, error.request_id,
                                            error.method, error.path, error.ambiguous, error.service)

    def __str__(self):
        return str(self.cause)


class Adopted(dict):
    """What send() answers when a creating request failed ambiguously and its look-up found the resource."""


class Plan:
    """What a run does to one resource, decided before any mutating request (see IecResource.plan()).

    action: 'create', 'update', 'replace', 'delete' or None (nothing to do); before: the resource as found
    (None for a create); body: the create body; changes: option -> value to send in place; children:
    option -> ChildPlan; late: option -> value sent by an update right after creation; after: the resource
    as it will be, which check mode reports (diff.after) instead of applying the plan."""

    def __init__(self, action, before=None, body=None, changes=None, children=None, late=None, after=None):
        self.action = action
        self.before = before
        self.body = body
        self.changes = changes or {}
        self.children = children or {}
        self.late = late or {}
        self.after = after


class IecResource(Waiting, _Base):
    """Declarative base of resource modules (state present/absent).

    Declaration (class attributes, all optional except key and path):
      envelope        request wrapper key: {'vpc': {...}}; response_key defaults to it
      create_path     where the create POST goes when not to path (/v1/images/create)
      id_option       module option holding the id; by default the kind's id field ('name' for a key pair,
                      whose name is its id)
      identity        options that find the resource when no id is given (name plus scope: vpc, site)
      list_query      option -> query parameter, filters sent to the list API while finding; or option ->
                      (parameter, function(value)) when IEC wants the value in another form
      list_is_complete  False when list items lack fields: the match is then read again by id
      fields          option -> API field (dotted) where they differ; Ref.field covers references
      create_options, update_options, immutable   option names
      required_to_create  options without which the resource cannot be created (fails naming the missing)
      normalizers     option -> function(value) used on both sides before comparing
      replace_option  an option (usually 'force') that, when true, replaces the resource on an
                      immutable change (delete, then create) instead of failing
      secret_returns  curated keys never put in diff (private keys, passwords)
      waiter          a Wait, or None for synchronous resources
      children        ChildList declarations
      late_options    options the create API does not take: applied by an update right after creation
      setters         option -> function(engine, resource, value): options IEC changes through a request of
                      their own (attach/detach) rather than in the update body
      read_after_update  True when the update answer is not the whole resource: it is read again
      delete_retry_codes  IEC error codes of a DELETE that mean "not yet" (dependants still going): the
                      DELETE is sent again while IEC answers one of them, within wait_timeout
      error_hints     IEC error code -> sentence appended to the failure message (what to do about it)
    Hooks: validate(), inspect(current), on_read(resource), name_of(resource), create_body(), create_request(body), update_body(current, changes),
    created(answer), on_adopt(resource), before_delete(resource), match(item, wanted), curate(resource).

    A run is plan -> apply -> wait -> report: plan() decides from what find() found (no mutating request),
    check mode renders the plan, apply() sends it, every mutating request through send().
    """

    envelope = None
    create_path = None
    id_option = None
    identity = ("name",)
    list_query = {}
    list_is_complete = True
    fields = {}
    create_options = ()
    required_to_create = ()
    update_options = ()
    immutable = ()
    normalizers = {}
    replace_option = None
    secret_returns = ()
    waiter = None
    children = ()
    late_options = ()
    setters = {}
    read_after_update = False
    delete_retry_codes = ()
    error_hints = {}
    set_by_update = ()      # API fields an update changes that only IEC knows (an update time): planned in check mode

    def __init__(self, module, client=None):
        super(IecResource, self).__init__(module, client)
        if self.response_key is None and self.envelope:
            self.response_key = self.envelope
        if self.id_option is None:
            self.id_option = self.id_key
        self.check_mode = module.check_mode
        self.result = dict(changed=False, diff=dict(before={}, after={}))
        self.result[self.key] = {}
        self.fresh = {}     # id -> when its creation was answered (see Waiting.create_grace)
        self.mutated = False    # a mutating request was answered, or may have been applied (see send())
        self.latest = None      # the resource as last known, reported by a failure after a mutation
        self.children_of = {}   # the resource plan_all_children() plans against

    # --- declaration helpers --------------------------------------------------------------------

    def api_field(self, option):
        if option in self.references:
            return self.references[option].field
        return self.fields.get(option, option)

    def wanted(self, option):
        if option in self.references:
            # An empty string clears a reference (a port's ipv6_bandwidth: "" detaches its bandwidth).
            return "" if self.param(option) == "" else self.resolve(option)
        return self.param(option)

    def normalize(self, option, value):
        func = self.normalizers.get(option)
        return func(value) if func else value

    def name_of(self, resource=None):
        """Hook: how messages name the resource: its name, else its id, else what the user gave."""
        for source in (resource or {}, self.params):
            for k in ("name", self.id_key, self.id_option):
                if k and source.get(k):
                    return "%s '%s'" % (self.describe(), source[k])
        return self.describe()

    def wrap(self, body, envelope):
        return {envelope: body} if envelope else body

    # --- hooks ----------------------------------------------------------------------------------

    def inspect(self, current):
        """Checks of the found resource against the options, before anything is planned (check mode too): fail
        on what IEC would refuse (a bandwidth still carrying public IPs). Answers the resource to plan against."""
        return current

    def create_body(self):
        body = {}
        for option in self.create_options:
            value = self.wanted(option)
            if value is not None:
                plant(body, self.api_field(option), value)
        return body

    def create_request(self, body):
        """The POST body for a create body: by default the body in the envelope. Override when IEC wants
        more than one object (a public IP and, beside it, its bandwidth); check mode keeps showing body."""
        return self.wrap(body, self.envelope)

    def update_body(self, current, changes):
        body = {}
        for option, value in changes.items():
            plant(body, self.api_field(option), value)
        return body

    def created(self, answer):
        """The new resource from the POST answer; override when IEC answers with ids or a job."""
        return self.extract(answer)

    def on_adopt(self, resource):
        self.warn("The request creating %s failed without a clear answer, but the resource exists, "
                  "so it was adopted instead of being created again." % self.name_of(resource))

    def before_delete(self, resource):
        """Runs before DELETE; modules with blocking dependants (VPC subnets) clear them here."""

    # --- requests -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def failing_as(self, verb):
        """Gives an IEC error raised inside the words '<verb> <name>' ('look up VPC 'edge''), unless an inner
        step gave it words already: the failure sentence is "Could not <words>: <IEC's answer>."."""
        try:
            yield
        except RequestFailed:
            raise
        except IecApiError as e:
            raise RequestFailed("%s %s" % (verb, self.name_of()), e)

    def send(self, verb, request, lookup=None):
        """Sends one mutating request (request() does it) and answers its answer: every POST, PUT and DELETE of
        the engine, of child lists and setters goes through here, and through send_request() (see there).

        A failure carries the words '<verb> <name>'; with lookup (a creating request) an ambiguous failure
        is looked up (words 'look up <name>'), and what lookup() finds is answered as Adopted(found)."""
        def request_as_verb():
            with self.failing_as(verb):
                return request()

        def lookup_as_look_up():
            with self.failing_as("look up"):
                return lookup()
        return send_request(request_as_verb, self.params, lookup=lookup and lookup_as_look_up, applied=self.note_mutation)

    def note_mutation(self):
        """A mutating request was answered, or may have been applied: a later failure reports changed: true."""
        self.mutated = True

    def reread(self, resource, verb="read"):
        """The resource read again by id (the one given when IEC answers 404)."""
        with self.failing_as(verb):
            return self.get(resource[self.id_key]) or resource

    def fail(self, msg, **kwargs):
        # A failure after a mutating request changed something all the same: say so, and what exists.
        kwargs["changed"] = bool(kwargs.get("changed") or self.mutated)
        if self.mutated:
            if self.latest is not None:
                kwargs.setdefault(self.key, self.curate(self.latest))
        super(IecResource, self).fail(msg, **kwargs)

    # --- the run --------------------------------------------------------------------------------

    def run(self):
        try:
            self.validate()
            self.check_children()
            if self.params.get("state", "present") == "absent":
                self.absent()
            else:
                self.present()
        except ReferenceGone as e:
            self.result["msg"] = e.message
        except IecApiError as e:
            words = e.words if isinstance(e, RequestFailed) else "read %s" % self.name_of()
            hint = self.error_hints.get(e.error_code)
            sentence = "Could not %s: %s." % (words, str(e).rstrip("."))
            self.fail(sentence + (" " + hint if hint else ""), error=e.to_dict())
        except IecError as e:
            self.fail(str(e), error=e.to_dict())
        self.module.exit_json(**self.result)

    def present(self):
        with self.failing_as("look up"):
            current = self.find()
        if current is None:
            if self.check_mode and is_planned(self.params.get(self.id_option or "id")):
                # The resource of an id that an earlier task of this dry run would create: planned there.
                self.result[self.key] = {self.id_key: self.params[self.id_option]}
                return
            if self.id_option and self.params.get(self.id_option) and self.id_option not in self.create_options:
                self.fail("No %s has the id '%s'." % (self.describe(), self.params[self.id_option]))
            resource = self.create()
        else:
            resource = self.update(current)
        self.result[self.key] = self.curate(resource)

    def absent(self):
        with self.failing_as("look up"):
            current = self.find()
        if current is None:
            return
        current = self.inspect(current)
        self.changed(current, None)
        if not self.check_mode:
            self.delete(current)
        self.result[self.key] = self.curate(current)

    def check_children(self):
        """Checks every item of the child lists the user wrote (ChildList.check), before any request."""
        for child in self.children:
            for index, item in enumerate((child.check and self.param(child.option)) or []):
                problem = child.check(index, item)
                if problem:
                    self.fail(problem)

    def create(self):
        return self.carry_out(self.plan(None))

    def update(self, current):
        return self.carry_out(self.plan(self.inspect(current)))

    def carry_out(self, plan):
        """Check mode renders the plan; otherwise it is applied. Answers the resource as the result shows it."""
        if plan.action is None:
            return plan.before
        if self.check_mode:
            self.changed(plan.before, plan.after)
            return plan.before if plan.before is not None else plan.after
        return self.apply(plan)

    # --- find -----------------------------------------------------------------------------------

    def find(self):
        if self.id_option and self.params.get(self.id_option):
            if is_planned(self.params[self.id_option]):
                return None
            return self.get(self.params[self.id_option])
        wanted = dict((o, self.wanted(o)) for o in self.identity)
        wanted = dict((o, v) for o, v in wanted.items() if v is not None)
        if not wanted:
            self.fail("Give %s to find the %s." % (" or ".join(
                [o for o in (self.id_option,) + tuple(self.identity) if o]), self.describe()))
        query = self.query_of(self.wanted)
        if is_planned(wanted) or is_planned(query):
            # Check mode, inside a resource an earlier task would create: nothing can be there yet.
            return None
        matches = [item for item in self.list(query=query or None) if self.match(item, wanted)]
        if len(matches) > 1:
            self.fail("%d %ss match %s (ids: %s); set %s to choose one." % (
                len(matches), self.describe(),
                ", ".join("%s=%s" % (o, shorten(v)) for o, v in sorted(wanted.items())),
                ", ".join(str(m.get(self.id_key)) for m in matches), self.id_option or "a narrower identity"))
        if not matches:
            return None
        if not self.list_is_complete:
            return self.get(matches[0][self.id_key])
        return matches[0]

    def match(self, item, wanted):
        """Whether a listed item is the resource: its identity fields equal the wanted values, normalised."""
        return all(self.normalize(o, dig(item, self.api_field(o))) == self.normalize(o, v) for o, v in wanted.items())

    # --- plan (no mutating request) -------------------------------------------------------------

    def differences(self, current, options):
        """Options the user set whose normalised value differs from the resource's."""
        out = {}
        for option in options:
            want = self.wanted(option)
            if want is None:
                continue
            have = dig(current, self.api_field(option))
            if self.normalize(option, want) != self.normalize(option, have):
                out[option] = want
        return out

    def plan(self, current):
        """What it takes to make the resource as the options say: a Plan. Reads only (references, lists)."""
        if current is None:
            return self.plan_create()
        locked = self.differences(current, self.immutable)
        if locked:
            if self.replace_option and self.params.get(self.replace_option):
                plan = self.plan_create()
                return Plan("replace", current, plan.body, children=plan.children, late=plan.late, after=plan.after)
            option = sorted(locked)[0]
            hint = (" Set %s: true to replace it." % self.replace_option) if self.replace_option else (
                " Delete it and create it again to change that.")
            self.fail("Cannot change %s of %s from %s to %s: IEC does not allow it.%s" % (
                option, self.name_of(current), shorten(dig(current, self.api_field(option))),
                shorten(locked[option]), hint))
        changes = self.differences(current, self.update_options)
        # Only the lists that change: an unchanged one stays as IEC shows it (a plan's items are in the shape
        # of the request), or check mode would show a change of it that the run does not make.
        plans = dict((o, p) for o, p in self.plan_all_children(current).items() if p.changed)
        if not changes and not plans:
            return Plan(None, current)
        after = copy.deepcopy(current)
        for option, value in changes.items():
            plant(after, self.api_field(option), value)
        self.merge_children(after, plans)
        return Plan("update", current, changes=changes, children=plans, after=self.planned_update(after, changes))

    def planned_update(self, after, changes):
        """Hook: the resource as an update of changes will leave it, for check mode and diff; after already holds
        the changed options. By default the fields of set_by_update that IEC sets are shown as known after apply."""
        for field in self.set_by_update:
            if dig(after, field) is not None:
                plant(after, field, planned(field))
        return after

    def plan_create(self):
        missing = [o for o in self.required_to_create if self.param(o) is None]
        if missing:
            named = missing[0] if len(missing) == 1 else "%s and %s" % (", ".join(missing[:-1]), missing[-1])
            self.fail("%s %s needed to create %s." % (named, "is" if len(missing) == 1 else "are", self.name_of()))
        body = self.create_body()
        children = self.plan_all_children({})
        # Late options are resolved before the POST, so that a name matching nothing fails before anything exists.
        late = dict((o, self.wanted(o)) for o in self.late_options)
        after = copy.deepcopy(body)
        for option, value in late.items():
            if value is not None:
                plant(after, self.api_field(option), value)
        self.merge_children(after, children)
        if after.get(self.id_key) is None:
            # What later tasks of a dry run pass on as this resource's id (see planned()).
            after[self.id_key] = planned(self.describe(), self.param("name"))
        return Plan("create", None, body, children=children, late=late, after=after)

    def changed(self, before, after):
        self.result["changed"] = True
        self.result["diff"] = dict(before=self.for_diff(before), after=self.for_diff(after))

    def for_diff(self, resource):
        view = self.curate(resource)
        for k in self.secret_returns:
            view.pop(k, None)
        return view

    # --- apply (every mutating request through send()) -------------------------------------------

    def apply(self, plan):
        """Sends a plan, waits as the waiter says and reports the change; answers the resource as it is."""
        if plan.action == "update":
            resource = current = plan.before
            self.latest = current
            if plan.changes:
                resource = self.settle(self.send_changes(current, plan.changes), "update")
            if plan.children:
                resource = self.apply_children(resource, plan.children)
        else:
            if plan.action == "replace":
                self.delete(plan.before)
            resource = self.apply_create(plan)
        self.changed(plan.before, resource)
        return resource

    def apply_create(self, plan):
        def post():
            return self.client.post(self.create_path or self.path, body=self.create_request(copy.deepcopy(plan.body)))
        answer = self.send("create", post, lookup=self.find)
        if isinstance(answer, Adopted):
            self.on_adopt(answer)
            resource = dict(answer)
        else:
            resource = self.created(answer)
            self.note_created(resource.get(self.id_key))
        self.latest = resource
        late = self.differences(resource, self.late_options)
        resource = self.settle(resource, "create", force=bool(late))
        if late:
            # IEC takes changes of a resource only once it is no longer being created (IEC.020708).
            resource = self.settle(self.send_changes(resource, late, read=True), "update")
        if plan.children:
            # Planned again against what IEC made: a new resource can come with children of its own (a
            # security group's default rules) that the list must purge.
            plans = dict((o, p) for o, p in self.plan_all_children(resource).items() if p.changed)
            if plans:
                resource = self.apply_children(resource, plans)
        return resource

    def send_changes(self, resource, changes, read=False):
        """Sends changed options: those with a setter each through its own request, the others in one
        update request. Answers the resource as it now is: the update's answer when it is the whole resource
        (and not read), else the resource read again."""
        ident = resource[self.id_key]
        plain = dict((o, v) for o, v in changes.items() if o not in self.setters)
        answer = None
        if plain:
            body = self.wrap(self.update_body(resource, plain), self.envelope)
            answer = self.extract(self.send("update", lambda: self.client.put(self.item_url(ident), body=body)))
        for option in [o for o in changes if o in self.setters]:
            self.send("update %s of" % option, lambda o=option: self.setters[o](self, resource, changes[o]))
            answer = None
        complete = isinstance(answer, dict) and answer.get(self.id_key) and not (read or self.read_after_update)
        self.latest = answer if complete else self.reread(resource, "update")
        return self.latest

    def apply_children(self, resource, plans):
        """Applies child-list plans, each through send(): when a request fails ambiguously (part of the plan
        may be applied), the resource is read again and what is left is planned and sent."""
        by_option = dict((c.option, c) for c in self.children)
        state = dict(resource=resource, plans=plans)
        for option in list(plans):
            def request(option=option):
                plan = state["plans"].get(option)
                if plan is not None and plan.changed:
                    by_option[option].apply(self, state["resource"], plan)

            def left(option=option):
                state["resource"] = self.get(state["resource"][self.id_key]) or state["resource"]
                state["plans"] = self.plan_all_children(state["resource"])
                plan = state["plans"].get(option)
                return state["resource"] if plan is None or not plan.changed else None
            self.send("update %s of" % option, request, lookup=left)
        self.latest = self.reread(state["resource"])
        return self.latest

    # --- kept for modules that call them (stable surface) -----------------------------------------

    def plan_all_children(self, resource):
        """ChildPlans of the child lists whose option is set, against resource ({} for one to create). While
        it runs, self.children_of is that resource, for desired() callbacks (a security group's own id)."""
        self.children_of = resource or {}
        plans = {}
        for child in self.children:
            desired = self.param(child.option)
            if desired is None:
                continue
            if child.desired:
                desired = child.desired(self, desired)
            purge = self.params.get(child.purge_option, True) if child.purge_option else True
            current = child.read(self, resource) if resource else []
            try:
                plans[child.option] = plan_children(desired, current, child.key, child.normalize, purge,
                                                    child.ordered, child.appended)
            except ValueError as e:
                self.fail("%s: %s." % (child.option, e))
        return plans

    def merge_children(self, resource, plans):
        by_option = dict((c.option, c) for c in self.children)
        for option, plan in plans.items():
            plant(resource, by_option[option].result_key, plan.result)

    # --- delete ---------------------------------------------------------------------------------

    def delete(self, current):
        """DELETE, sent again while IEC answers one of delete_retry_codes (within wait_timeout); then, with
        Wait(absent=True), waits until the resource is gone."""
        ident = current[self.id_key]
        self.latest = current
        self.before_delete(current)
        deadline = self._clock() + (self.params.get("wait_timeout") or 600)
        interval = self.poll_interval
        while True:
            try:
                self.send("delete", lambda: self.client.delete(self.item_url(ident)))
                break
            except IecApiError as e:
                if e.status == 404:
                    # A 404 can mean a wrong route or parent as well as a missing resource: look before trusting it.
                    with self.failing_as("delete"):
                        if self.get(ident) is None:
                            self.latest = None
                            return
                    raise
                remaining = deadline - self._clock()
                if not (e.error_code in self.delete_retry_codes or e.status in self.delete_retry_codes) or remaining <= 0:
                    raise
                self.retrying_delete(current, e)
                self._sleep(min(interval, remaining))
                interval = min(interval * 1.5, self.poll_max_interval)
        if self.waiter and self.waiter.absent and self.params.get("wait", True):
            self.wait(ident, self.waiter, absent=True)
        self.latest = None

    def retrying_delete(self, resource, error):
        """Hook: runs before a DELETE refused with one of delete_retry_codes is sent again; raise error to
        stop retrying (a VPC's subnets that nobody deletes)."""

    # --- wait -----------------------------------------------------------------------------------

    def note_created(self, ident):
        """Records that IEC has just answered the creation of ident: see Waiting.create_grace."""
        self.note_fresh(ident)

    def settle(self, resource, operation, force=False):
        """Waits after an operation of waiter.after (with wait, or force); answers the resource merged with
        its last reading: creation answers can carry fields that later reads never show (a private key)."""
        w = self.waiter
        if not w or operation not in w.after or not (force or self.params.get("wait", True)):
            return resource
        if resource and dig(resource, w.field) in w.ready:
            return resource
        merged = dict(resource)
        merged.update(self.wait(resource[self.id_key], w))
        return merged

    def wait_for(self, ident, absent=False):
        """Waits for one resource as self.waiter says (see wait())."""
        return self.wait(ident, self.waiter, absent=absent)

    def wait(self, ident, how, absent=False, words="wait for"):
        """Waits until the resource is in a status of how.ready (a Wait), or with absent until it is gone;
        answers its last reading (None when gone). Fails on a failed status, a disappearance or the timeout,
        reporting what it read; an IEC error while reading fails as "Could not <words> <name>"."""
        done, failed, latest, timeout = self.poll([ident], how, absent, words)
        if ident in done:
            return done[ident]
        resource = latest.get(ident)
        if ident in failed and resource is None:
            self.fail("%s disappeared while waiting for it to become %s." % (
                self.name_of({self.id_key: ident}), " or ".join(how.ready)))
        status = dig(resource, how.field) if resource is not None else None
        report = {self.key: self.curate(resource)} if resource else {}
        if ident in failed:
            reason = how.why(resource)
            self.fail("%s is %s%s." % (self.name_of(resource), status, ": %s" % reason if reason else ""), **report)
        if resource is None and not absent:
            status = "not visible yet"
        self.fail("Timed out after %s seconds waiting for %s to %s; its status is still %s. Raise wait_timeout, or set "
                  "wait: false to return without waiting." % (
                      timeout, self.name_of(resource or {self.id_key: ident}), how.words(absent), status), **report)

    def wait_all(self, idents, how, absent=False, words="wait for"):
        """Waits for several resources at once (a task creating 20 instances waits once, not 20 times).

        Answers (done, failed): done maps each id that reached a ready status (or, with absent, is gone:
        None) to its last reading; failed maps each id in a failed status (with absent: a delete_failed one),
        or that disappeared while awaited, to its last reading (None when it disappeared). The caller decides
        how to report failures, so that no resource goes unreported. Running out of wait_timeout fails,
        naming the resources still pending and returning every reading under '<key>s'."""
        done, failed, latest, timeout = self.poll(idents, how, absent, words)
        pending = [i for i in dict.fromkeys(idents) if i not in done and i not in failed]
        if not pending:
            return done, failed
        states = ", ".join("%s (%s)" % (self.name_of(latest[i] or {self.id_key: i}),
                                        dig(latest[i], how.field) if latest[i] else
                                        "not visible yet" if self.not_visible_yet(i) else "gone") for i in pending)
        self.fail("Timed out after %s seconds waiting for %d %s(s) to %s: %s. Raise wait_timeout, or set wait: false "
                  "to return without waiting." % (timeout, len(pending), self.describe(), how.words(absent), states),
                  **{self.key + "s": [self.curate(latest[i]) for i in idents if latest.get(i)]})

    def poll(self, idents, how, absent, words):
        """Waits for idents as how says (Waiting.await_readings()); a read's IEC error fails as
        "Could not <words> <name>". Answers (done, failed, latest readings, timeout)."""
        timeout = self.params.get("wait_timeout") or 600

        def read(ident):
            with self.failing_as(words):
                resource = self.get(ident, how.path)
            return resource[how.key] if how.key and isinstance(resource, dict) and how.key in resource else resource
        done, failed, latest = self.await_readings(idents, how, read, timeout, absent)[:3]
        return done, failed, latest, timeout


class IecInfo(_Base):
    """Declarative base of *_info modules: one item by id, or a filtered list; never fails on not-found.

    Declaration: key (result key; by default the kind's name plus 's'), kind, id_option (the option whose value is
    read by one GET; by default the kind's id field when the catalog says IEC reads one item by id), list_query
    (option -> query parameter, or (parameter, function), filtered by IEC), client_filters (option -> API field,
    filtered here when IEC cannot), normalizers (option -> function of its value), references, returns, derived.
    Hooks: validate(), fetch() (the items, when not one GET or one filtered list), on_read(resource), curate().
    """

    plural = "s"
    id_option = None
    list_query = {}
    client_filters = {}
    normalizers = {}

    def __init__(self, module, client=None):
        super(IecInfo, self).__init__(module, client)
        if self.id_option is None and self.kind and catalog.kind(self.kind).show:
            self.id_option = self.id_key

    def run(self):
        self.validate()
        try:
            items = self.fetch()
        except IecApiError as e:
            self.fail("Could not list %ss: %s" % (self.describe(), e), error=e.to_dict())
        except IecError as e:
            self.fail(str(e), error=e.to_dict())
        self.module.exit_json(changed=False, **{self.key: [self.curate(i) for i in items]})

    def value(self, option):
        """The option's value as IEC is asked for it: a reference resolved to its id, else normalised."""
        if option in self.references:
            return self.resolve(option, missing_ok=True)
        func = self.normalizers.get(option)
        return func(self.params.get(option)) if func else self.params.get(option)

    def fetch(self):
        if self.id_option and self.params.get(self.id_option):
            item = self.get(self.params[self.id_option])
            return [item] if item else []
        for option in self.references:
            given = self.params.get(option)
            found = self.value(option) if given is not None else None
            if given is not None and (found is None or isinstance(given, list) and len(found) < len(given)):
                return []       # a resource it names does not exist: nothing can match
        items = self.list(query=self.query_of(self.value) or None)
        for option, field in self.client_filters.items():
            want = self.value(option)
            if want is not None:
                items = [i for i in items if dig(i, field) == want]
        return items
