"""The AWS CLI's reading of ~/.aws, for the tests to compare awsrole with: botocore itself.

Reads a JSON list of [config_path, credentials_path] pairs on stdin and prints, for each, what
botocore makes of them: each file's sections (raw_config_parse) or the error it raises, and the
profile map the CLI uses (Session.full_config: load_config, then the credentials file merged in).
"""
import json
import sys

from botocore import configloader
from botocore.exceptions import ConfigNotFound, ConfigParseError


def read(path):
    try:
        return {"sections": configloader.raw_config_parse(path)}
    except ConfigNotFound:
        return {"sections": {}}
    except ConfigParseError as error:
        return {"error": type(error).__name__, "message": str(error)}


def profiles(config_path, credentials_path):
    # botocore/session.py, Session.full_config
    try:
        config = configloader.load_config(config_path)
    except ConfigNotFound:
        config = {"profiles": {}}
    try:
        for name, values in configloader.raw_config_parse(credentials_path).items():
            if name not in config["profiles"]:
                config["profiles"][name] = values
            else:
                config["profiles"][name].update(values)
    except ConfigNotFound:
        pass
    return config["profiles"]


out = []
for config_path, credentials_path in json.load(sys.stdin):
    entry = {"config": read(config_path), "credentials": read(credentials_path)}
    if "error" not in entry["config"] and "error" not in entry["credentials"]:
        entry["profiles"] = profiles(config_path, credentials_path)
    out.append(entry)
json.dump(out, sys.stdout)
