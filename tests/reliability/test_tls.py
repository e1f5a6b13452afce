"""TLS: certificates are verified by default. Against the emulator over HTTPS with a self-signed CA (made here
with cryptography), modules, look-ups and the inventory fail with a message naming ca_path and validate_certs
when they do not know the CA, and work with ca_path (option or HUAWEICLOUD_CA_PATH); through an HTTPS_PROXY,
they reach the endpoint in a CONNECT tunnel (the proxy sees only ciphertext)."""
import collections
import json
import select
import socket
import socketserver
import subprocess
import threading

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


class ConnectProxy(socketserver.ThreadingTCPServer):
    """A minimal CONNECT proxy: answers 200 and pipes bytes both ways; records each tunnel's target."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), TunnelHandler)
        self.targets = []
        self.lock = threading.Lock()


class TunnelHandler(socketserver.StreamRequestHandler):
    def handle(self):
        request_line = self.rfile.readline().decode("latin-1").split()
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass
        if len(request_line) < 2 or request_line[0] != "CONNECT":
            self.wfile.write(b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n")
            return
        with self.server.lock:
            self.server.targets.append(request_line[1])
        host, port = request_line[1].rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)), timeout=30)
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        client = self.connection
        try:
            while True:
                readable = select.select([client, upstream], [], [], 30)[0]
                if not readable:
                    return
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    (upstream if source is client else client).sendall(data)
        finally:
            upstream.close()


def test_https_goes_through_a_connect_proxy_and_no_proxy_bypasses_it(emulators, ansible, scratch):
    ca, cert, key = harness.self_signed_ca(scratch / "tls-proxy")
    emulator = emulators(*harness.CLOUD_TIMING, "--tls-cert", cert, "--tls-key", key, ca=ca)
    proxy = ConnectProxy()
    threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    try:
        # Both spellings, so that whatever the machine sets is overridden (an empty no_proxy unsets it).
        address = "http://127.0.0.1:%d" % proxy.server_address[1]
        proxied = dict(emulator.connection_env(ca=ca), HTTPS_PROXY=address, https_proxy=address, NO_PROXY="",
                       no_proxy="")
        cases = [Case("module-proxy", "module", "huaweicloud.iec.vpc_info", {}),
                 Case("lookup-proxy", "lookup", "huaweicloud.iec.site", {"terms": ["shanghai"], "kwargs": {}})]
        results = harness.run_cases(ansible, scratch / "tls-proxy", proxied, cases, workers=1)
        assert all(not results[case.id]["failed"] for case in cases), results
        inventory_config = harness.write_yaml(scratch / "tls-proxy" / "proxy.iec.yml", {"plugin": "huaweicloud.iec.iec"})
        inventory = ansible.inventory(["-i", inventory_config, "--list"], label="tls-proxy-inventory",
                                      env=dict(proxied, ANSIBLE_INVENTORY_ENABLED="huaweicloud.iec.iec",
                                               ANSIBLE_INVENTORY_UNPARSED_FAILED="true"))
        assert inventory.rc == 0, inventory
        endpoint = emulator.url[len("https://"):]
        with proxy.lock:
            tunnels = list(proxy.targets)
        assert tunnels and set(tunnels) == {endpoint}, tunnels
        # NO_PROXY names the endpoint: straight there, the proxy sees nothing more.
        bypass = dict(proxied, NO_PROXY="127.0.0.1", no_proxy="127.0.0.1")
        results = harness.run_cases(ansible, scratch / "tls-proxy-bypass", bypass,
                                    [Case("module-no-proxy", "module", "huaweicloud.iec.vpc_info", {})], workers=1)
        assert not results["module-no-proxy"]["failed"], results
        with proxy.lock:
            assert proxy.targets == tunnels
        harness.FIGURES.add("tls_checks", 4)
    finally:
        proxy.shutdown()
        proxy.server_close()
