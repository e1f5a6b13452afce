"""Fixtures of the reliability suite: the collection tree (built by scripts/build.sh), Ansible runs in a
clean environment, emulators that each test starts and stops, and the figures printed at the end."""
import json
import os

import pytest

import harness


@pytest.fixture(scope="session")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("reliability")


@pytest.fixture(scope="session")
def collections_dir(scratch):
    return harness.collections_path(scratch)


@pytest.fixture(scope="session")
def ansible(collections_dir, scratch):
    return harness.Ansible(collections_dir, scratch)


@pytest.fixture
def emulators(scratch, request):
    """emulators(*args, accounts=..., name=...) starts an emulator that is stopped when the test ends."""
    started = []

    def start(*args, accounts=None, name=None, ca=None):
        label = name or "%s-%d" % (request.node.name[:40], len(started))
        emulator = harness.Emulator(scratch / "emulators", *args, accounts=accounts, name=label, ca=ca)
        started.append(emulator)
        return emulator

    yield start
    for emulator in started:
        emulator.stop()


def pytest_terminal_summary(terminalreporter):
    figures = harness.FIGURES
    if not figures.data.get("ansible_runs"):
        return
    terminalreporter.section("reliability figures")
    for key, value in figures.data.items():
        terminalreporter.write_line("%-24s %s" % (key, value))
    for note in figures.notes:
        terminalreporter.write_line("note: %s" % note)
    target = os.environ.get("IEC_RELIABILITY_FIGURES")
    if target:
        with open(target, "w") as fh:
            json.dump({"figures": figures.data, "notes": figures.notes}, fh, indent=2)


class TwoDomains:
    """An emulator serving the domains ALPHA and BETA, each holding the resources of domain_setup.yml."""

    def __init__(self, emulator, ids):
        self.emulator = emulator
        self.alpha, self.beta = ids["alpha"], ids["beta"]

    def env(self, who=None, mode="aksk"):
        return self.emulator.connection_env(who or harness.ALPHA, mode)


@pytest.fixture(scope="session")
def two_domains(ansible, scratch):
    emulator = harness.Emulator(scratch / "emulators", *harness.CLOUD_TIMING,
                                accounts=harness.accounts_doc(harness.ALPHA, harness.BETA), name="two-domains")
    try:
        public_key = harness.ssh_key_pair("reliability-domains")[0]
        procs = {}
        for label, who in (("alpha", harness.ALPHA), ("beta", harness.BETA)):
            out = scratch / ("%s-ids.json" % label)
            procs[label] = (out, ansible.start("ansible-playbook", [
                harness.PLAYBOOKS / "domain_setup.yml", "-e", "prefix=rel-%s" % label, "-e", "out=%s" % out,
                "-e", "public_key='%s'" % public_key], env=emulator.connection_env(who), label="setup-%s" % label))
        ids = {}
        for label, (out, proc) in procs.items():
            run = ansible.finish(proc)
            assert run.rc == 0, run
            ids[label] = json.loads(out.read_text())
        yield TwoDomains(emulator, ids)
    finally:
        emulator.stop()
