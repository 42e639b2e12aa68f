// The formats read by programs rather than shells: JSON, dotenv lines and the credential_process
// answer (GitHub Actions' is in github.ts; each shell's in a file of its own).
import type { Change } from "./changes.js";
import { type Format, throwRefusal } from "./format.js";

export const json: Format = {
  shell: false,
  description: "one JSON object of the variables (null: remove it)",
  removes: true,
  pointsAtProfile: true,
  render: (changes) => `${JSON.stringify(Object.fromEntries(changes.map((c) => [c.key, c.value])), null, 2)}\n`,
};

// The `docker run --env-file` format: everything after the first `=` is the value, verbatim, so
// nothing is quoted; a line break cannot be carried, and a variable cannot be removed.
export const dotenv: Format = {
  shell: false,
  description: "KEY=value lines for docker --env-file and .env files",
  removes: false,
  pointsAtProfile: true,
  refuse: refuseDotenv,
  render: (changes) => {
    throwRefusal(refuseDotenv(changes));
    const lines = changes.flatMap(({ key, value }) => (value === null ? [] : [`${key}=${value}`]));
    return `${lines.join("\n")}\n`;
  },
};

/** A line break, which ends a line; a removal, which dotenv cannot say. */
function refuseDotenv(changes: readonly Change[]): string | undefined {
  const broken = changes.find(({ value }) => value !== null && /[\r\n]/.test(value));
  if (broken) return `the value of ${broken.key} has a line break, which dotenv cannot carry.`;
  if (changes.every(({ value }) => value === null))
    return "--format dotenv cannot remove variables. Use a shell format.";
  return undefined;
}

const value = (changes: readonly Change[], key: string) => changes.find((c) => c.key === key)?.value ?? undefined;

function refuseCredentialProcess(changes: readonly Change[]): string | undefined {
  if (!value(changes, "AWS_ACCESS_KEY_ID"))
    return "--format credential-process prints credentials; it cannot unset them.";
  return undefined;
}

/** The `credential_process` protocol: https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html */
export const credentialProcess: Format = {
  shell: false,
  description: "the credential_process JSON (Version 1) for ~/.aws/config",
  removes: false,
  pointsAtProfile: false,
  refuse: refuseCredentialProcess,
  render: (changes) => {
    throwRefusal(refuseCredentialProcess(changes));
    const out = {
      Version: 1,
      AccessKeyId: value(changes, "AWS_ACCESS_KEY_ID"),
      SecretAccessKey: value(changes, "AWS_SECRET_ACCESS_KEY"),
      SessionToken: value(changes, "AWS_SESSION_TOKEN"),
      Expiration: value(changes, "AWS_CREDENTIAL_EXPIRATION"),
    };
    return `${JSON.stringify(out)}\n`;
  },
};
