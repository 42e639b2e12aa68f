"""Which credentials the AWS CLI takes for a profile: botocore's own providers, for the tests.

Reads a JSON list of [config_path, credentials_path, profile, env?] on stdin (env: variables set
for that case alone) and prints, for each:
- "section": what SharedCredentialProvider makes of the profile's section of the credentials file
  ("keys", "partial" when it refuses half a pair, "none"), whether a token comes with them
  (its _get_session_token, truth as Python's `if`), and whether either half of a pair is there;
- "resolved": what the whole chain (session.get_credentials(), the profile named by AWS_PROFILE)
  picks: the provider's method, and the keys when it read them from the credentials
  file; or the error it raises. Nothing is called: the providers that would call STS, SSO or a
  token file return deferred credentials, which are never used here.
"""
import json
import os
import sys

import botocore.session
from botocore import configloader
from botocore.credentials import SharedCredentialProvider
from botocore.exceptions import PartialCredentialsError


def section(credentials_path, profile):
    provider = SharedCredentialProvider(credentials_path, profile)
    values = configloader.raw_config_parse(credentials_path).get(profile, {})
    try:
        kind = "keys" if provider.load() is not None else "none"
    except PartialCredentialsError:
        kind = "partial"
    return {
        "kind": kind,
        "token": bool(provider._get_session_token(values)),
        "parts": "aws_access_key_id" in values or "aws_secret_access_key" in values,
    }


def resolved(config_path, credentials_path, profile, env):
    # The profile as awsrole's output names it: AWS_PROFILE (not --profile, which would keep
    # the web identity variables out of the chain).
    os.environ.update(env, AWS_PROFILE=profile)
    try:
        session = botocore.session.Session()
        session.set_config_variable("config_file", config_path)
        session.set_config_variable("credentials_file", credentials_path)
        credentials = session.get_credentials()
    except Exception as error:  # the chain's own refusals: InvalidConfigError, PartialCredentialsError…
        return {"error": type(error).__name__, "message": str(error)}
    finally:
        for name in [*env, "AWS_PROFILE"]:
            os.environ.pop(name, None)
    if credentials is None:
        return None
    out = {"method": credentials.method}
    if credentials.method == "shared-credentials-file":
        out.update(
            access_key=credentials.access_key,
            secret_key=credentials.secret_key,
            token=credentials.token,
        )
    return out


out = []
for config_path, credentials_path, profile, *env in json.load(sys.stdin):
    out.append(
        {
            "section": section(credentials_path, profile),
            "resolved": resolved(config_path, credentials_path, profile, env[0] if env else {}),
        }
    )
json.dump(out, sys.stdout)
