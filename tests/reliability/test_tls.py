"""TLS: certificates are verified by default. Against the emulator over HTTPS with a self-signed CA (made here
with cryptography), modules, look-ups and the inventory fail with a message naming ca_path and validate_certs
when they do not know the CA, and work with ca_path (option or HUAWEICLOUD_CA_PATH)."""
import collections
import json
import subprocess

import harness

Case = collections.namedtuple("Case", "id kind target args")
TLS_WORDS = ("tls verification", "ca_path", "validate_certs")


def test_certificates_are_verified_by_default_and_ca_path_makes_them_trusted(emulators, ansible, scratch):
    ca, cert, key = harness.self_signed_ca(scratch / "tls")
    emulator = emulators(*harness.CLOUD_TIMING, "--tls-cert", cert, "--tls-key", key, ca=ca)
    assert emulator.url.startswith("https://127.0.0.1:")
    demo = harness.DEMO
    password = dict(access_key="", secret_key="", user=demo["user"], password=demo["password"],
                    domain_name=demo["domain_name"])
    cases = [
        Case("module-default", "module", "huaweicloud.iec.vpc_info", {}),
        Case("module-ca-path", "module", "huaweicloud.iec.vpc_info", {"ca_path": str(ca)}),
        Case("module-create-ca-path", "module", "huaweicloud.iec.vpc",
             {"name": "rel-tls-vpc", "cidr": "192.168.0.0/16", "mode": "CUSTOMER", "ca_path": str(ca)}),
        Case("module-iam-default", "module", "huaweicloud.iec.keypair_info", dict(password)),
        Case("module-iam-ca-path", "module", "huaweicloud.iec.keypair_info", dict(password, ca_path=str(ca))),
        Case("module-no-validation", "module", "huaweicloud.iec.vpc_info", {"validate_certs": False}),
        Case("module-other-ca", "module", "huaweicloud.iec.vpc_info", {"ca_path": str(scratch / "tls-other" / "ca.pem")}),
        Case("lookup-default", "lookup", "huaweicloud.iec.site", {"terms": ["shanghai"], "kwargs": {}}),
        Case("lookup-ca-path", "lookup", "huaweicloud.iec.site", {"terms": ["shanghai"], "kwargs": {"ca_path": str(ca)}}),
        Case("lookup-resource-ca-path", "lookup", "huaweicloud.iec.resource",
             {"terms": ["vpcs"], "kwargs": {"ca_path": str(ca)}}),
    ]
    harness.self_signed_ca(scratch / "tls-other")
    results = harness.run_cases(ansible, scratch / "tls", emulator.connection_env(), cases, workers=2)
    inventory_config = harness.write_yaml(scratch / "tls" / "tls.iec.yml", {"plugin": "huaweicloud.iec.iec"})
    inventory_env = dict(emulator.connection_env(), ANSIBLE_INVENTORY_ENABLED="huaweicloud.iec.iec",
                         ANSIBLE_INVENTORY_UNPARSED_FAILED="true")
    inventory_default = ansible.inventory(["-i", inventory_config, "--list"], env=inventory_env, label="tls-inventory")
    inventory_ca = ansible.inventory(["-i", inventory_config, "--list"], env=dict(inventory_env, HUAWEICLOUD_CA_PATH=str(ca)),
                                     label="tls-inventory-ca-path")

    failing = ("module-default", "module-iam-default", "module-other-ca", "lookup-default")
    for case in cases:
        harness.FIGURES.add("tls_checks")
        outcome = results[case.id]
        if case.id in failing:
            assert outcome["failed"], case.id
            text = outcome["msg"].lower()
            assert all(w in text for w in TLS_WORDS), (case.id, outcome["msg"])
            assert "certificate verify failed" in text, (case.id, outcome["msg"])
        else:
            assert not outcome["failed"], (case.id, outcome)
    assert "iam endpoint" in results["module-iam-default"]["msg"].lower()
    assert "does not hold the ca" in results["module-other-ca"]["msg"].lower()
    harness.FIGURES.add("tls_checks", 2)
    assert inventory_default.rc != 0 and all(w in inventory_default.output.lower() for w in TLS_WORDS), inventory_default
    assert inventory_ca.rc == 0, inventory_ca

    # Only the runs that trusted the CA reached the API: the VPC exists once, and every logged request came
    # from a verified connection (a failed handshake never becomes a request).
    log = emulator.log()
    harness.record_log(log)
    vpcs = emulator.api().list("vpcs")
    assert [v["name"] for v in vpcs] == ["rel-tls-vpc"]
    assert len([e for e in log if e["method"] == "POST" and e["path"] == "/v1/vpcs"]) == 1

    # validate_certs is documented as on by default for modules, the inventory and the look-ups.
    for kind, name in (("module", "huaweicloud.iec.vpc"), ("inventory", "huaweicloud.iec.iec"),
                       ("lookup", "huaweicloud.iec.site")):
        out = subprocess.run([str(harness.BIN / "ansible-doc"), "-t", kind, "-j", name], env=ansible.env(),
                             capture_output=True, text=True, check=True).stdout
        doc = json.loads(out)[name]["doc"]
        assert doc["options"]["validate_certs"].get("default") is True, (name, doc["options"]["validate_certs"])
        harness.FIGURES.add("tls_checks")
