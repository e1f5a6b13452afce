# -*- coding: utf-8 -*-
# Copyright: Contributors to the huaweicloud.iec collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):

    # Modules read environment variables through env_fallback in their argument spec, so the
    # variables are named in the descriptions; an env: entry would be ignored for modules.
    MODULES = r"""
options:
  access_key:
    description:
      - Access key ID (AK) used to sign requests with SDK-HMAC-SHA256.
      - Give it together with O(secret_key). It conflicts with O(auth_token) and with O(user)/O(password).
      - If not set, the value of the E(HUAWEICLOUD_SDK_AK) environment variable is used.
    type: str
    aliases: [ak]
    version_added: 1.0.0
  secret_key:
    description:
      - Secret access key (SK) that belongs to O(access_key). It is never logged or sent; it only signs requests.
      - If not set, the value of the E(HUAWEICLOUD_SDK_SK) environment variable is used.
    type: str
    aliases: [sk]
    version_added: 1.0.0
  domain_id:
    description:
      - ID of the account (domain) that owns the resources, sent as the C(X-Domain-Id) header with AK/SK signing.
      - If not set, the value of the E(HUAWEICLOUD_SDK_DOMAIN_ID) environment variable is used.
    type: str
    version_added: 1.0.0
  security_token:
    description:
      - Security token that comes with a temporary O(access_key) and O(secret_key), sent as C(X-Security-Token).
      - Only valid together with O(access_key) and O(secret_key). It is never logged.
      - If not set, the value of the E(HUAWEICLOUD_SDK_SECURITY_TOKEN) environment variable is used.
    type: str
    version_added: 1.0.0
  auth_token:
    description:
      - An IAM token issued beforehand, sent as C(X-Auth-Token). It must be scoped to the account (domain).
      - It conflicts with O(access_key)/O(secret_key) and with O(user)/O(password). It is never logged.
      - If not set, the value of the E(HUAWEICLOUD_AUTH_TOKEN) environment variable is used.
    type: str
    version_added: 1.0.0
  user:
    description:
      - IAM user name. With O(password) and O(domain_name) the collection asks IAM at O(iam_endpoint) for a
        domain-scoped token, keeps it for the rest of the process and renews it once if IEC reports it expired.
      - If not set, the value of the E(HUAWEICLOUD_USER) environment variable is used.
    type: str
    version_added: 1.0.0
  password:
    description:
      - Password of O(user). It is never logged.
      - If not set, the value of the E(HUAWEICLOUD_PASSWORD) environment variable is used.
    type: str
    version_added: 1.0.0
  domain_name:
    description:
      - Name of the account (domain) that O(user) belongs to; the token is scoped to this domain.
      - If not set, the value of the E(HUAWEICLOUD_DOMAIN_NAME) environment variable is used.
    type: str
    version_added: 1.0.0
  endpoint:
    description:
      - URL of the IEC API, scheme and host only (for example V(http://127.0.0.1:8080) for a local emulator).
      - If not set, the value of the E(HUAWEICLOUD_IEC_ENDPOINT) environment variable is used.
    type: str
    default: https://iecs.myhuaweicloud.com
    version_added: 1.0.0
  iam_endpoint:
    description:
      - URL of the IAM service that issues tokens for O(user)/O(password). Not used with AK/SK or O(auth_token).
      - If not set, the value of the E(HUAWEICLOUD_IAM_ENDPOINT) environment variable is used.
    type: str
    default: https://iam.myhuaweicloud.com
    version_added: 1.0.0
  validate_certs:
    description:
      - Whether to verify the TLS certificates of O(endpoint) and O(iam_endpoint).
      - Set it to V(false) only for a test endpoint you trust; for a private CA, set O(ca_path) instead.
      - If not set, the value of the E(HUAWEICLOUD_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
    version_added: 1.0.0
  ca_path:
    description:
      - Path of a PEM file with the CA certificates that verify the endpoints, instead of the system bundle.
      - If not set, the value of the E(HUAWEICLOUD_CA_PATH) environment variable is used.
    type: path
    version_added: 1.0.0
  api_timeout:
    description:
      - Seconds to wait for an answer to one request. Connecting waits at most 10 seconds, or less if this is lower.
      - If not set, the value of the E(HUAWEICLOUD_API_TIMEOUT) environment variable is used.
    type: int
    default: 30
    version_added: 1.0.0
  api_retries:
    description:
      - How many times to retry a request that IEC throttled (HTTP 429) or, for reads, updates and deletes,
        that failed with HTTP 500, 502, 503, 504 or a connection error. Waits grow exponentially with jitter,
        follow C(Retry-After) when IEC sends it, and stop after two minutes in total.
      - A create (POST) that may have reached IEC is never re-sent; the module looks the resource up instead.
      - If not set, the value of the E(HUAWEICLOUD_API_RETRIES) environment variable is used.
    type: int
    default: 5
    version_added: 1.0.0
notes:
  - "Authentication: give O(access_key) and O(secret_key) (AK/SK signing), or O(auth_token), or O(user),
    O(password) and O(domain_name). Options or environment variables of two of these at once are an error."
  - "The requests go through the HTTP proxy named by the E(HTTPS_PROXY) (or E(HTTP_PROXY)) environment variable,
    except to the hosts listed in E(NO_PROXY). Only Python's standard library is needed on the host that runs
    the module."
  - "Set the connection options once for all modules of the collection with
    C(module_defaults: group/huaweicloud.iec.iec)."
"""

    # Inventory and lookup plugins resolve env: entries themselves (and AWX credential types
    # inject exactly these variables), so here the variables are declared, not described.
    PLUGINS = r"""
options:
  access_key:
    description:
      - Access key ID (AK) used to sign requests with SDK-HMAC-SHA256.
      - Give it together with O(secret_key). It conflicts with O(auth_token) and with O(user)/O(password).
    type: str
    aliases: [ak]
    env:
      - name: HUAWEICLOUD_SDK_AK
    version_added: 1.0.0
  secret_key:
    description:
      - Secret access key (SK) that belongs to O(access_key). It is never logged or sent; it only signs requests.
    type: str
    aliases: [sk]
    env:
      - name: HUAWEICLOUD_SDK_SK
    version_added: 1.0.0
  domain_id:
    description:
      - ID of the account (domain) that owns the resources, sent as the C(X-Domain-Id) header with AK/SK signing.
    type: str
    env:
      - name: HUAWEICLOUD_SDK_DOMAIN_ID
    version_added: 1.0.0
  security_token:
    description:
      - Security token that comes with a temporary O(access_key) and O(secret_key), sent as C(X-Security-Token).
      - Only valid together with O(access_key) and O(secret_key). It is never logged.
    type: str
    env:
      - name: HUAWEICLOUD_SDK_SECURITY_TOKEN
    version_added: 1.0.0
  auth_token:
    description:
      - An IAM token issued beforehand, sent as C(X-Auth-Token). It must be scoped to the account (domain).
      - It conflicts with O(access_key)/O(secret_key) and with O(user)/O(password). It is never logged.
    type: str
    env:
      - name: HUAWEICLOUD_AUTH_TOKEN
    version_added: 1.0.0
  user:
    description:
      - IAM user name. With O(password) and O(domain_name) the collection asks IAM at O(iam_endpoint) for a
        domain-scoped token, keeps it for the rest of the process and renews it once if IEC reports it expired.
    type: str
    env:
      - name: HUAWEICLOUD_USER
    version_added: 1.0.0
  password:
    description:
      - Password of O(user). It is never logged.
    type: str
    env:
      - name: HUAWEICLOUD_PASSWORD
    version_added: 1.0.0
  domain_name:
    description:
      - Name of the account (domain) that O(user) belongs to; the token is scoped to this domain.
    type: str
    env:
      - name: HUAWEICLOUD_DOMAIN_NAME
    version_added: 1.0.0
  endpoint:
    description:
      - URL of the IEC API, scheme and host only (for example V(http://127.0.0.1:8080) for a local emulator).
    type: str
    default: https://iecs.myhuaweicloud.com
    env:
      - name: HUAWEICLOUD_IEC_ENDPOINT
    version_added: 1.0.0
  iam_endpoint:
    description:
      - URL of the IAM service that issues tokens for O(user)/O(password). Not used with AK/SK or O(auth_token).
    type: str
    default: https://iam.myhuaweicloud.com
    env:
      - name: HUAWEICLOUD_IAM_ENDPOINT
    version_added: 1.0.0
  validate_certs:
    description:
      - Whether to verify the TLS certificates of O(endpoint) and O(iam_endpoint).
      - Set it to V(false) only for a test endpoint you trust; for a private CA, set O(ca_path) instead.
    type: bool
    default: true
    env:
      - name: HUAWEICLOUD_VALIDATE_CERTS
    version_added: 1.0.0
  ca_path:
    description:
      - Path of a PEM file with the CA certificates that verify the endpoints, instead of the system bundle.
    type: path
    env:
      - name: HUAWEICLOUD_CA_PATH
    version_added: 1.0.0
  api_timeout:
    description:
      - Seconds to wait for an answer to one request. Connecting waits at most 10 seconds, or less if this is lower.
    type: int
    default: 30
    env:
      - name: HUAWEICLOUD_API_TIMEOUT
    version_added: 1.0.0
  api_retries:
    description:
      - How many times to retry a request that IEC throttled (HTTP 429) or that failed with HTTP 500, 502, 503,
        504 or a connection error. Waits grow exponentially with jitter, follow C(Retry-After) when IEC sends it,
        and stop after two minutes in total.
    type: int
    default: 5
    env:
      - name: HUAWEICLOUD_API_RETRIES
    version_added: 1.0.0
notes:
  - "Authentication: give O(access_key) and O(secret_key) (AK/SK signing), or O(auth_token), or O(user),
    O(password) and O(domain_name). Options or environment variables of two of these at once are an error."
  - "The requests go through the HTTP proxy named by the E(HTTPS_PROXY) (or E(HTTP_PROXY)) environment variable,
    except to the hosts listed in E(NO_PROXY). Only Python's standard library is needed on the host that runs
    the module."
"""
