"""The emulator's timing (iec_emulator/timing.py): the cloud's delay profile, jitter under a seed, the time
scale, per-operation overrides and the eventual-consistency window of a new instance (issue 11, defect 2).

Every test freezes the emulator clock and advances it: nothing sleeps."""
import pytest

from conftest import TokenClient
from iec_emulator.timing import PROFILE, WINDOWS, Timing, parse_overrides
from test_compute_lifecycle import network, ok, server_body, show


def started(factory, *args):
    emu = factory(*args)
    emu.freeze()
    return emu, TokenClient(emu.url)


# ------------------------------------------------------------------ the Timing object itself
def test_profile_is_jittered_within_bounds_and_deterministic_under_a_seed():
    one, two = Timing(seed=7), Timing(seed=7)
    draws = [one.cloud_seconds("instance.create") for _draw in range(50)]
    assert draws == [two.cloud_seconds("instance.create") for _draw in range(50)]
    base, jitter = PROFILE["instance.create"]
    assert all(base * (1 - jitter) <= d <= base * (1 + jitter) for d in draws)
    assert len(set(round(d, 3) for d in draws)) > 10            # jittered, not one value
    assert [Timing(seed=8).cloud_seconds("instance.create") for _draw in range(5)] != draws[:5]


def test_time_scale_divides_every_delay_and_async_seconds_fixes_them():
    scaled = Timing(seed=1, time_scale=100)
    plain = Timing(seed=1)
    for op in sorted(PROFILE):
        assert scaled.delay(op) == pytest.approx(plain.delay(op) / 100)
    fixed = Timing(async_seconds=3)
    assert set(fixed.delay(op) for op in PROFILE if op not in WINDOWS) == {3.0}
    assert [fixed.delay(op) for op in WINDOWS] == [0.0] * len(WINDOWS)
    assert Timing(async_seconds=0).delay("instance.create") == 0.0


def test_overrides_name_known_operations_only():
    assert Timing(overrides={"subnet.delete": 9}, seed=1).delay("subnet.delete") == 9.0
    assert Timing(async_seconds=0, overrides={"instance.visible": 4}).delay("instance.visible") == 4.0
    with pytest.raises(ValueError, match="unknown operation"):
        Timing(overrides={"instance.craete": 1})
    with pytest.raises(ValueError):
        parse_overrides(["instance.create"])
    assert parse_overrides(["instance.create=2.5"]) == {"instance.create": 2.5}
    with pytest.raises(KeyError):
        Timing().delay("no.such")


# ------------------------------------------------------------------ the emulator with its profile
def test_default_profile_takes_cloud_time_and_hides_a_new_instance_for_a_while(emulator_factory):
    emu, api = started(emulator_factory, "--seed", "3")
    assert emu.hook("GET", "timing") == {"async_seconds": None, "time_scale": 1.0, "seed": 3, "overrides": {}}
    n = network(api)
    emu.advance(PROFILE["subnet.create"][0] * 2)
    sid = ok(api.post("/v1/cloudservers", server_body(n)), 202)["server_ids"][0]
    # Defect 2: right after the creation the instance answers 404 on GET, while the list shows it.
    code, body = show(api, sid)
    assert (code, body["error_code"]) == (404, "IEC.010200")
    assert [s["id"] for s in ok(api.get("/v1/cloudservers"))["servers"]] == [sid]
    base, jitter = PROFILE["instance.visible"]
    emu.advance(base * (1 + jitter) + 0.01)
    assert ok(show(api, sid))["server"]["status"] == "BUILD"
    # Still building after ten seconds: creation takes tens of seconds, as on the cloud.
    emu.advance(10)
    assert ok(show(api, sid))["server"]["status"] == "BUILD"
    base, jitter = PROFILE["instance.create"]
    emu.advance(base * (1 + jitter))
    assert ok(show(api, sid))["server"]["status"] == "ACTIVE"


def test_time_scale_makes_the_profile_fast(emulator_factory):
    emu, api = started(emulator_factory, "--time-scale", "100", "--seed", "1")
    n = network(api)
    emu.advance(1)
    sid = ok(api.post("/v1/cloudservers", server_body(n)), 202)["server_ids"][0]
    base, jitter = PROFILE["instance.create"]
    emu.advance(base * (1 - jitter) / 100 - 0.01)
    assert ok(show(api, sid))["server"]["status"] == "BUILD"
    emu.advance(base * 2 * jitter / 100 + 0.02)
    assert ok(show(api, sid))["server"]["status"] == "ACTIVE"


def test_same_seed_same_delays_across_emulators(emulator_factory):
    def creation_time(emu, api):
        n = network(api)
        emu.advance(1)
        sid = ok(api.post("/v1/cloudservers", server_body(n)), 202)["server_ids"][0]
        waited = 0.0
        while show(api, sid)[0] != 200 or ok(show(api, sid))["server"]["status"] != "ACTIVE":
            emu.advance(0.01)
            waited += 0.01
            assert waited < 1.0
        return round(waited, 2)
    first = creation_time(*started(emulator_factory, "--time-scale", "100", "--seed", "42"))
    again = creation_time(*started(emulator_factory, "--time-scale", "100", "--seed", "42"))
    assert first == again


def test_delay_override_on_the_command_line(emulator_factory):
    emu, api = started(emulator_factory, "--async-seconds", "0", "--delay", "instance.create=50")
    n = network(api)
    sid = ok(api.post("/v1/cloudservers", server_body(n)), 202)["server_ids"][0]
    assert ok(show(api, sid))["server"]["status"] == "BUILD"     # no visibility window under --async-seconds
    emu.advance(49)
    assert ok(show(api, sid))["server"]["status"] == "BUILD"
    emu.advance(1)
    assert ok(show(api, sid))["server"]["status"] == "ACTIVE"


def test_bad_timing_options_are_refused():
    import subprocess
    import sys
    for args in (["--time-scale", "0"], ["--delay", "nope=1"], ["--delay", "instance.create"]):
        run = subprocess.run([sys.executable, "-m", "iec_emulator", "--port", "0"] + args, capture_output=True,
                             text=True, timeout=30, check=False)
        assert run.returncode == 2, args
        assert "iec-emulator:" in run.stderr
