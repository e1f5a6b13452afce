"""The recipe of docs/awx.md, run as written: the project, the credential's injector and the job template's
variables are read from the guide itself, then huaweicloud.iec.provision runs through ansible-runner (the
engine AWX uses) with the credential only in the job's environment, never as variables.

Usage: python tests/awx/runner_provision.py DOCS_AWX_MD EXAMPLES_EDGE_YML INTEGRATION_CONFIG_YML
with the collection on ANSIBLE_COLLECTIONS_PATH (the playbook_provision integration target calls it so), and
integration_config.yml naming the emulator and its demo credentials.

From the guide: section 2's injector (env), section 3's project layout (each file with the content its
comment gives; edge.yml a copy of examples/edge.yml, "edited": its names and key file), section 4's
inventory file and section 5's job template variables. Then: provision (changed), provision again
(changed=0, only GET requests, all in the credential's domain), the inventory source, teardown, teardown
again (changed=0). Exits non-zero on any failure, naming what went wrong.
"""
import json
import os
import re
import sys
import tempfile
import urllib.request

import ansible_runner
import jinja2
import yaml


def emulator(endpoint, method, path):
    with urllib.request.urlopen(urllib.request.Request(endpoint.rstrip("/") + path, method=method)) as answer:
        body = answer.read()
    return json.loads(body) if body else None


def code_blocks(text):
    return re.findall(r"^```[a-z]*\n(.*?)^```", text, flags=re.S | re.M)


def table_value(text, field):
    """The value of a row of the guide's tables: | Variables | `edge_vars_file: ...` |"""
    match = re.search(r"^\| %s \| (.*) \|$" % re.escape(field), text, flags=re.M)
    if not match:
        sys.exit("docs/awx.md has no table row '%s'" % field)
    return match.group(1).strip().strip("`")


class Guide:
    def __init__(self, path):
        with open(path) as f:
            text = f.read()
        blocks = code_blocks(text)
        parsed = []
        for block in blocks:
            try:
                parsed.append(yaml.safe_load(block))
            except yaml.YAMLError:
                parsed.append(None)
        injectors = [p for p in parsed if isinstance(p, dict) and "env" in p]
        inputs = [p for p in parsed if isinstance(p, dict) and "fields" in p]
        layouts = [b for b in blocks if "collections/requirements.yml" in b]
        if not (injectors and inputs and layouts):
            sys.exit("docs/awx.md lacks the injector, the credential type's inputs or the project layout")
        self.injector = injectors[0]["env"]
        self.input_fields = [f["id"] for f in inputs[0]["fields"]]
        # "path   # content": the project's files and what the guide says each holds.
        self.layout = []
        for line in layouts[0].splitlines():
            if line.strip():
                path, _sep, comment = line.partition("#")
                self.layout.append((path.strip(), comment.strip()))
        self.extravars = yaml.safe_load(table_value(text, "Variables"))
        self.inventory_file = table_value(text, "Inventory file")
        self.playbook = table_value(text, "Project / Playbook").split("/")[-1].strip().strip("`")


def make_project(guide, project, example_edge):
    for path, comment in guide.layout:
        target = os.path.join(project, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if path == "edge.yml":
            # "a copy of the collection's examples/edge.yml, edited": its own names, and the private key in a
            # folder that does not exist yet (an execution environment has no ~/.ssh).
            with open(example_edge) as f:
                edge = f.read()
            edge = re.sub(r"(?m)^edge_name: .*$", "edge_name: awx-edge", edge)
            edge = re.sub(r"(?m)^edge_keypair_name: .*$", "edge_keypair_name: awx-edge-key", edge)
            edge = re.sub(r"(?m)^edge_private_key_file: .*$",
                          "edge_private_key_file: %s" % os.path.join(project, "keys", "awx-edge-key.pem"), edge)
            content = edge
        elif comment.startswith("collections:") or comment.startswith("plugin:"):
            content = "---\n" + yaml.safe_dump(yaml.safe_load(comment), default_flow_style=False)
        elif comment.startswith("- "):
            content = "---\n" + comment + "\n"
        else:
            sys.exit("docs/awx.md: no content for %s in the project layout (%r)" % (path, comment))
        with open(target, "w") as f:
            f.write(content)


def credential_env(guide, config):
    inputs = dict(access_key=config["iec_access_key"], secret_key=config["iec_secret_key"],
                  domain_id=config["iec_domain_id"], security_token="",
                  endpoint=config["iec_endpoint"], iam_endpoint=config["iec_iam_endpoint"])
    unknown = set(inputs) - set(guide.input_fields)
    if unknown:
        sys.exit("docs/awx.md's credential type has no field %s" % ", ".join(sorted(unknown)))
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return dict((k, env.from_string(v).render(**inputs)) for k, v in guide.injector.items())


def run(guide, private_data_dir, playbook, injected):
    # AWX starts the job with a clean environment plus the credential's injected variables; do the same,
    # keeping only what finds ansible and the collection.
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_PATHS", "VIRTUAL_ENV",
            "PYTHONPATH", "TMPDIR")
    envvars = dict((k, os.environ[k]) for k in keep if k in os.environ)
    envvars.update(injected)
    envvars.update(ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    result = ansible_runner.run(
        private_data_dir=private_data_dir,
        playbook=playbook,
        # An AWX inventory names localhost like this; the interpreter is the one running ansible-playbook.
        inventory="localhost ansible_connection=local ansible_python_interpreter={{ ansible_playbook_python }}",
        envvars=envvars,
        extravars=guide.extravars,
        quiet=True,
    )
    if result.status != "successful":
        sys.stdout.write(result.stdout.read())
        sys.exit("%s through ansible-runner: %s (rc %s)" % (playbook, result.status, result.rc))
    return result


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    guide = Guide(argv[1])
    with open(argv[3]) as f:
        config = yaml.safe_load(f)
    injected = credential_env(guide, config)
    endpoint = config["iec_endpoint"]
    with tempfile.TemporaryDirectory(prefix="iec-runner-") as private_data_dir:
        project = os.path.join(private_data_dir, "project")
        make_project(guide, project, argv[2])
        with open(os.path.join(project, "teardown.yml")) as f:
            assert "huaweicloud.iec.teardown" in f.read()

        first = run(guide, private_data_dir, guide.playbook, injected)
        if not first.stats["changed"].get("localhost"):
            sys.exit("the first provision through ansible-runner changed nothing: %s" % first.stats)
        key = os.path.join(project, "keys", "awx-edge-key.pem")
        if not os.path.getsize(key) or oct(os.stat(os.path.dirname(key)).st_mode & 0o777) != "0o700":
            sys.exit("the private key was not kept in a 0700 folder: %s" % key)

        emulator(endpoint, "DELETE", "/_emulator/requests")
        second = run(guide, private_data_dir, guide.playbook, injected)
        if second.stats["changed"]:
            sys.exit("the second provision through ansible-runner changed something: %s" % second.stats)
        requests = [r for r in emulator(endpoint, "GET", "/_emulator/requests")["requests"]
                    if r["path"] != "/v3/auth/tokens"]
        methods = sorted(set(r["method"] for r in requests))
        domains = sorted(set(r["domain_id"] for r in requests))
        if methods != ["GET"] or domains != [config["iec_domain_id"]]:
            sys.exit("the second provision sent %s for domains %s" % (methods, domains))

        # The inventory source of section 4, with the same credential.
        envvars = dict((k, os.environ[k]) for k in ("PATH", "HOME", "ANSIBLE_COLLECTIONS_PATH") if k in os.environ)
        envvars.update(injected, ANSIBLE_INVENTORY_UNPARSED_FAILED="true")
        out, err = ansible_runner.get_inventory("list", [os.path.join(project, guide.inventory_file)],
                                                envvars=envvars, response_format="json", quiet=True)
        hosts = sorted(h for h in (out.get("_meta", {}).get("hostvars", {}) if isinstance(out, dict) else {})
                       if h.startswith("awx-edge-"))
        if len(hosts) != 3:
            sys.exit("the inventory source found %s, not the 3 instances (%s)" % (hosts, err))

        teardown = run(guide, private_data_dir, "teardown.yml", injected)
        if not teardown.stats["changed"].get("localhost"):
            sys.exit("the teardown through ansible-runner changed nothing: %s" % teardown.stats)
        again = run(guide, private_data_dir, "teardown.yml", injected)
        if again.stats["changed"]:
            sys.exit("the second teardown through ansible-runner changed something: %s" % again.stats)
    print("docs/awx.md through ansible-runner: provision, no-op provision (%d requests, all GET, domain from the "
          "injected environment), inventory source (%d hosts), teardown twice" % (len(requests), len(hosts)))


if __name__ == "__main__":
    main(sys.argv)
