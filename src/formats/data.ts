import { UsageError } from "../system/errors.js";
import type { Change } from "./changes.js";
import type { Format } from "./format.js";

/** Formats read by programs rather than shells. */

export const json: Format = {
  shell: false,
  description: "one JSON object of the variables (null: remove it)",
  render: (changes) => `${JSON.stringify(Object.fromEntries(changes.map((c) => [c.key, c.value])), null, 2)}\n`,
};

// The `docker run --env-file` format: everything after the first `=` is the value, verbatim, so
// nothing is quoted; a line break cannot be carried, and a variable cannot be removed.
export const dotenv: Format = {
  shell: false,
  description: "KEY=value lines for docker --env-file and .env files",
  render: (changes) => {
    const lines = changes.flatMap(({ key, value }) => {
      if (value === null) return [];
      if (/[\r\n]/.test(value))
        throw new UsageError(`the value of ${key} has a line break, which dotenv cannot carry.`);
      return [`${key}=${value}`];
    });
    if (lines.length === 0) throw new UsageError("--format dotenv cannot remove variables. Use a shell format.");
    return `${lines.join("\n")}\n`;
  },
};

const value = (changes: readonly Change[], key: string) => changes.find((c) => c.key === key)?.value ?? undefined;

/** The `credential_process` protocol: https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html */
export const credentialProcess: Format = {
  shell: false,
  description: "the credential_process JSON (Version 1) for ~/.aws/config",
  render: (changes) => {
    const accessKeyId = value(changes, "AWS_ACCESS_KEY_ID");
    if (!accessKeyId) throw new UsageError("--format credential-process prints credentials; it cannot unset them.");
    const out = {
      Version: 1,
      AccessKeyId: accessKeyId,
      SecretAccessKey: value(changes, "AWS_SECRET_ACCESS_KEY"),
      SessionToken: value(changes, "AWS_SESSION_TOKEN"),
      Expiration: value(changes, "AWS_CREDENTIAL_EXPIRATION"),
    };
    return `${JSON.stringify(out)}\n`;
  },
};
