"""How long the cloud takes: one delay per asynchronous operation, as the real IEC shows them.

Every family asks for its delays through `ctx.delay("instance.create")`; nothing else reads time
settings. Three ways to run:

* the profile (default): each operation takes its cloud duration below, jittered by +/- its jitter
  fraction, drawn from a random generator seeded with --seed (deterministic for a sequence of requests);
* --time-scale N: asynchronous state runs N times faster than wall time (a 40 s creation is done after
  0.4 s at N=100). Token expiry and the signature time window keep reading the unscaled clock, so they
  stay correct;
* --async-seconds S: every operation takes exactly S seconds (0 = final at the next request), the old
  single setting, for emulator tests that look at final states only (no eventual-consistency window
  then, unless --delay sets one). --delay OP=S overrides one
  operation (in cloud seconds, before the time scale).

The durations are guided by what met the real cloud: Terraform's IEC resources
(huaweicloud/services/iec/) wait with Delay 10 s / MinTimeout 5 s and a 30-minute timeout for servers,
Delay 5 s / MinTimeout 3 s and 3-10 minutes for subnets, public IPs and VIPs, and sleep 3 s between a
subnet's deletion and the VPC's; the seed calls instance creation, deletion, power actions, OS change,
edge cloud deployment and image creation asynchronous (a job id), and network creation and deletion
asynchronous (UNKNOWN/PENDING_CREATE states). The figures are typical values within those bounds.
"""
import random
import threading

# operation: (cloud seconds, jitter fraction)
PROFILE = {
    # edge instances (seed 4.2; Terraform resource_huaweicloud_iec_server.go: 10 s delay, 5 s polls)
    "instance.create": (45.0, 0.3),       # BUILD -> ACTIVE
    "instance.visible": (6.0, 0.5),       # a new instance answers 404 on GET for this long (eventual consistency)
    "instance.delete": (20.0, 0.3),       # task_state deleting -> gone
    "instance.start": (10.0, 0.3),
    "instance.stop": (10.0, 0.3),
    "instance.reboot": (15.0, 0.3),
    "instance.change_os": (60.0, 0.3),    # REBUILD -> ACTIVE
    "instance.add_nic": (5.0, 0.4),       # new NIC port BUILD -> ACTIVE
    # edge clouds (seed 4.1: deploying -> inService / failed; deleting -> gone)
    "edgecloud.create": (60.0, 0.3),
    "edgecloud.delete": (30.0, 0.3),
    # images (seed 4.3: queued -> saving -> active)
    "image.create": (120.0, 0.3),
    # network (Terraform: subnet / EIP / VIP waits with 5 s delay, 3 s polls)
    "subnet.create": (6.0, 0.4),          # UNKNOWN -> ACTIVE
    "subnet.delete": (6.0, 0.4),          # answered 404 only after this
    "publicip.create": (4.0, 0.4),        # PENDING_CREATE -> DOWN
    "publicip.delete": (4.0, 0.4),        # released: answered 404 only after this (Terraform iec_eip waits)
    "port.create": (3.0, 0.4),            # BUILD -> DOWN (Terraform iec_vip waits for DOWN or ACTIVE)
    "publicip.bind": (3.0, 0.4),          # an instance's public IP PENDING_CREATE -> ACTIVE
}
# Windows of eventual consistency rather than durations: --async-seconds leaves them out (0).
WINDOWS = ("instance.visible",)


class Timing:
    def __init__(self, async_seconds=None, time_scale=1.0, seed=None, overrides=None):
        if time_scale <= 0:
            raise ValueError("the time scale must be > 0")
        unknown = sorted(set(overrides or {}) - set(PROFILE))
        if unknown:
            raise ValueError("unknown operation(s) %s; known: %s" % (", ".join(unknown), ", ".join(sorted(PROFILE))))
        self.async_seconds = None if async_seconds is None else float(async_seconds)
        self.time_scale = float(time_scale)
        self.seed = seed
        self.overrides = dict((k, float(v)) for k, v in (overrides or {}).items())
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def cloud_seconds(self, operation):
        """The duration of one run of the operation as the cloud would take it (jittered)."""
        if operation not in PROFILE:
            raise KeyError("no delay is defined for %r" % operation)
        if operation in self.overrides:
            return self.overrides[operation]
        if self.async_seconds is not None:
            # The single duration of the old setting; it had no eventual-consistency windows.
            return 0.0 if operation in WINDOWS else self.async_seconds
        base, jitter = PROFILE[operation]
        with self._lock:
            factor = 1.0 + jitter * (2.0 * self._rng.random() - 1.0)
        return base * factor

    def delay(self, operation):
        """Seconds on the emulator clock until the operation completes."""
        return self.cloud_seconds(operation) / self.time_scale

    def reseed(self):
        with self._lock:
            self._rng = random.Random(self.seed)

    def state(self):
        return {"async_seconds": self.async_seconds, "time_scale": self.time_scale, "seed": self.seed,
                "overrides": dict(self.overrides)}


def parse_overrides(items):
    """['instance.create=30', ...] -> {'instance.create': 30.0}."""
    out = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise ValueError("--delay takes OPERATION=SECONDS, got %r" % item)
        seconds = float(value)
        if seconds < 0:
            raise ValueError("--delay %s: seconds must be >= 0" % name)
        out[name.strip()] = seconds
    return out
