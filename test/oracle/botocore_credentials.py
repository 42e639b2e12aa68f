"""Which credentials the AWS CLI takes for a profile: botocore's own providers, for the tests.

Reads a JSON list of [config_path, credentials_path, profile] on stdin and prints, for each:
- "section": what SharedCredentialProvider makes of the profile's section of the credentials file
  ("keys", "partial" when it refuses half a pair, "none"), whether a token comes with them
  (its _get_session_token, truth as Python's `if`), and whether either half of a pair is there;
- "resolved": what the whole chain (session.get_credentials(), the profile given as --profile
  gives it) picks: the provider's method, and the keys when it read them from the credentials
  file; or the error it raises. Nothing is called: the providers that would call STS, SSO or a
  token file return deferred credentials, which are never used here.
"""
import json
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


def resolved(config_path, credentials_path, profile):
    session = botocore.session.Session()
    session.set_config_variable("config_file", config_path)
    session.set_config_variable("credentials_file", credentials_path)
    session.set_config_variable("profile", profile)
    try:
        credentials = session.get_credentials()
    except Exception as error:  # the chain's own refusals: InvalidConfigError, PartialCredentialsError…
        return {"error": type(error).__name__, "message": str(error)}
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
for config_path, credentials_path, profile in json.load(sys.stdin):
    out.append(
        {
            "section": section(credentials_path, profile),
            "resolved": resolved(config_path, credentials_path, profile),
        }
    )
json.dump(out, sys.stdout)
