"""The emulator clock: wall time plus an offset, optionally frozen.

Asynchronous states, token expiry and the signature time window all read this clock, so tests can
advance time instead of sleeping.
"""
import calendar
import threading
import time


class Clock:
    def __init__(self):
        self._lock = threading.Lock()
        self._offset = 0.0
        self._frozen_at = None

    def now(self):
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at
            return time.time() + self._offset

    def advance(self, seconds):
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += float(seconds)
            else:
                self._offset += float(seconds)

    def set(self, epoch):
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = float(epoch)
            else:
                self._offset = float(epoch) - time.time()

    def freeze(self, frozen):
        with self._lock:
            if frozen and self._frozen_at is None:
                self._frozen_at = time.time() + self._offset
            elif not frozen and self._frozen_at is not None:
                self._offset = self._frozen_at - time.time()
                self._frozen_at = None

    def reset(self):
        with self._lock:
            self._offset = 0.0
            self._frozen_at = None

    def state(self):
        now = self.now()
        return {"now": now, "iso": iso(now), "frozen": self._frozen_at is not None, "offset": round(self._offset, 6)}


def iso(epoch):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def iso_ms(epoch):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + ".%06dZ" % int((epoch % 1) * 1e6)


def parse_time(value):
    """Epoch seconds, 'YYYYMMDDTHHMMSSZ' (X-Sdk-Date) or 'YYYY-MM-DDTHH:MM:SSZ'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    for fmt in ("%Y%m%dT%H%M%SZ", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ"):
        try:
            return float(calendar.timegm(time.strptime(value, fmt)))
        except (ValueError, TypeError):
            continue
    raise ValueError("unrecognised time %r" % (value,))
