import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** What botocore made of one config/credentials pair (test/oracle/botocore_read.py). */
export interface Oracle {
  config: { sections?: Record<string, unknown>; error?: string };
  credentials: { sections?: Record<string, unknown>; error?: string };
  profiles?: Record<string, unknown>;
}

/**
 * Python's answer for many inputs in one process: python3 run with `args`, `input` as JSON on its
 * stdin, and what it prints read as JSON. A failure of the script is a thrown error.
 */
export function pythonJson<T>(
  args: string[],
  input: unknown,
  env: NodeJS.ProcessEnv = { ...process.env, LANG: "C.UTF-8" },
): T {
  const result = spawnSync("python3", args, {
    input: JSON.stringify(input),
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env,
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

/** The AWS CLI's reading of many file pairs, in one Python process. */
export function botocoreRead(pairs: [string, string][]): Oracle[] {
  return pythonJson([join(__dirname, "..", "oracle", "botocore_read.py")], pairs);
}

/** What botocore's credential providers make of one profile (test/oracle/botocore_credentials.py). */
export interface CredentialsOracle {
  section: { kind: "keys" | "partial" | "none"; token: boolean; parts: boolean };
  resolved:
    | { method: string; access_key?: string; secret_key?: string; token?: string | null }
    | { error: string; message: string }
    | null;
}

/** The AWS CLI's credentials for many [config, credentials, profile, env?] cases, in one Python process. */
export function botocoreCredentials(
  cases: ([string, string, string] | [string, string, string, Record<string, string>])[],
): CredentialsOracle[] {
  // A clean environment: no AWS_* variable of the machine's may join botocore's chain.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("AWS_")));
  return pythonJson([join(__dirname, "..", "oracle", "botocore_credentials.py")], cases, {
    ...env,
    LANG: "C.UTF-8",
    AWS_EC2_METADATA_DISABLED: "true",
  });
}
