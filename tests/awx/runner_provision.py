"""huaweicloud.iec.provision as AWX runs it: through ansible-runner, with the credentials only in the
environment (what the custom credential type of docs/awx.md injects), never as variables.

Usage: python tests/awx/runner_provision.py EDGE_VARS_FILE
with HUAWEICLOUD_IEC_ENDPOINT, HUAWEICLOUD_IAM_ENDPOINT, HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and
HUAWEICLOUD_SDK_DOMAIN_ID set for an IEC emulator, and the collection on ANSIBLE_COLLECTIONS_PATH (the
playbook_provision integration target calls it so). Provisions, provisions again (changed=0, only GET
requests, counted from the emulator's request log), tears down; exits non-zero on any failure.
"""
import json
import os
import sys
import tempfile
import urllib.request

import ansible_runner

CREDENTIAL_ENV = ("HUAWEICLOUD_IEC_ENDPOINT", "HUAWEICLOUD_IAM_ENDPOINT", "HUAWEICLOUD_SDK_AK",
                  "HUAWEICLOUD_SDK_SK", "HUAWEICLOUD_SDK_DOMAIN_ID")


def emulator(method, path):
    url = os.environ["HUAWEICLOUD_IEC_ENDPOINT"].rstrip("/") + path
    with urllib.request.urlopen(urllib.request.Request(url, method=method)) as answer:
        body = answer.read()
    return json.loads(body) if body else None


def run(playbook, vars_file, private_data_dir):
    # AWX starts the job with a clean environment plus the credential's injected variables; do the same,
    # keeping only what finds ansible and the collection.
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_PATHS", "VIRTUAL_ENV",
            "PYTHONPATH", "TMPDIR", "PLAYBOOK_PROVISION_DIR")
    envvars = dict((k, os.environ[k]) for k in keep if k in os.environ)
    envvars.update((k, os.environ[k]) for k in CREDENTIAL_ENV)
    envvars.update(ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    result = ansible_runner.run(
        private_data_dir=private_data_dir,
        playbook=playbook,
        # An AWX inventory names localhost like this; the interpreter is the one running ansible-playbook.
        inventory="localhost ansible_connection=local ansible_python_interpreter={{ ansible_playbook_python }}",
        envvars=envvars,
        extravars={"edge_vars_file": vars_file},
        quiet=True,
    )
    if result.status != "successful":
        sys.stdout.write(result.stdout.read())
        sys.exit("%s through ansible-runner: %s (rc %s)" % (playbook, result.status, result.rc))
    return result


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    missing = [k for k in CREDENTIAL_ENV if not os.environ.get(k)]
    if missing:
        sys.exit("set %s" % ", ".join(missing))
    vars_file = os.path.abspath(argv[1])
    with tempfile.TemporaryDirectory(prefix="iec-runner-") as private_data_dir:
        first = run("huaweicloud.iec.provision", vars_file, private_data_dir)
        if not first.stats["changed"].get("localhost"):
            sys.exit("the first provision through ansible-runner changed nothing: %s" % first.stats)

        emulator("DELETE", "/_emulator/requests")
        second = run("huaweicloud.iec.provision", vars_file, private_data_dir)
        if second.stats["changed"]:
            sys.exit("the second provision through ansible-runner changed something: %s" % second.stats)
        requests = [r for r in emulator("GET", "/_emulator/requests")["requests"] if r["path"] != "/v3/auth/tokens"]
        methods = sorted(set(r["method"] for r in requests))
        domains = sorted(set(r["domain_id"] for r in requests))
        if methods != ["GET"] or domains != [os.environ["HUAWEICLOUD_SDK_DOMAIN_ID"]]:
            sys.exit("the second provision sent %s for domains %s" % (methods, domains))

        teardown = run("huaweicloud.iec.teardown", vars_file, private_data_dir)
        if not teardown.stats["changed"].get("localhost"):
            sys.exit("the teardown through ansible-runner changed nothing: %s" % teardown.stats)
    print("ansible-runner: provision, no-op provision (%d requests, all GET, domain from the environment), "
          "teardown" % len(requests))


if __name__ == "__main__":
    main(sys.argv)
