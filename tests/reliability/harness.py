"""What the reliability tests share: the collection tree, emulators, Ansible runs, counts and figures.

Everything here drives real processes: `iec-emulator` (started per test or per module, on a free
loopback port, stopped by its own pid), and `ansible-playbook` / `ansible-inventory` run against the
collection tree that scripts/build.sh makes. Tests assert counts read from the emulator (its request
log, its lists), never seconds.
"""
import base64
import collections
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
PLAYBOOKS = HERE / "playbooks"

MUTATING = ("POST", "PUT", "DELETE", "PATCH")
FAULT_STATUSES = (429, 500, 502, 503, 504)
START_DEADLINE_S = 30
# The emulator as the cloud behaves (iec_emulator/timing.py: instance creation ~45 s, a new instance hidden
# for ~6 s, deletions, power actions, edge clouds, images, subnets...), jittered under a fixed seed, run
# IEC_TIME_SCALE times faster than wall time so that the suite stays fast (scripts/test.sh sets the same scale
# for the integration stage).
CLOUD_TIMING = ("--time-scale", os.environ.get("IEC_TIME_SCALE", "50"), "--seed", os.environ.get("IEC_SEED", "11"))

# The demo domain of the emulator (iec_emulator.accounts.DEMO), spelled out so that this file does not
# import the emulator's package.
DEMO = {
    "domain_name": "iec-demo", "domain_id": "0d4bd3c6e7a84a3b9c1e2f3a4b5c6d7e", "user": "demo",
    "password": "Demo-Passw0rd!", "ak": "IECDEMOAK00000000001", "sk": "IecDemoSecretKey0000000000000000000000001",
}

# Two domains for isolation and bad-input tests. The secrets are distinctive so that a grep for them
# in any output cannot match by accident.
ALPHA = {
    "domain_name": "rel-alpha", "domain_id": "a1" * 16, "user": "ann", "password": "Alpha-Pw-7f3c9e21d",
    "ak": "RELALPHAAK0000000001", "sk": "relAlphaSecretKey-5b8e0d4a91c7f2e6",
}
BETA = {
    "domain_name": "rel-beta", "domain_id": "b2" * 16, "user": "bob", "password": "Beta-Pw-c04e7d19aa",
    "ak": "RELBETAAK00000000001", "sk": "relBetaSecretKey-e93a17c5d20b4f86",
}


def accounts_doc(*domains):
    return {"domains": [{
        "name": d["domain_name"], "id": d["domain_id"],
        "users": [{"name": d["user"], "password": d["password"]}],
        "access_keys": [{"ak": d["ak"], "sk": d["sk"]}],
    } for d in domains]}


# --- figures for the closing report ----------------------------------------------------------------

class Figures:
    """Counts the suite reports at its end (conftest prints them and writes them to a JSON file)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.data = collections.OrderedDict(
            (k, 0) for k in ("ansible_runs", "provision_runs", "runs_converged", "requests_seen", "faults_injected",
                             "faults_429", "faults_5xx", "faults_dropped", "bad_input_cases", "bad_input_cases_passed",
                             "secret_greps", "leaks_found", "kills", "tls_checks", "isolation_checks"))
        self.notes = []

    def add(self, key, n=1):
        with self._lock:
            self.data[key] = self.data.get(key, 0) + n

    def note(self, text):
        with self._lock:
            self.notes.append(text)


FIGURES = Figures()


# --- the collection tree ---------------------------------------------------------------------------

def collections_path(scratch):
    """The folder to put in ANSIBLE_COLLECTIONS_PATH.

    Inside the tree that scripts/build.sh made (scripts/test.sh runs its stages there) that tree is used
    as it is; from a checkout, scripts/build.sh copies the collection into the scratch folder first.
    """
    if ROOT.parts[-3:] == ("ansible_collections", "huaweicloud", "iec"):
        return ROOT.parents[2]
    dest = Path(scratch) / "collections"
    subprocess.run(["bash", str(ROOT / "scripts" / "build.sh"), str(dest / "ansible_collections" / "huaweicloud" / "iec")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return dest


# --- the emulator ----------------------------------------------------------------------------------

class Emulator:
    """One iec-emulator process on a free loopback port; stop() ends exactly that process."""

    def __init__(self, workdir, *args, accounts=None, name="emulator", ca=None):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.args = [str(a) for a in args]
        self.name = name
        cmd = [PYTHON, "-m", "iec_emulator", "--host", "127.0.0.1", "--port", "0"] + self.args
        if accounts is not None:
            path = self.workdir / ("%s-accounts.json" % name)
            path.write_text(json.dumps(accounts))
            cmd += ["--accounts", str(path)]
        self.stdout_path = self.workdir / ("%s.out" % name)
        self.stderr_path = self.workdir / ("%s.err" % name)
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=dict(os.environ, PYTHONUNBUFFERED="1"))
        self.url = self._wait_for_address()
        self.http = requests.Session()
        self.http.verify = str(ca) if ca else True
        self.requests_seen = 0

    def _wait_for_address(self):
        prefix = "iec-emulator listening on "
        deadline = time.monotonic() + START_DEADLINE_S
        while time.monotonic() < deadline:
            first = self.stdout_path.read_text(errors="replace").split("\n", 1)
            if len(first) == 2 and first[0].startswith(prefix):
                return first[0][len(prefix):].strip()
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)  # polling for the first line, bounded by the deadline
        self.stop()
        raise RuntimeError("iec-emulator did not start: %s %s" % (self.stdout_path.read_text(errors="replace"),
                                                                  self.stderr_path.read_text(errors="replace")))

    @property
    def pid(self):
        return self.proc.pid

    def hook(self, method, name, body=None):
        # verify per request: requests prefers REQUESTS_CA_BUNDLE from the environment over Session.verify.
        r = self.http.request(method, "%s/_emulator/%s" % (self.url, name),
                              data=None if body is None else json.dumps(body), timeout=30, verify=self.http.verify)
        r.raise_for_status()
        return r.json() if r.content else None

    def log(self):
        return self.hook("GET", "requests")["requests"]

    def clear_log(self):
        self.hook("DELETE", "requests")

    def reset(self):
        self.hook("POST", "reset")

    def set_faults(self, **faults):
        return self.hook("PUT", "faults", faults)

    def clear_faults(self):
        self.hook("DELETE", "faults")

    def clock(self, **change):
        return self.hook("PUT", "clock", change)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(15)

    def connection_env(self, who=None, mode="aksk", ca=None):
        """HUAWEICLOUD_* variables that point every module and plugin at this emulator (DEMO's by default)."""
        who = who or DEMO
        env = {"HUAWEICLOUD_IEC_ENDPOINT": self.url, "HUAWEICLOUD_IAM_ENDPOINT": self.url}
        if mode == "aksk":
            env.update(HUAWEICLOUD_SDK_AK=who["ak"], HUAWEICLOUD_SDK_SK=who["sk"],
                       HUAWEICLOUD_SDK_DOMAIN_ID=who["domain_id"])
        else:
            env.update(HUAWEICLOUD_USER=who["user"], HUAWEICLOUD_PASSWORD=who["password"],
                       HUAWEICLOUD_DOMAIN_NAME=who["domain_name"])
        if ca:
            env["HUAWEICLOUD_CA_PATH"] = str(ca)
        return env

    def api(self, who=None):
        return Api(self.url, who or DEMO, verify=self.http.verify)


def fault_counts(log):
    """Injected faults in a request log: the emulator records them without an operation or a domain."""
    counts = collections.Counter()
    for entry in log:
        if entry.get("operation") is None and entry.get("domain_id") is None:
            if entry.get("status") is None:
                counts["dropped"] += 1
            elif entry["status"] == 429:
                counts["429"] += 1
            elif entry["status"] in FAULT_STATUSES:
                counts["5xx"] += 1
    counts["total"] = counts["dropped"] + counts["429"] + counts["5xx"]
    return counts


def record_log(log):
    """Adds a request log to the figures; returns its fault counts."""
    faults = fault_counts(log)
    FIGURES.add("requests_seen", len(log))
    FIGURES.add("faults_injected", faults["total"])
    FIGURES.add("faults_429", faults["429"])
    FIGURES.add("faults_5xx", faults["5xx"])
    FIGURES.add("faults_dropped", faults["dropped"])
    return faults


def mutating(log):
    return [e for e in log if e["method"] in MUTATING and not e["path"].startswith("/v3/auth/tokens")]


# --- a plain client of the emulator, independent of the collection's --------------------------------

class Api:
    """Reads (and, for setup, writes) one domain's resources with a token, through plain requests."""

    LISTS = {
        "vpcs": ("/v1/vpcs", "vpcs"),
        "subnets": ("/v1/subnets", "subnets"),
        "security_groups": ("/v1/security-groups", "security_groups"),
        "security_group_rules": ("/v1/security-group-rules", "security_group_rules"),
        "keypairs": ("/v1/os-keypairs", None),
        "instances": ("/v1/cloudservers", "servers"),
        "public_ips": ("/v1/publicips", "publicips"),
        "volumes": ("/v1/cloudvolumes", "volumes"),
        "bandwidths": ("/v1/bandwidths", "bandwidths"),
        "network_acls": ("/v1/firewalls", "firewalls"),
        "route_tables": ("/v1/routetables", "routetables"),
        "ports": ("/v1/ports", "ports"),
    }

    def __init__(self, url, who, verify=True):
        self.url = url
        self.who = who
        self.s = requests.Session()
        self.verify = verify
        r = self.s.post(url + "/v3/auth/tokens", timeout=30, verify=verify, json={"auth": {
            "identity": {"methods": ["password"], "password": {"user": {
                "name": who["user"], "password": who["password"], "domain": {"name": who["domain_name"]}}}},
            "scope": {"domain": {"name": who["domain_name"]}}}})
        assert r.status_code == 201, r.text
        self.s.headers["X-Auth-Token"] = r.headers["X-Subject-Token"]
        self.s.headers["Content-Type"] = "application/json"

    def call(self, method, path, body=None, query=None, ok=(200, 201, 202, 204)):
        r = self.s.request(method, self.url + path, data=None if body is None else json.dumps(body),
                           params=query, timeout=30, verify=self.verify)
        assert r.status_code in ok, "%s %s -> %s %s" % (method, path, r.status_code, r.text[:400])
        return r.json() if r.content else None

    def list(self, kind, **query):
        path, key = self.LISTS[kind]
        query.setdefault("limit", 1000)
        if kind == "instances":
            query.setdefault("offset", 1)
        data = self.call("GET", path, query=query)
        items = data if key is None else data[key]
        if kind == "keypairs":
            items = [i.get("keypair", i) for i in items]
        return items

    def snapshot(self, kinds=None):
        return dict((kind, self.list(kind)) for kind in (kinds or self.LISTS))

    def sites(self):
        return self.call("GET", "/v1/sites", query={"limit": 1000})["sites"]


def names(items):
    return sorted(str(i.get("name")) for i in items)


def duplicates(items, key="name"):
    counts = collections.Counter(str(i.get(key)) for i in items)
    return sorted(k for k, n in counts.items() if n > 1)


# --- Ansible ---------------------------------------------------------------------------------------

class Run:
    def __init__(self, rc, output, path):
        self.rc = rc
        self.output = output
        self.path = path

    def tail(self, lines=60):
        return "\n".join(self.output.splitlines()[-lines:])

    def __repr__(self):
        return "<Run rc=%s log=%s>\n%s" % (self.rc, self.path, self.tail())


class Ansible:
    """Runs ansible-playbook and ansible-inventory as subprocesses with a clean environment."""

    def __init__(self, collections_dir, scratch):
        self.collections_dir = Path(collections_dir)
        self.scratch = Path(scratch)
        self.logs = self.scratch / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self._n = 0
        self._lock = threading.Lock()

    def env(self, extra=None):
        base = dict((k, v) for k, v in os.environ.items()
                    if not k.startswith(("HUAWEICLOUD_", "ANSIBLE_")))
        home = self.scratch / "ansible-home"
        base.update({
            "ANSIBLE_COLLECTIONS_PATH": str(self.collections_dir),
            "ANSIBLE_HOME": str(home),
            "ANSIBLE_LOCAL_TEMP": str(home / "tmp"),
            "ANSIBLE_REMOTE_TEMP": str(home / "remote-tmp"),
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "ANSIBLE_PYTHON_INTERPRETER": PYTHON,
            "ANSIBLE_DEPRECATION_WARNINGS": "false",
            "PATH": "%s%s%s" % (BIN, os.pathsep, os.environ.get("PATH", "")),
            "PYTHONUNBUFFERED": "1",
        })
        base.update(extra or {})
        return base

    def _log_path(self, label):
        with self._lock:
            self._n += 1
            n = self._n
        return self.logs / ("%03d-%s.log" % (n, re.sub(r"[^A-Za-z0-9_.-]+", "-", label)[:60]))

    def start(self, tool, args, env=None, label="run"):
        """Starts a command in its own process group (so that a kill reaches its module processes too)."""
        path = self._log_path(label)
        out = open(path, "wb")
        proc = subprocess.Popen([str(BIN / tool)] + [str(a) for a in args], stdout=out, stderr=subprocess.STDOUT,
                                env=self.env(env), cwd=str(self.scratch), start_new_session=True)
        proc.log_path, proc.log_file = path, out
        FIGURES.add("ansible_runs")
        return proc

    def finish(self, proc, timeout=600):
        try:
            rc = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)
            rc = "timeout"
        proc.log_file.close()
        return Run(rc, proc.log_path.read_text(errors="replace"), proc.log_path)

    def run(self, tool, args, env=None, label="run", timeout=600):
        return self.finish(self.start(tool, args, env, label), timeout)

    def playbook(self, args, env=None, label="playbook", timeout=600):
        return self.run("ansible-playbook", args, env, label, timeout)

    def inventory(self, args, env=None, label="inventory", timeout=300):
        return self.run("ansible-inventory", args, env, label, timeout)


# --- many cases in one playbook ----------------------------------------------------------------------

def case_task(case):
    """One case as a block: the step, then a record of success; the rescue records the failure's messages."""
    record_ok = {"ansible.builtin.set_fact": {
        "rel_results": "{{ rel_results | combine({%s: {'failed': false, 'changed': rel_step.changed | default(false), "
                       "'result': rel_step | default({}), 'end': now(utc=true).timestamp()}}) }}" % json.dumps(case.id)}}
    record_failure = {"ansible.builtin.set_fact": {
        "rel_results": "{{ rel_results | combine({%s: {'failed': true, 'msg': (ansible_failed_result.msg | default('')) "
                       "~ ' ' ~ (ansible_failed_result.argument_errors | default([]) | join(' ')) ~ ' ' ~ "
                       "(ansible_failed_result.results | default([]) | selectattr('msg', 'defined') "
                       "| map(attribute='msg') | join(' ')), 'end': now(utc=true).timestamp()}}) }}"
                       % json.dumps(case.id)}}
    if case.kind == "module":
        step = {"name": case.id, case.target: case.args, "register": "rel_step"}
    elif case.kind == "role":
        step = {"name": case.id, "ansible.builtin.include_role": {"name": case.target}, "vars": case.args}
    else:
        step = {"name": case.id, "ansible.builtin.set_fact": {
            "rel_lookup": "{{ query(%s, *rel_terms, **rel_kwargs) }}" % json.dumps(case.target)},
            "vars": {"rel_terms": case.args["terms"], "rel_kwargs": case.args["kwargs"]}, "register": "rel_step"}
    return {"name": "case " + case.id, "block": [step, record_ok], "rescue": [record_failure]}


def run_cases(ansible, folder, env, cases, workers=3):
    """Runs module, role and look-up cases in one playbook, each in a block whose rescue records the failure;
    the cases are shared among `workers` local hosts (strategy free). Answers {id: {failed, msg}} for a failure,
    {id: {failed, changed, result}} for a success (result: the registered result of the module or set_fact)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shares = collections.defaultdict(list)
    for n, case in enumerate(cases):
        shares["w%d" % (n % workers)].append(case)
    for host, share in shares.items():
        write_yaml(folder / ("cases-%s.yml" % host), [case_task(c) for c in share])
    playbook = [{
        "name": "Cases, each in a block whose rescue records the failure",
        "hosts": "workers", "gather_facts": False, "strategy": "free",
        "vars": {"rel_results": {}},
        "tasks": [
            {"name": "The cases of this worker", "ansible.builtin.include_tasks": "cases-{{ inventory_hostname }}.yml"},
            {"name": "Results", "ansible.builtin.copy": {"content": "{{ rel_results | to_json }}", "mode": "0600",
                                                         "dest": str(folder) + "/results-{{ inventory_hostname }}.json"}},
        ],
    }]
    write_yaml(folder / "cases.yml", playbook)
    inventory = write_yaml(folder / "workers.yml", {"workers": {"hosts": dict(
        (host, {"ansible_connection": "local"}) for host in shares)}})
    started = time.time()
    run = ansible.playbook(["-i", inventory, "--forks", str(workers), folder / "cases.yml"], env=env,
                           label=folder.name + "-cases")
    assert run.rc == 0, run
    results = {}
    for host, share in shares.items():
        recorded = json.loads((folder / ("results-%s.json" % host)).read_text())
        # Each worker runs its cases one after the other: a case began when the one before it ended.
        begin = started
        for case in share:
            if case.id in recorded:
                recorded[case.id]["begin"] = begin
                begin = recorded[case.id]["end"]
        results.update(recorded)
    return results


def cases_at(results, when):
    """The cases that were running at a time (the emulator's log time, on its real-time clock)."""
    return sorted(cid for cid, r in results.items() if "begin" in r and r["begin"] - 0.05 <= when <= r["end"] + 0.05)


# --- keys, certificates ----------------------------------------------------------------------------

def ssh_key_pair(comment="reliability"):
    """A fresh RSA key: (public key in OpenSSH form, private key PEM)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    return public.decode() + " " + comment, private.decode()


def self_signed_ca(folder):
    """A CA and a server certificate for 127.0.0.1 signed by it: (ca.pem, cert.pem, key.pem)."""
    import ipaddress
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "huaweicloud.iec reliability test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
          .not_valid_after(now + datetime.timedelta(days=2))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                        x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = folder / "ca.pem", folder / "cert.pem", folder / "key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return paths


def b64(text):
    return base64.b64encode(text.encode()).decode()


def write_yaml(path, data):
    Path(path).write_text(yaml.safe_dump(data, default_flow_style=False, sort_keys=False))
    return Path(path)
