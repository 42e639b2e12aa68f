"""The AWS CLI's credentials for one profile (argv[1]), as `aws --profile NAME` gets them.

The session is the AWS CLI v1's own (its driver and handlers, so its assume-role cache). With
argv[2] == "v2-cache", the SSO provider gets the JSONFileCache in ~/.aws/cli/cache that the AWS
CLI v2 injects (awscli/customizations/assumerole.py), so its role-credentials cache is tested.
Prints JSON: the credentials and their expiry, or the error botocore raised.
"""
import json
import sys

from awscli.clidriver import create_clidriver
from awscli.customizations.assumerole import CACHE_DIR, inject_assume_role_provider_cache
from botocore.credentials import JSONFileCache

driver = create_clidriver()
session = driver.session
session.set_config_variable("profile", sys.argv[1])
try:
    inject_assume_role_provider_cache(session)
    if len(sys.argv) > 2 and sys.argv[2] == "v2-cache":
        session.get_component("credential_provider").get_provider("sso").cache = JSONFileCache(CACHE_DIR)
    credentials = session.get_credentials()
    frozen = credentials.get_frozen_credentials()
    expiry = getattr(credentials, "_expiry_time", None)
    print(json.dumps({
        "AccessKeyId": frozen.access_key,
        "SecretAccessKey": frozen.secret_key,
        "SessionToken": frozen.token,
        "Expiration": expiry.strftime("%Y-%m-%dT%H:%M:%SZ") if expiry else None,
    }))
except Exception as error:  # noqa: BLE001 - the oracle reports whatever botocore raised
    print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
