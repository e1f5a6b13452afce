"""State: every domain's resources, kept as JSON-ready dicts, plus atomic persistence.

One re-entrant lock (State.lock) serialises every request that reads or changes state; the server
holds it around a handler call, so handlers never lock themselves.

A record is a plain dict of the fields the API returns. Emulator-only data lives under the single key
"_meta" (see public()), which is never sent to clients.
"""
import copy
import json
import os
import tempfile
import threading
import uuid

TRANSITION_HOOKS = {}
INDEXES = {}


def on_transition(name):
    """Register fn(store, record, args) to run when a scheduled transition naming `name` is due.

    Hooks are referenced by name so scheduled work survives a restart with --state-file.
    """
    def deco(fn):
        TRANSITION_HOOKS[name] = fn
        return fn
    return deco


def index_on(coll, name, keys):
    """Declare an index `name` of collection `coll`: keys(record) -> the values it is found under.

    DomainStore.indexed(coll, name, value) then answers in time proportional to the records found, not
    to the collection (a bulk creation looks up each new instance's ports and disks: scanning every port
    for each of 10,000 instances made it quadratic). Index only what is fixed once the record is
    inserted (a port's device and addresses, a disk's server): the index follows insert() and delete(),
    not edits in place; a lookup drops records whose keys no longer hold the value.
    """
    INDEXES.setdefault(coll, {})[name] = keys


def _copy(value):
    """A deep copy of JSON-ready data (dicts, lists, scalars): several times faster than copy.deepcopy,
    which every answer's records go through."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return copy.deepcopy(value)


def public(record):
    """A copy of the record without emulator-only data."""
    if record is None:
        return None
    return {k: _copy(v) for k, v in record.items() if k != "_meta"}


def new_id():
    return str(uuid.uuid4())


class State:
    def __init__(self, clock, state_file=None):
        self.lock = threading.RLock()
        self.clock = clock
        self.state_file = state_file
        self.dirty = False
        self.data = self._empty()
        if state_file and os.path.exists(state_file):
            with open(state_file, encoding="utf-8") as fh:
                self.data = json.load(fh)
        self._pending = {}
        self._indexes = {}
        self._rebuild_pending()

    @staticmethod
    def _empty():
        return {"version": 1, "domains": {}, "counters": {}}

    def _rebuild_pending(self):
        self._pending = {}
        for dom, colls in self.data["domains"].items():
            for coll, recs in colls.items():
                for rid, rec in recs.items():
                    if rec.get("_meta", {}).get("transitions"):
                        self._pending.setdefault(dom, set()).add((coll, rid))

    def reset(self):
        with self.lock:
            self.data = self._empty()
            self._pending = {}
            self._indexes = {}
            self.dirty = True
            self.save()

    def domain(self, domain_id):
        return DomainStore(self, domain_id)

    def next_counter(self, name, start=1):
        """A global, persisted counter (public IP addresses, MAC addresses, ...)."""
        c = self.data["counters"].get(name, start - 1) + 1
        self.data["counters"][name] = c
        self.dirty = True
        return c

    def save(self):
        """Write the whole state atomically: temp file in the same directory, fsync, rename, fsync dir.

        A crash at any point leaves either the previous file or the new one, never a partial file.
        """
        if not self.state_file or not self.dirty:
            self.dirty = False
            return
        target = os.path.abspath(self.state_file)
        directory = os.path.dirname(target)
        fd, tmp = tempfile.mkstemp(prefix=".iec-emulator-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self.data, fh, ensure_ascii=False, separators=(",", ":"))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        dfd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
        self.dirty = False

    def apply_due(self, domain_id):
        """Run every transition whose time has come, in time order, for one domain."""
        pend = self._pending.get(domain_id)
        if not pend:
            return
        now = self.clock.now()
        store = self.domain(domain_id)
        due = []
        for coll, rid in list(pend):
            rec = self.data["domains"].get(domain_id, {}).get(coll, {}).get(rid)
            if rec is None:
                pend.discard((coll, rid))
                continue
            for t in rec["_meta"].get("transitions", []):
                if t["at"] <= now:
                    due.append((t["at"], t.get("seq", 0), coll, rid, t))
        for _at, _seq, coll, rid, t in sorted(due, key=lambda x: (x[0], x[1])):
            rec = self.data["domains"].get(domain_id, {}).get(coll, {}).get(rid)
            if rec is None:
                continue
            trs = rec["_meta"]["transitions"]
            if t in trs:
                trs.remove(t)
            if not trs:
                pend.discard((coll, rid))
            if t.get("set"):
                rec.update(t["set"])
            if t.get("hook"):
                TRANSITION_HOOKS[t["hook"]](store, rec, t.get("args") or {})
            if t.get("delete"):
                store.delete(coll, rid)
            self.dirty = True


class DomainStore:
    """One domain's view of the state; other domains' resources are invisible through it."""

    def __init__(self, state, domain_id):
        self.state = state
        self.domain_id = domain_id

    def _coll(self, coll, create=False):
        dom = self.state.data["domains"].get(self.domain_id)
        if dom is None:
            if not create:
                return {}
            dom = self.state.data["domains"].setdefault(self.domain_id, {})
        if coll not in dom:
            if not create:
                return {}
            dom[coll] = {}
        return dom[coll]

    @property
    def now(self):
        return self.state.clock.now()

    def insert(self, coll, record, rid=None, id_field="id"):
        """Store a new record under rid (default: record[id_field], else a fresh uuid).

        The key is written back to record[id_field]; id_field=None stores records that have no id
        field in the API (key pairs are keyed by name).
        """
        rid = rid or (record.get(id_field) if id_field else None) or new_id()
        if id_field:
            record[id_field] = rid
        c = self._coll(coll, create=True)
        if rid in c:
            raise KeyError("duplicate id %s in %s" % (rid, coll))
        record.setdefault("_meta", {})
        record["_meta"].setdefault("created", self.now)
        c[rid] = record
        self._index_add(coll, rid, record)
        self.state.dirty = True
        return record

    def _index(self, coll, name):
        """{value: {rid: record}} of one declared index, built on first use from the collection."""
        key = (self.domain_id, coll, name)
        ix = self.state._indexes.get(key)
        if ix is None:
            keys = INDEXES[coll][name]
            ix = {}
            for rid, rec in self._coll(coll).items():
                for value in keys(rec):
                    ix.setdefault(value, {})[rid] = rec
            self.state._indexes[key] = ix
        return ix

    def _index_add(self, coll, rid, record):
        for name, keys in INDEXES.get(coll, {}).items():
            ix = self.state._indexes.get((self.domain_id, coll, name))
            if ix is not None:
                for value in keys(record):
                    ix.setdefault(value, {})[rid] = record

    def _index_remove(self, coll, rid, record):
        for name, keys in INDEXES.get(coll, {}).items():
            ix = self.state._indexes.get((self.domain_id, coll, name))
            if ix is not None:
                for value in keys(record):
                    found = ix.get(value)
                    if found is not None:
                        found.pop(rid, None)
                        if not found:
                            del ix[value]

    def indexed(self, coll, name, value):
        """The records of coll found under `value` in the index `name` (see index_on), in insertion order."""
        keys = INDEXES[coll][name]
        return [rec for rec in self._index(coll, name).get(value, {}).values() if value in keys(rec)]

    def get(self, coll, rid):
        if not isinstance(rid, str):
            return None
        return self._coll(coll).get(rid)

    def require(self, coll, rid, error):
        """The record, or raise `error` (an ApiError, e.g. api_error("IEC.020104"))."""
        rec = self.get(coll, rid)
        if rec is None:
            raise error
        return rec

    def all(self, coll):
        return list(self._coll(coll).values())

    def find(self, coll, pred=None, **equals):
        out = []
        for rec in self._coll(coll).values():
            if all(rec.get(k) == v for k, v in equals.items()) and (pred is None or pred(rec)):
                out.append(rec)
        return out

    def count(self, coll, pred=None, **equals):
        return len(self.find(coll, pred, **equals))

    def update(self, coll, rid, **changes):
        rec = self._coll(coll)[rid]
        rec.update(changes)
        self.state.dirty = True
        return rec

    def touch(self):
        """Mark state changed after editing a record in place."""
        self.state.dirty = True

    def delete(self, coll, rid):
        rec = self._coll(coll).pop(rid, None)
        if rec is not None:
            self._index_remove(coll, rid, rec)
            self.state.dirty = True
            pend = self.state._pending.get(self.domain_id)
            if pend:
                pend.discard((coll, rid))
        return rec

    def schedule(self, coll, rid, delay, set=None, delete=False, hook=None, args=None):
        """Change a record later, on the emulator clock: `set` fields, run a named hook, or delete it.

        delay is in seconds (0 = due at the next request). Transitions of one record run in the order
        of their times, then of scheduling.
        """
        rec = self._coll(coll)[rid]
        trs = rec.setdefault("_meta", {}).setdefault("transitions", [])
        t = {"at": self.now + float(delay), "seq": self.state.next_counter("transition")}
        if set:
            t["set"] = set
        if delete:
            t["delete"] = True
        if hook:
            if hook not in TRANSITION_HOOKS:
                raise KeyError("unknown transition hook %s" % hook)
            t["hook"] = hook
            t["args"] = args or {}
        trs.append(t)
        self.state._pending.setdefault(self.domain_id, set_()).add((coll, rid))
        self.state.dirty = True
        return t

    def cancel_transitions(self, coll, rid):
        rec = self.get(coll, rid)
        if rec and rec.get("_meta", {}).get("transitions"):
            rec["_meta"]["transitions"] = []
            self.state.dirty = True

    def pending(self, coll, rid):
        rec = self.get(coll, rid)
        return bool(rec and rec.get("_meta", {}).get("transitions"))


set_ = set
