// --write-profile's two refusals, decided on generated files and checked against botocore's own
// credential providers: a section the AWS CLI reads as long-term keys is never overwritten, and
// a profile is written only when the AWS CLI then takes exactly the written keys.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  keyBeforeCredentials,
  profileAfterWrite,
  replaceSection,
  sessionKeys,
} from "../src/aws-files/credentials-file.js";
import { parseIni } from "../src/aws-files/ini.js";
import { loadProfiles } from "../src/aws-files/profiles.js";
import { isAwsroleError } from "../src/system/errors.js";
import { botocoreCredentials } from "./helpers/botocore.js";
import { type Random, random } from "./helpers/ini-gen.js";
import { knob } from "./helpers/knob.js";
import { hasTool } from "./helpers/tools.js";

const CASES = knob("ORACLE_CASES", 600);
const TARGETS = ["dev", "prod", "ci"];
const KEYS = sessionKeys({
  accessKeyId: "ASIAWRITTEN",
  secretAccessKey: "written/secret+",
  sessionToken: "writtentoken=",
  expiration: new Date("2026-11-23T03:00:00Z"),
});

/** The keys of a config profile that decide botocore's provider, with values that matter ("" too). */
const CONFIG_KEYS: Record<string, string[]> = {
  role_arn: ["arn:aws:iam::123456789012:role/r", ""],
  source_profile: ["base", "base", "missing"],
  credential_source: ["Environment"],
  web_identity_token_file: ["/nonexistent/token", ""],
  sso_account_id: ["123456789012"],
  sso_role_name: ["r"],
  sso_start_url: ["https://x.awsapps.com/start"],
  sso_region: ["us-east-1"],
  sso_session: ["s", "missing"],
  credential_process: ["/bin/false"],
  mfa_serial: ["arn:aws:iam::123456789012:mfa/u"],
  region: ["eu-west-1"],
};
/** The keys of a credentials-file section, with the empty values `aws configure set K ""` leaves. */
const CREDENTIAL_KEYS: Record<string, string[]> = {
  aws_access_key_id: ["AKIAOLDLONGTERM", "ASIAOLDSESSION", ""],
  aws_secret_access_key: ["oldsecret", ""],
  aws_session_token: ["oldtoken", ""],
  aws_security_token: ["oldsecuritytoken", ""],
  role_arn: ["arn:aws:iam::123456789012:role/c"],
  region: ["eu-west-1"],
};

function keyLines(r: Random, keys: Record<string, string[]>, p: number): string[] {
  return Object.entries(keys)
    .filter(() => r.chance(p))
    .map(([key, values]) => `${r.chance(0.2) ? key.toUpperCase() : key} = ${r.pick(values)}`);
}

/** A config and credentials pair around the target profiles, which one to write, and the environment. */
function generate(r: Random): { config: string; credentials: string; name: string; env: Record<string, string> } {
  const config = ["[sso-session s]", "sso_start_url = https://x.awsapps.com/start", "sso_region = us-east-1"];
  const credentials = ["[base]", "aws_access_key_id = AKIABASE", "aws_secret_access_key = basesecret"];
  // (A [DEFAULT] aws_security_token is refused whatever the section: test/write-profile.test.ts.)
  const { aws_security_token: _, ...defaultKeys } = CREDENTIAL_KEYS;
  if (r.chance(0.1)) credentials.unshift("[DEFAULT]", ...keyLines(r, defaultKeys, 0.3));
  for (const name of TARGETS) {
    // Config keys are lower-case: botocore's providers look them up as written.
    if (r.chance(0.6)) config.push(`[profile ${name}]`, ...keyLines(r, CONFIG_KEYS, 0.2).map((l) => l.toLowerCase()));
    if (r.chance(0.6)) credentials.push(`[${name}]`, ...keyLines(r, CREDENTIAL_KEYS, 0.4));
  }
  // EKS sets the web identity variables in the pod's environment, where the profile is then used.
  const env: Record<string, string> = {};
  if (r.chance(0.08)) env.AWS_WEB_IDENTITY_TOKEN_FILE = r.pick(["/nonexistent/token", ""]);
  if (r.chance(0.08)) env.AWS_ROLE_ARN = "arn:aws:iam::123456789012:role/pod";
  return { config: `${config.join("\n")}\n`, credentials: `${credentials.join("\n")}\n`, name: r.pick(TARGETS), env };
}

describe.skipIf(!hasTool("python3", ["-c", "import botocore"]))("--write-profile's target, against botocore", () => {
  const dir = mkdtempSync(join(tmpdir(), "awsrole-write-target-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  type Outcome = "long-term" | "not used" | "written";
  const cases: {
    name: string;
    env: Record<string, string>;
    config: string;
    before: string;
    text: string;
    after?: string;
    outcome: Outcome;
    why: string;
  }[] = [];
  for (let seed = 1; seed <= CASES; seed++) {
    const { config, credentials, name, env } = generate(random(70_000 + seed));
    const paths = { configPath: join(dir, `${seed}.config`), credentialsPath: join(dir, `${seed}.before`) };
    writeFileSync(paths.configPath, config);
    writeFileSync(paths.credentialsPath, credentials);
    const c = { name, env, config: paths.configPath, before: paths.credentialsPath, text: credentials };
    let written: string;
    try {
      written = replaceSection(paths.credentialsPath, credentials, name, KEYS);
    } catch (error) {
      if (!isAwsroleError(error) || !/long-term keys/.test(error.message)) throw error;
      cases.push({ ...c, outcome: "long-term", why: error.message });
      continue;
    }
    // The file as written, whether or not awsrole would write it: botocore shows what it would use.
    const after = join(dir, `${seed}.after`);
    writeFileSync(after, written);
    // The same two steps as `awsrole … --write-profile` (commands/assume.ts, checkWriteTarget).
    const files = loadProfiles(paths, (path) => (path === paths.configPath ? config : credentials));
    const key = keyBeforeCredentials(profileAfterWrite(files.get(name), paths.credentialsPath, written, name), env);
    cases.push({ ...c, after, outcome: key === undefined ? "written" : "not used", why: key ?? "" });
  }
  const sections = botocoreCredentials(cases.map((c) => [c.config, c.before, c.name]));
  const resolved = botocoreCredentials(cases.map((c) => [c.config, c.after ?? c.before, c.name, c.env]));

  it(`refuses as long-term keys exactly the sections botocore reads as keys without a token (${CASES} files)`, () => {
    let emptyToken = 0;
    for (const [i, c] of cases.entries()) {
      const section = sections[i]?.section;
      const context = `${c.before} [${c.name}]: ${JSON.stringify(section)}`;
      // botocore's own reading: credentials whose token is absent or "" are long-term keys.
      if (section?.kind === "keys") expect(c.outcome === "long-term", context).toBe(!section.token);
      // Half a pair (botocore: partial credentials) is kept too, unless a token makes it a session's.
      else expect(c.outcome === "long-term", context).toBe(section?.parts === true && !section.token);
      if (section?.kind === "keys" && !section.token && /aws_se(ssion|curity)_token\s*=\s*$/im.test(c.text))
        emptyToken++;
    }
    expect(emptyToken, "generated sections with an empty token line").toBeGreaterThan(CASES / 50);
  });

  it("writes only where the AWS CLI then uses the written keys, and refuses only where it would not", () => {
    const counts: Record<Outcome, number> = { "long-term": 0, "not used": 0, written: 0 };
    for (const [i, c] of cases.entries()) {
      counts[c.outcome]++;
      if (c.outcome === "long-term") continue;
      const got = resolved[i]?.resolved;
      const context = `${c.config} + ${c.after} [${c.name}] ${JSON.stringify(c.env)} (${c.outcome} ${c.why}): ${JSON.stringify(got)}`;
      const usesWritten =
        got !== null &&
        got !== undefined &&
        "method" in got &&
        got.method === "shared-credentials-file" &&
        got.access_key === KEYS.aws_access_key_id &&
        got.secret_key === KEYS.aws_secret_access_key &&
        got.token === KEYS.aws_session_token;
      expect(usesWritten, context).toBe(c.outcome === "written");
    }
    // Sections with an old aws_security_token were written too (it must go: botocore reads it first).
    const withSecurityToken = cases.filter((c) => {
      const file = parseIni(c.before, c.text);
      const section = file.sections.find((s) => s.name === c.name);
      return c.outcome === "written" && section?.options.some((o) => o.key === "aws_security_token");
    });
    expect(withSecurityToken.length).toBeGreaterThan(CASES / 100);
    for (const outcome of Object.keys(counts) as Outcome[])
      expect(counts[outcome], `${outcome} in ${JSON.stringify(counts)}`).toBeGreaterThan(CASES / 10);
  });

  it("refuses a [DEFAULT] aws_security_token: botocore would read it in [NAME] before the written token", () => {
    const text = "[DEFAULT]\naws_security_token = default-token\n[other]\nregion = eu-west-1\n";
    expect(() => replaceSection("/c", text, "dev", KEYS)).toThrow(/\[DEFAULT\] in \/c sets aws_security_token/);
    // What the section would read as, written the only way awsrole could write it.
    const path = join(dir, "default-token");
    writeFileSync(
      path,
      `${text}[dev]\n${Object.entries(KEYS)
        .map(([k, v]) => `${k} = ${v}\n`)
        .join("")}`,
    );
    const [oracle] = botocoreCredentials([[join(dir, "none"), path, "dev"]]);
    expect(oracle?.resolved).toMatchObject({ method: "shared-credentials-file", token: "default-token" });
  });
});
