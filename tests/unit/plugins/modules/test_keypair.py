"""huaweicloud.iec.keypair and keypair_info, their declarations driven by the engine with a fake client."""

import base64
import copy

import pytest

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import IecApiError
from ansible_collections.huaweicloud.iec.plugins.modules.keypair import Keypair
from ansible_collections.huaweicloud.iec.plugins.modules.keypair_info import KeypairInfo
from iec_fakes import Exited, Failed, FakeModule


def rsa_key(bits, seed=1, comment="me@host"):
    """An OpenSSH ssh-rsa public key line whose modulus has exactly `bits` bits."""
    def field(data):
        return len(data).to_bytes(4, "big") + data
    modulus = (1 << (bits - 1)) | (seed * 2 + 1)
    blob = field(b"ssh-rsa") + field((65537).to_bytes(3, "big")) + field(b"\x00" + modulus.to_bytes(bits // 8, "big"))
    line = "ssh-rsa " + base64.b64encode(blob).decode()
    return line + (" " + comment if comment else "")


KEY_A = rsa_key(2048, seed=1)
KEY_B = rsa_key(2048, seed=2)


class KeypairClient:
    """/v1/os-keypairs as the seed describes it: no envelope, the list is a bare array."""

    def __init__(self, *keypairs):
        self.keypairs = dict((k["name"], dict(k)) for k in keypairs)
        self.calls = []
        self.post_fault = None

    def _error(self, status, method, path, code, ambiguous=False):
        return IecApiError(status=status, error_code=code, error_msg="x", method=method, path=path,
                           ambiguous=ambiguous)

    def get(self, path, query=None):
        self.calls.append(("GET", path))
        name = path.rsplit("/", 1)[-1]
        if name not in self.keypairs:
            raise self._error(404, "GET", path, "IEC.010220")
        return copy.deepcopy(self.keypairs[name])

    def list_all(self, path, items_key, query=None):
        assert items_key is None
        self.calls.append(("LIST", path))
        return [copy.deepcopy(k) for k in self.keypairs.values()]

    def post(self, path, body=None, query=None):
        self.calls.append(("POST", path, dict(body)))
        keypair = {"name": body["name"], "user_id": "u1", "fingerprint": "SHA256:%d" % len(self.calls),
                   "public_key": body.get("public_key") or KEY_B}
        self.keypairs[body["name"]] = dict(keypair)
        if self.post_fault:
            fault, self.post_fault = self.post_fault, None
            raise fault
        if not body.get("public_key"):
            keypair["private_key"] = "-----BEGIN RSA PRIVATE KEY-----\nsecret\n-----END RSA PRIVATE KEY-----"
        return keypair

    def delete(self, path, query=None):
        self.calls.append(("DELETE", path))
        name = path.rsplit("/", 1)[-1]
        if name not in self.keypairs:
            raise self._error(404, "DELETE", path, "IEC.010220")
        del self.keypairs[name]

    def mutating(self):
        return [c for c in self.calls if c[0] in ("POST", "DELETE")]


def run(client, check_mode=False, **kw):
    params = dict(name="deploy", public_key=None, force=False, state="present")
    params.update(kw)
    module = FakeModule(params, check_mode)
    with pytest.raises((Exited, Failed)) as info:
        Keypair(module, client=client).run()
    outcome = "failed" if isinstance(info.value, Failed) else "ok"
    return outcome, info.value.result, module


def stored(name="deploy", key=KEY_A):
    return {"name": name, "public_key": key, "fingerprint": "SHA256:old", "user_id": "u1"}


# --- input checks -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name, message", [
    ("", "name must be 1 to 64 characters long; '' has 0."),
    ("k" * 65, "name must be 1 to 64 characters long; '%s' has 65." % ("k" * 65)),
])
def test_name_length_is_checked_before_any_request(name, message):
    client = KeypairClient()
    outcome, result, _unused = run(client, name=name)
    assert outcome == "failed" and result["msg"] == message
    assert client.calls == []


@pytest.mark.parametrize("name", ["key pair!", "deploy key", "a/b", "k@host", "r\u00e9seau"])
def test_name_pattern_is_checked_before_any_request(name):
    client = KeypairClient()
    outcome, result, _unused = run(client, name=name)
    assert outcome == "failed"
    assert result["msg"] == ("name may hold only letters, digits, Chinese characters, '-', '_' and '.'; got '%s'."
                             % name)
    assert client.calls == []


@pytest.mark.parametrize("name", ["deploy", "my-key_1.pub", "\u5bc6\u94a5"])
def test_names_of_the_pattern_are_accepted(name):
    client = KeypairClient()
    outcome, _result, _unused = run(client, name=name)
    assert outcome == "ok"


@pytest.mark.parametrize("key, message", [
    ("not a key", "public_key is not usable: its type is not, and IEC accepts only ssh-rsa keys."),
    ("ssh-rsa", "public_key is not usable: it is not in the OpenSSH form 'ssh-rsa AAAA... [comment]'."),
    ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK+Glu1gDwBP2G9vTx9ChZr29oGPHEebz2GOKEjUPGvl",
     "public_key is not usable: its type is ssh-ed25519, and IEC accepts only ssh-rsa keys."),
    ("ssh-rsa !!!notbase64", "public_key is not usable: its key body is not valid base64."),
    ("ssh-rsa " + base64.b64encode(b"\x00\x00\x00\x07ssh-rsa\x00\x00").decode(),
     "public_key is not usable: its key body is truncated."),
    (rsa_key(1536), "public_key is a 1536-bit RSA key; IEC accepts 1024, 2048 or 4096 bits."),
])
def test_unusable_public_keys_fail_before_any_request(key, message):
    client = KeypairClient()
    outcome, result, _unused = run(client, public_key=key)
    assert outcome == "failed" and result["msg"] == message
    assert client.calls == []


@pytest.mark.parametrize("bits", [1024, 2048, 4096])
def test_supported_rsa_sizes_are_accepted(bits):
    client = KeypairClient()
    outcome, result, _unused = run(client, public_key=rsa_key(bits))
    assert outcome == "ok" and result["changed"]


# --- create -----------------------------------------------------------------------------------------

def test_generate_returns_the_private_key_but_never_in_diff():
    client = KeypairClient()
    outcome, result, _unused = run(client)
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [("POST", "/v1/os-keypairs", {"name": "deploy"})]
    assert result["keypair"]["private_key"].startswith("-----BEGIN RSA PRIVATE KEY-----")
    assert result["keypair"]["public_key"] == KEY_B
    assert "private_key" not in result["diff"]["after"] and "private_key" not in result["diff"]["before"]
    assert "secret" not in repr(result["diff"])


def test_generated_key_pair_is_left_alone_on_the_next_run():
    client = KeypairClient(stored(key=KEY_B))
    outcome, result, _unused = run(client)
    assert outcome == "ok" and not result["changed"]
    assert result["keypair"]["private_key"] is None
    assert client.calls == [("GET", "/v1/os-keypairs/deploy")]


def test_import_sends_the_public_key_and_returns_no_private_key():
    client = KeypairClient()
    outcome, result, _unused = run(client, public_key=KEY_A)
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [("POST", "/v1/os-keypairs", {"name": "deploy", "public_key": KEY_A})]
    assert result["keypair"]["private_key"] is None
    assert result["diff"]["after"]["public_key"] == KEY_A


def test_create_in_check_mode_sends_nothing():
    client = KeypairClient()
    outcome, result, _unused = run(client, check_mode=True, public_key=KEY_A)
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == []
    assert result["keypair"]["name"] == "deploy" and result["keypair"]["public_key"] == KEY_A


def test_names_are_quoted_in_paths():
    client = KeypairClient()
    run(client, name="\u5bc6\u94a5.1")
    assert client.calls[0] == ("GET", "/v1/os-keypairs/%E5%AF%86%E9%92%A5.1")


# --- idempotency and replacement ---------------------------------------------------------------------

def test_same_key_with_another_comment_or_wrapping_is_unchanged():
    client = KeypairClient(stored(key=KEY_A))
    wrapped = KEY_A.replace(" me@host", "").replace("AAAA", "\nAAAA", 1) + "  other@comment\n"
    outcome, result, _unused = run(client, public_key=wrapped)
    assert outcome == "ok" and not result["changed"]
    assert client.mutating() == []
    assert result["keypair"]["fingerprint"] == "SHA256:old"


def test_another_key_under_the_name_fails_without_force():
    client = KeypairClient(stored(key=KEY_A))
    outcome, result, _unused = run(client, public_key=KEY_B)
    assert outcome == "failed"
    assert result["msg"].startswith("Cannot change public_key of key pair 'deploy' from 'ssh-rsa AAAA")
    assert result["msg"].endswith("IEC does not allow it. Set force: true to replace it.")
    assert client.mutating() == []


def test_force_replaces_the_key_by_delete_and_import():
    client = KeypairClient(stored(key=KEY_A))
    outcome, result, _unused = run(client, public_key=KEY_B, force=True)
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [("DELETE", "/v1/os-keypairs/deploy"),
                                 ("POST", "/v1/os-keypairs", {"name": "deploy", "public_key": KEY_B})]
    assert result["diff"]["before"]["public_key"] == KEY_A
    assert result["diff"]["after"]["public_key"] == KEY_B


def test_force_replace_in_check_mode_sends_nothing():
    client = KeypairClient(stored(key=KEY_A))
    outcome, result, _unused = run(client, check_mode=True, public_key=KEY_B, force=True)
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == []
    assert result["diff"]["before"]["public_key"] == KEY_A and result["keypair"]["public_key"] == KEY_A and result["diff"]["after"]["public_key"] == KEY_B


def test_force_with_the_same_key_changes_nothing():
    client = KeypairClient(stored(key=KEY_A))
    outcome, result, _unused = run(client, public_key=KEY_A, force=True)
    assert outcome == "ok" and not result["changed"] and client.mutating() == []


def test_ambiguous_create_adopts_and_warns_that_a_private_key_is_lost():
    client = KeypairClient()
    client.post_fault = IecApiError(status=None, method="POST", path="/v1/os-keypairs", ambiguous=True,
                                    message="connection lost")
    outcome, result, module = run(client)
    assert outcome == "ok" and result["changed"]
    assert len([c for c in client.calls if c[0] == "POST"]) == 1
    assert result["keypair"]["private_key"] is None
    assert "private key is lost" in module.warnings[0]


# --- absent -----------------------------------------------------------------------------------------

def test_absent_deletes_then_is_unchanged():
    client = KeypairClient(stored())
    outcome, result, _unused = run(client, state="absent")
    assert outcome == "ok" and result["changed"]
    assert client.mutating() == [("DELETE", "/v1/os-keypairs/deploy")]
    assert result["keypair"]["name"] == "deploy"
    outcome, result, _unused = run(client, state="absent")
    assert outcome == "ok" and not result["changed"] and result["keypair"] == {}


def test_absent_in_check_mode_sends_nothing():
    client = KeypairClient(stored())
    outcome, result, _unused = run(client, check_mode=True, state="absent")
    assert outcome == "ok" and result["changed"] and client.mutating() == []
    assert "deploy" in client.keypairs


def test_api_errors_become_one_sentence_with_the_error():
    client = KeypairClient()

    def refuse(path, body=None, query=None):
        raise IecApiError(status=400, error_code="IEC.010225", error_msg="key pair name (x_y) is illegal.",
                          method="POST", path=path)

    client.post = refuse
    # A name of the pattern that IEC refuses all the same: its error becomes the sentence.
    outcome, result, _unused = run(client, name="x_y")
    assert outcome == "failed"
    assert result["msg"] == ("Could not create key pair 'x_y': IEC refused POST /v1/os-keypairs: 400 IEC.010225 "
                             "key pair name (x_y) is illegal.")
    assert result["error"]["error_code"] == "IEC.010225"


# --- keypair_info -----------------------------------------------------------------------------------

def info(client, **kw):
    module = FakeModule(dict(dict(name=None), **kw))
    with pytest.raises(Exited) as exc:
        KeypairInfo(module, client=client).run()
    return exc.value.result


def test_info_lists_all_key_pairs_without_private_keys():
    client = KeypairClient(stored("a"), dict(stored("b"), private_key="never"))
    result = info(client)
    assert not result["changed"]
    assert [k["name"] for k in result["keypairs"]] == ["a", "b"]
    assert all(set(k) == {"name", "public_key", "fingerprint", "user_id"} for k in result["keypairs"])
    assert client.calls == [("LIST", "/v1/os-keypairs")]


def test_info_by_name_and_missing_name():
    client = KeypairClient(stored("a"))
    assert [k["name"] for k in info(client, name="a")["keypairs"]] == ["a"]
    assert info(client, name="missing")["keypairs"] == []
    assert client.calls == [("GET", "/v1/os-keypairs/a"), ("GET", "/v1/os-keypairs/missing")]
