"""common.py: the connection argument spec and IecModule, run as a real AnsibleModule."""
import json

import pytest
from ansible.module_utils.basic import env_fallback
from ansible.module_utils.testing import patch_module_args
from iec_fakes import http_answer, serve_http

from ansible_collections.huaweicloud.iec.plugins.module_utils.client import (
    CONNECTION_OPTIONS, IecApiError, IecClient)
from ansible_collections.huaweicloud.iec.plugins.module_utils.common import (
    IecModule, client_options, connection_argument_spec, env_option_names)

SECRETS = ("secret_key", "security_token", "auth_token", "password")
SK = "hwExampleSecretKey0123456789abcdefGHIJKL"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for _name, var in CONNECTION_OPTIONS:
        monkeypatch.delenv(var, raising=False)


def _run(capsys, func):
    """Run func; return the JSON result the module printed when it exited."""
    with pytest.raises(SystemExit) as exited:
        func()
    result = json.loads(capsys.readouterr().out)
    result["_rc"] = exited.value.code
    return result


def test_spec_holds_every_connection_option_with_its_env_fallback():
    spec = connection_argument_spec()
    assert list(spec) == [name for name, _var in CONNECTION_OPTIONS]
    assert len(spec) == 14
    for name, var in CONNECTION_OPTIONS:
        assert spec[name]["fallback"] == (env_fallback, [var]), name


def test_every_secret_is_no_log_and_access_key_says_so_explicitly():
    spec = connection_argument_spec()
    for name in SECRETS:
        assert spec[name]["no_log"] is True, name
    assert spec["access_key"]["no_log"] is False
    for name in set(spec) - set(SECRETS) - {"access_key"}:
        assert not spec[name].get("no_log"), name


def test_spec_types_aliases_and_defaults():
    spec = connection_argument_spec()
    assert spec["access_key"]["aliases"] == ["ak"]
    assert spec["secret_key"]["aliases"] == ["sk"]
    assert spec["endpoint"]["default"] == "https://iecs.myhuaweicloud.com"
    assert spec["iam_endpoint"]["default"] == "https://iam.myhuaweicloud.com"
    assert (spec["validate_certs"]["type"], spec["validate_certs"]["default"]) == ("bool", True)
    assert (spec["api_timeout"]["type"], spec["api_timeout"]["default"]) == ("int", 30)
    assert (spec["api_retries"]["type"], spec["api_retries"]["default"]) == ("int", 5)
    assert spec["ca_path"]["type"] == "path"


def test_spec_is_a_fresh_copy_each_time():
    first = connection_argument_spec()
    first["endpoint"]["default"] = "https://changed"
    assert connection_argument_spec()["endpoint"]["default"] == "https://iecs.myhuaweicloud.com"


def test_env_option_names_and_client_options():
    assert env_option_names == [name for name, _var in CONNECTION_OPTIONS]
    declared = {"access_key": "a", "secret_key": "s", "api_retries": 2}

    def get_option(name):
        return declared[name]  # KeyError for options a plugin does not declare, like get_option

    options = client_options(get_option)
    assert options["access_key"] == "a" and options["api_retries"] == 2
    assert options["endpoint"] is None and set(options) == set(env_option_names)
    assert client_options({"user": "u", "name": "not a connection option"})["user"] == "u"
    assert "name" not in client_options({"name": "x"})


def test_environment_feeds_the_module_and_the_client(monkeypatch):
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "AK-FROM-ENV")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", SK)
    monkeypatch.setenv("HUAWEICLOUD_SDK_DOMAIN_ID", "dom-env")
    monkeypatch.setenv("HUAWEICLOUD_IEC_ENDPOINT", "http://127.0.0.1:8080")
    monkeypatch.setenv("HUAWEICLOUD_API_RETRIES", "2")
    with patch_module_args({"name": "x"}):
        module = IecModule(argument_spec=dict(name=dict(type="str")))
    assert module.params["access_key"] == "AK-FROM-ENV"
    assert module.params["api_retries"] == 2
    assert module.params["validate_certs"] is True
    client = module.client
    assert isinstance(client, IecClient)
    assert client is module.client
    assert client.endpoint == "http://127.0.0.1:8080"
    assert client.domain_id == "dom-env"


def test_explicit_parameters_beat_the_environment(monkeypatch):
    monkeypatch.setenv("HUAWEICLOUD_IEC_ENDPOINT", "http://from-env:1")
    with patch_module_args({"ak": "A", "sk": SK, "endpoint": "https://explicit.test"}):
        module = IecModule()
    assert module.params["access_key"] == "A"
    assert module.client.endpoint == "https://explicit.test"


def test_bad_options_fail_before_any_request(monkeypatch, capsys):
    sent = []
    serve_http(monkeypatch, lambda request, transport: sent.append(request))
    with patch_module_args({}):
        module = IecModule()
        result = _run(capsys, lambda: module.client)
    assert result["failed"] is True and result["_rc"] == 1
    assert result["msg"].startswith("No credentials for Huawei Cloud IEC.")
    assert result["error"] == {"status": None, "error_code": None, "error_msg": result["msg"],
                               "request_id": None, "method": None, "path": None}
    assert "exception" not in result
    assert sent == []


def test_api_error_becomes_msg_and_error_dict_without_traceback(capsys):
    def failing():
        module = IecModule()
        with module.handle_errors():
            raise IecApiError(status=409, error_code="IEC.020113", error_msg="vpc contains subnets",
                              request_id="123", method="DELETE", path="/v1/vpcs/abc")

    with patch_module_args({"access_key": "A", "secret_key": SK}):
        result = _run(capsys, failing)
    assert result["msg"] == "IEC refused DELETE /v1/vpcs/abc: 409 IEC.020113 vpc contains subnets (request id 123)"
    assert result["error"] == {"status": 409, "error_code": "IEC.020113", "error_msg": "vpc contains subnets",
                               "request_id": "123", "method": "DELETE", "path": "/v1/vpcs/abc"}
    assert "exception" not in result
    assert SK not in json.dumps(result)


def test_fail_iec_accepts_a_better_sentence(capsys):
    error = IecApiError(status=404, error_code="IEC.020005", error_msg="vpc not found", method="GET",
                        path="/v1/vpcs/x")
    with patch_module_args({"auth_token": "tok"}):
        module = IecModule()
        result = _run(capsys, lambda: module.fail_iec(error, msg="No VPC has the id 'x'."))
    assert result["msg"] == "No VPC has the id 'x'."
    assert result["error"]["error_code"] == "IEC.020005"


def test_client_warnings_reach_the_module_result(monkeypatch, capsys):
    def send(request, transport):
        return http_answer(200, {"servers": [], "count": 0, "err_sites": ["site-x"]},
                           {"Content-Type": "application/json"})

    serve_http(monkeypatch, send)
    with patch_module_args({"access_key": "A", "secret_key": SK}):
        module = IecModule()
        module.client.list_all("/v1/cloudservers", "servers")
        result = _run(capsys, lambda: module.exit_json(changed=False))
    # ansible-core 2.19 wraps warnings in structured events; the text is what matters here.
    assert len(result["warnings"]) == 1
    assert "site-x" in json.dumps(result["warnings"][0])


def test_module_option_clash_is_a_programming_error():
    with patch_module_args({}):
        with pytest.raises(ValueError) as err:
            IecModule(argument_spec=dict(endpoint=dict(type="str")))
    assert "endpoint" in str(err.value)


def test_every_argument_error_is_in_the_message_so_that_the_option_is_named(capsys):
    spec = dict(rules=dict(type="list", elements="dict", options=dict(port=dict(type="int"))))
    with patch_module_args({"rules": "ssh", "auth_token": "tok"}):
        result = _run(capsys, lambda: IecModule(argument_spec=spec))
    assert result["failed"] is True
    assert result["msg"].startswith("dictionary requested, could not parse JSON or key=value.")
    assert "Elements value for option 'rules' is of type str and we were unable to convert to dict" in result["msg"]


def test_a_single_argument_error_keeps_ansibles_message(capsys):
    with patch_module_args({"api_timeout": "soon", "auth_token": "tok"}):
        result = _run(capsys, IecModule)
    assert result["msg"].startswith("argument 'api_timeout' is of type str and we were unable to convert to int")
    assert result["msg"].count("api_timeout") == 1
