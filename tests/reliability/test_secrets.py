"""No secret in Ansible's output with -vvvv and --diff, in a diff, in the inventory cache or in the emulator's
request log: the access key secret, a security token, a password, tokens (given and issued), admin_pass,
a generated private key and user data (as written and base64-encoded). Every value is distinctive."""
import json
import re

import harness
import scenarios

SECRET = {
    "domain_name": "rel-secret", "domain_id": "c3" * 16, "user": "sam", "password": "Pw-S3cret-9d1f2a7c41",
    "ak": "RELSECRETAK000000001", "sk": "sk-S3cret-4e8b1f0d9a73c652",
}
SECURITY_TOKEN = "st-S3cret-b71c09e4f2d8a635"
TEMP_AK, TEMP_SK = "RELSECRETTMPAK000001", "tmp-sk-S3cret-0c5a9e7d31f4"
ADMIN_PASS = "Adm1n-S3cret-5f2e"
USER_DATA = "#cloud-config\nruncmd:\n  - echo ud-S3cret-a94f7c2e0b18 > /etc/edge-token\n"
ISSUED_TOKEN = re.compile(r"MIIemu[A-Za-z0-9_=-]{16,}")
CACHE_PLUGIN = "ansible.builtin.jsonfile"


def accounts():
    doc = harness.accounts_doc(SECRET)
    doc["domains"][0]["access_keys"].append({"ak": TEMP_AK, "sk": TEMP_SK, "security_token": SECURITY_TOKEN})
    return doc


def private_key_lines(path):
    """The body lines of a PEM private key, each of them distinctive."""
    lines = [ln.strip() for ln in path.read_text().splitlines()]
    return [ln for ln in lines if ln and not ln.startswith("-----")]


def test_no_secret_in_output_diff_inventory_cache_or_request_log(emulators, ansible, scratch):
    emulator = emulators(*harness.CLOUD_TIMING, accounts=accounts())
    base = {"HUAWEICLOUD_IEC_ENDPOINT": emulator.url, "HUAWEICLOUD_IAM_ENDPOINT": emulator.url}
    temp_key_env = dict(base, HUAWEICLOUD_SDK_AK=TEMP_AK, HUAWEICLOUD_SDK_SK=TEMP_SK,
                        HUAWEICLOUD_SDK_SECURITY_TOKEN=SECURITY_TOKEN, HUAWEICLOUD_SDK_DOMAIN_ID=SECRET["domain_id"])
    given_token = emulator.api(SECRET).s.headers["X-Auth-Token"]
    runs = []

    # 1. provision.yml through the roles, a temporary AK/SK with its security token, a key pair IEC generates.
    spec = scenarios.Provision("rels", [("shanghai", "192.168.1.0/24", 1)], private_key_file=str(scratch / "rels.pem"))
    vars_file = spec.write(scratch / "secrets-provision.vars.yml")
    run = ansible.playbook(["huaweicloud.iec.provision", "-e", "edge_vars_file=%s" % vars_file, "-vvvv", "--diff"],
                           env=temp_key_env, label="secrets-provision")
    assert run.rc == 0, run
    assert spec.problems(emulator.api(SECRET)) == []
    runs.append(run)

    # 2. secrets.yml with user/password in module_defaults, 3. in check mode with a given token, creating anew.
    for label, connection, name, check in (
            ("secrets-password", {"user": SECRET["user"], "password": SECRET["password"],
                                  "domain_name": SECRET["domain_name"]}, "relsec-vm", False),
            ("secrets-token-check", {"auth_token": given_token}, "relsec-vm2", True)):
        extra = harness.write_yaml(scratch / ("%s.vars.yml" % label), {
            "prefix": "relsec", "instance_name": name, "key_file": str(scratch / "relsec.pem"),
            "secret_admin_pass": ADMIN_PASS, "secret_user_data": USER_DATA,
            "iec_connection": dict(connection, endpoint=emulator.url, iam_endpoint=emulator.url)})
        args = [harness.PLAYBOOKS / "secrets.yml", "-e", "@%s" % extra, "-vvvv", "--diff"] + (["--check"] if check else [])
        run = ansible.playbook(args, env={}, label=label)
        assert run.rc == 0, run
        runs.append(run)
    assert "relsec-vm" in [s["name"] for s in emulator.api(SECRET).list("instances")]

    # 4. the inventory, with a cache on disk, user/password from the environment.
    cache_dir = scratch / "inventory-cache"
    config = harness.write_yaml(scratch / "secrets.iec.yml", {
        "plugin": "huaweicloud.iec.iec", "cache": True, "cache_plugin": CACHE_PLUGIN,
        "cache_connection": str(cache_dir), "cache_timeout": 3600})
    env = dict(base, HUAWEICLOUD_USER=SECRET["user"], HUAWEICLOUD_PASSWORD=SECRET["password"],
               HUAWEICLOUD_DOMAIN_NAME=SECRET["domain_name"], ANSIBLE_INVENTORY_ENABLED="huaweicloud.iec.iec",
               ANSIBLE_INVENTORY_UNPARSED_FAILED="true")
    run = ansible.inventory(["-i", config, "--list", "-vvvv"], env=env, label="secrets-inventory")
    assert run.rc == 0, run
    hosts = json.loads(run.output[run.output.index("{"):])["_meta"]["hostvars"]
    assert "relsec-vm" in hosts and "rels-shanghai-0001" in hosts
    runs.append(run)
    cached = [p for p in cache_dir.rglob("*") if p.is_file()]
    assert cached, "the inventory wrote no cache"

    secrets = {
        "secret_key": SECRET["sk"], "temporary secret_key": TEMP_SK, "security_token": SECURITY_TOKEN,
        "password": SECRET["password"], "given auth_token": given_token, "admin_pass": ADMIN_PASS,
        "user_data": "ud-S3cret-a94f7c2e0b18", "user_data (base64)": harness.b64(USER_DATA),
    }
    for n, line in enumerate(private_key_lines(scratch / "rels.pem") + private_key_lines(scratch / "relsec.pem")):
        secrets["private key line %d" % n] = line
    places = dict(("output of %s" % r.path.name, r.output) for r in runs)
    places.update(("inventory cache %s" % p.name, p.read_text(errors="replace")) for p in cached)
    log = emulator.log()
    harness.record_log(log)
    places["emulator request log"] = json.dumps(log)

    leaks = []
    for place, text in places.items():
        for what, value in secrets.items():
            harness.FIGURES.add("secret_greps")
            if value in text:
                leaks.append("%s in %s" % (what, place))
        harness.FIGURES.add("secret_greps")
        if ISSUED_TOKEN.search(text):
            leaks.append("an issued token (%s...) in %s" % (ISSUED_TOKEN.search(text).group(0)[:12], place))
    harness.FIGURES.add("leaks_found", len(leaks))
    assert leaks == [], leaks
    # The greps can find something: the secrets did reach the API (the instance has its user data), and the
    # private keys were written where the playbooks keep them.
    server = [s for s in emulator.api(SECRET).list("instances") if s["name"] == "relsec-vm"][0]
    assert server.get("OS-EXT-SRV-ATTR:user_data") == harness.b64(USER_DATA)
    assert len(private_key_lines(scratch / "rels.pem")) > 10
