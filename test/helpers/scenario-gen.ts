// Seeded scenarios for comparing awsrole with the AWS CLI: a role profile `p` whose source is
// a chain of 0-2 more role profiles ending in keys, a credential_process, the environment or
// the profile itself; keys in either file; spellings, comments, CRLF and both path variables;
// empty values; now and then a configuration the CLI refuses; and profiles with no role at all
// (keys only, credential_process only).
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Random } from "./ini-gen.js";

export interface Scenario {
  seed: number;
  /** Files relative to HOME. */
  files: Record<string, string>;
  env: Record<string, string>;
  /** Every access key id the scenario writes: a call signed by one of them was signed by "static" credentials. */
  staticKeys: string[];
  /** Hops whose role_session_name the profile sets (the rest are generated names). */
  describe: string[];
}

const ACCOUNT = "123456789012";

export function scenario(r: Random, seed: number): Scenario {
  if (r.chance(0.05)) return temporaryKeys(r, seed);
  if (r.chance(0.2)) return ownCredentials(r, seed);
  const depth = r.int(1, 3);
  const config: string[] = [];
  const credentials: string[] = [];
  const describe: string[] = [];
  const staticKeys: string[] = [];
  const env: Record<string, string> = {};
  const files: Record<string, string> = {};
  const key = (id: number) => `AKIA${String(seed).padStart(6, "0")}${String(id).padStart(2, "0")}EXAMPLE`.slice(0, 20);
  const secret = (id: number) => `secret${seed}x${id}`.padEnd(40, "s");
  const spell = (k: string) => r.pick([k, k, k, k.toUpperCase(), k.replace(/^./, (c) => c.toUpperCase())]);
  const sep = () => r.pick([" = ", "=", ": ", " =  "]);
  const configHeader = (name: string) =>
    r.pick([
      `[profile ${name}]`,
      `[profile ${name}]`,
      `[profile  ${name}]`,
      `[profile "${name}"]`,
      `[profile ${name}]# comment`,
      `[profile ${name}] ; note`,
    ]);
  const credentialsHeader = (name: string) => r.pick([`[${name}]`, `[${name}]`, `[${name}]# saml2aws`]);
  const line = (k: string, v: string) => `${spell(k)}${sep()}${v}`;

  const names = Array.from({ length: depth }, (_, i) => (i === 0 ? "p" : `hop${i}`));
  const base = r.pick([
    "creds-keys",
    "config-keys",
    "process",
    "process+config-keys",
    "creds-keys+process",
    "keys+role",
    "env",
    "self",
  ]);
  const baseName = base === "self" ? "p" : "base";
  const broken = r.chance(0.1) ? r.pick(["both-sources", "loop", "missing-source", "no-credentials"]) : undefined;
  describe.push(`depth ${depth}`, `base ${base}`, ...(broken ? [`broken ${broken}`] : []));

  names.forEach((name, i) => {
    const role = [line("role_arn", `arn:aws:iam::${ACCOUNT}:role/role-${i}`)];
    const last = i === names.length - 1;
    const next = last ? baseName : (names[i + 1] as string);
    if (last && base === "env") role.push(line("credential_source", "Environment"));
    else
      role.push(
        line(
          "source_profile",
          broken === "missing-source" && last ? "nowhere" : broken === "loop" && last && depth > 1 ? "p" : next,
        ),
      );
    if (broken === "both-sources" && last) role.push(line("credential_source", "Environment"));
    if (r.chance(0.3)) role.push(line("mfa_serial", `arn:aws:iam::${ACCOUNT}:mfa/user-${i}`));
    if (r.chance(0.3)) role.push(line("external_id", `ext-${seed}-${i}`));
    if (r.chance(0.3)) {
      role.push(line("role_session_name", `named-${i}`));
      describe.push(`hop ${i} named`);
    } else if (r.chance(0.15)) {
      // Empty: botocore generates its name, as if unset.
      role.push(`${spell("role_session_name")}${r.pick([" =", "=", ":"])}`);
      describe.push(`hop ${i} empty name`);
    }
    // Numbers as Python's int() reads them; an empty value is ignored by botocore.
    if (r.chance(0.3)) role.push(line("duration_seconds", String(r.pick([900, 1800, 3600, "+1800", "1_800", "0900"]))));
    else if (r.chance(0.1)) role.push(`${spell("duration_seconds")} =`);
    if (name === "p" && base === "self") {
      staticKeys.push(key(9));
      role.push(line("aws_access_key_id", key(9)), line("aws_secret_access_key", secret(9)));
    }
    if (r.chance(0.2)) role.push(r.pick(["# a comment", "; another", ""]));
    // Most keys in the config file; sometimes the whole profile in the credentials file, which botocore merges in.
    if (r.chance(0.15)) credentials.push(credentialsHeader(name), ...role, "");
    else config.push(configHeader(name), ...role, "");
  });

  const processScript = () => {
    const id = 7;
    staticKeys.push(key(id));
    const dir = r.pick(["bin", "my tools"]);
    files[`${dir}/creds.sh`] =
      `#!/bin/sh\nprintf '{"Version": 1, "AccessKeyId": "${key(id)}", "SecretAccessKey": "${secret(id)}"}'\n`;
    return dir.includes(" ") ? `"$HOME_DIR/${dir}/creds.sh" --profile x` : `$HOME_DIR/${dir}/creds.sh`;
  };
  const baseLines: string[] = [];
  const baseCredentials: string[] = [];
  if (base === "creds-keys" || base === "creds-keys+process" || base === "keys+role") {
    staticKeys.push(key(1));
    baseCredentials.push(line("aws_access_key_id", key(1)), line("aws_secret_access_key", secret(1)));
  }
  if (base === "config-keys" || base === "process+config-keys") {
    staticKeys.push(key(2));
    baseLines.push(line("aws_access_key_id", key(2)), line("aws_secret_access_key", secret(2)));
  }
  if (base === "process" || base === "process+config-keys" || base === "creds-keys+process") {
    baseLines.push(line("credential_process", processScript()));
  }
  if (base === "keys+role")
    baseLines.push(line("role_arn", `arn:aws:iam::${ACCOUNT}:role/never`), line("source_profile", "p"));
  if (broken === "no-credentials") baseLines.splice(0, baseLines.length, line("region", "us-east-1"));
  if (broken === "no-credentials") baseCredentials.splice(0);
  if (base === "env") {
    staticKeys.push(key(3));
    env.AWS_ACCESS_KEY_ID = key(3);
    env.AWS_SECRET_ACCESS_KEY = secret(3);
  }
  if (baseName === "base" && baseLines.length) config.push(configHeader("base"), ...baseLines, "");
  if (baseName === "base" && baseCredentials.length)
    credentials.push(credentialsHeader("base"), ...baseCredentials, "");
  if (baseName === "base" && !baseLines.length && !baseCredentials.length && base !== "env")
    config.push("[profile base]", "");
  if (r.chance(0.2)) config.unshift("[DEFAULT]", line("output", "json"), "");

  const eol = r.chance(0.2) ? "\r\n" : "\n";
  // Where the files are: the default place, or moved with a path variable written with ~ or $HOME.
  const where = r.pick(["default", "tilde", "dollar"]);
  const configPath = where === "default" ? ".aws/config" : "cfg/config";
  const credentialsPath = where === "default" ? ".aws/credentials" : "cfg/creds";
  if (where === "tilde") {
    env.AWS_CONFIG_FILE = "~/cfg/config";
    env.AWS_SHARED_CREDENTIALS_FILE = "~/cfg/creds";
  } else if (where === "dollar") {
    env.AWS_CONFIG_FILE = "$HOME/cfg/config";
    env.AWS_SHARED_CREDENTIALS_FILE = "$" + "{HOME}/cfg/creds";
  }
  describe.push(`files ${where}`);
  files[configPath] = config.join(eol);
  files[credentialsPath] = credentials.join(eol);
  return { seed, files, env, staticKeys, describe };
}

/**
 * An MFA-only profile whose keys are already a session: the CLI uses them as they are (it has no
 * GetSessionToken step), and awsrole must not call GetSessionToken with them (STS refuses it).
 */
function temporaryKeys(r: Random, seed: number): Scenario {
  const key = `ASIA${String(seed).padStart(6, "0")}TEMPORARY`.slice(0, 20);
  const credentials = [
    `[p]`,
    `aws_access_key_id = ${key}`,
    `aws_secret_access_key = temp-secret-${seed}`,
    `aws_session_token = temp-token-${seed}`,
    "",
  ];
  const config = [r.pick(["[profile p]", '[profile "p"]']), `mfa_serial = arn:aws:iam::${ACCOUNT}:mfa/user`, ""];
  return {
    seed,
    files: { ".aws/config": config.join("\n"), ".aws/credentials": credentials.join("\n") },
    env: {},
    staticKeys: [key],
    describe: ["mfa-only with temporary keys"],
  };
}

/**
 * A profile `p` with no role_arn: keys in either file, or a credential_process that prints
 * long-term keys or a session, sometimes with mfa_serial, a duration or an empty session name
 * (which the CLI ignores without a role). The CLI signs with these credentials; awsrole exports
 * a GetSessionToken session of long-term ones (a documented difference) and sessions as they are.
 */
function ownCredentials(r: Random, seed: number): Scenario {
  const kind = r.pick(["creds-keys", "config-keys", "process", "process-session"]);
  const session = kind === "process-session";
  const key = `${session ? "ASIA" : "AKIA"}${String(seed).padStart(6, "0")}OWNKEYS0`.slice(0, 20);
  const secret = `own-secret-${seed}`.padEnd(40, "s");
  const files: Record<string, string> = {};
  const config = [r.pick(["[profile p]", '[profile "p"]', "[profile  p]"])];
  const credentials: string[] = [];
  const keys = [`aws_access_key_id = ${key}`, `aws_secret_access_key = ${secret}`];
  if (kind === "creds-keys") credentials.push("[p]", ...keys);
  if (kind === "config-keys") config.push(...keys);
  if (kind.startsWith("process")) {
    const dir = r.pick(["bin", "my tools"]);
    const token = session ? `, "SessionToken": "own-token-${seed}", "Expiration": "2099-01-01T00:00:00Z"` : "";
    files[`${dir}/creds.sh`] =
      `#!/bin/sh\nprintf '{"Version": 1, "AccessKeyId": "${key}", "SecretAccessKey": "${secret}"${token}}'\n`;
    config.push(
      `credential_process = ${dir.includes(" ") ? `"$HOME_DIR/${dir}/creds.sh"` : `$HOME_DIR/${dir}/creds.sh`}`,
    );
  }
  const describe = [`own credentials: ${kind}`];
  if (r.chance(0.3)) {
    config.push(`mfa_serial = arn:aws:iam::${ACCOUNT}:mfa/user`);
    describe.push("mfa_serial");
  }
  if (r.chance(0.2)) config.push(r.pick(["duration_seconds = 1800", "duration_seconds =", "role_session_name ="]));
  if (r.chance(0.3)) config.push("region = us-east-1");
  files[".aws/config"] = [...config, ""].join("\n");
  files[".aws/credentials"] = [...credentials, ""].join("\n");
  return { seed, files, env: {}, staticKeys: [key], describe };
}

/** Writes the scenario under HOME (its $HOME_DIR placeholders made real). */
export function writeScenario(s: Scenario, home: string): void {
  for (const [path, text] of Object.entries(s.files)) {
    const full = join(home, path);
    mkdirSync(join(full, ".."), { recursive: true });
    writeFileSync(full, text.replaceAll("$HOME_DIR", home));
    if (path.endsWith(".sh")) chmodSync(full, 0o755);
  }
}
