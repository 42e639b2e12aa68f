// awsrole's reader against the AWS CLI's own (botocore, in Python): the same generated files,
// read by both; every section, key, value, profile, and every refusal must agree.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseIni, sectionValues } from "../src/aws-files/ini.js";
import { loadProfiles } from "../src/aws-files/profiles.js";
import { isAwsroleError } from "../src/system/errors.js";
import { readText } from "../src/system/process.js";
import { botocoreRead, type Oracle } from "./helpers/botocore.js";
import { iniFile, random } from "./helpers/ini-gen.js";
import { knob } from "./helpers/knob.js";
import { hasTool } from "./helpers/tools.js";

const CASES = knob("ORACLE_CASES", 800);
const hasBotocore = hasTool("python3", ["-c", "import botocore"]);

/** awsrole's reading of one file: its sections with [DEFAULT] applied, or the refusal. */
function awsroleSections(path: string): { sections?: Record<string, unknown>; error?: string } {
  try {
    const text = readText(path) ?? "";
    const file = parseIni(path, text);
    return { sections: Object.fromEntries(file.sections.map((s) => [s.name, sectionValues(file, s)])) };
  } catch (error) {
    if (!isAwsroleError(error)) throw error;
    return { error: error.message };
  }
}

describe.skipIf(!hasBotocore)("the reader agrees with botocore on generated files", () => {
  const dir = mkdtempSync(join(tmpdir(), "awsrole-oracle-"));
  const pairs: [string, string][] = [];
  for (let seed = 1; seed <= CASES; seed++) {
    const r = random(seed);
    const config = join(dir, `${seed}.config`);
    const credentials = join(dir, `${seed}.credentials`);
    writeFileSync(config, iniFile(r, "config").bytes);
    writeFileSync(credentials, iniFile(r, "credentials").bytes);
    pairs.push([config, credentials]);
  }
  const oracle = botocoreRead(pairs);

  it(`reads ${CASES} config/credentials pairs as botocore does, and refuses the ones it refuses`, () => {
    let refused = 0;
    let profiles = 0;
    for (const [i, [config, credentials]] of pairs.entries()) {
      const expected = oracle[i] as Oracle;
      const context = `seed ${i + 1}: ${config}`;
      for (const [path, want] of [
        [config, expected.config],
        [credentials, expected.credentials],
      ] as const) {
        const got = awsroleSections(path);
        if (want.error) {
          refused++;
          expect(got.error, `${context}: botocore refuses ${path} (${want.error})`).toBeDefined();
          expect(got.error).toContain(path);
        } else {
          expect(got, `${context}: ${path}`).toEqual({ sections: want.sections });
        }
      }
      if (!expected.profiles) continue;
      const files = loadProfiles({ configPath: config, credentialsPath: credentials }, readText);
      expect(files.names().sort(), context).toEqual(Object.keys(expected.profiles).sort());
      for (const [name, values] of Object.entries(expected.profiles)) {
        profiles++;
        expect(files.get(name)?.values, `${context}: profile ${name}`).toEqual(values);
      }
    }
    // The generator must exercise both sides: files refused and profiles read.
    console.log(`oracle: ${refused} refusals, ${profiles} profiles compared`);
    expect(refused).toBeGreaterThan(CASES / 10);
    expect(profiles).toBeGreaterThan(CASES);
  });
});

describe.skipIf(!hasBotocore)("hand-picked files: the edges of botocore's reading", () => {
  const dir = mkdtempSync(join(tmpdir(), "awsrole-cases-"));
  // Each file is read by both; the expected reading is botocore's, not a restatement.
  const cases: Record<string, string> = {
    "header comment":
      "[profile sandbox]\nrole_arn = arn:aws:iam::111111111111:role/s\n[profile prod]# production\nrole_arn = arn:aws:iam::123456789012:role/prod-admin\n",
    "key case and colon": "[profile p]\nRole_Arn: arn:aws:iam::123456789012:role/r\nSOURCE_PROFILE = s\n",
    DEFAULT: "[DEFAULT]\nregion = eu-west-1\n[profile p]\nrole_arn = x\n",
    "nested s3": "[profile p]\ns3 =\n  addressing_style = path\n  signature_version=s3v4\nregion = us-east-1\n",
    "inline comment kept": "[profile p]\nregion = us-east-1 # tokyo later\n",
    "default twice": "[default]\nregion = a\n[profile default]\nregion = b\noutput = json\n",
    "CR only": "[profile p]\rregion = x\r[profile q]\rregion = y\r",
    "quoted names": '[profile "my proc"]\nregion = x\n[profile  p]\nregion = y\n',
    "long name": `[profile ${"n".repeat(32000)}]\nregion = x\n`,
  };
  const refused: Record<string, string> = {
    "duplicate section": "[profile p]\nregion = a\n[profile p]\nregion = b\n",
    "duplicate key": "[profile p]\nregion = a\nREGION = b\n",
    "line without =": "[profile p]\nregion\n",
    BOM: "\ufeff[profile p]\nregion = a\n",
    "nested without =": "[profile p]\ns3 =\n  junk\n",
  };
  const names = [...Object.keys(cases), ...Object.keys(refused)];
  const pairs = names.map((name, i): [string, string] => {
    const path = join(dir, `${i}.config`);
    writeFileSync(path, cases[name] ?? refused[name] ?? "");
    return [path, join(dir, "none")];
  });
  const oracle = botocoreRead(pairs);

  it.each(names.map((name, i) => [name, i] as const))("%s", (name, i) => {
    const [config] = pairs[i] as [string, string];
    const want = (oracle[i] as Oracle).config;
    expect(Boolean(want.error), `botocore refuses ${name}`).toBe(name in refused);
    const got = awsroleSections(config);
    if (want.error) expect(got.error).toMatch(/line \d+/);
    else expect(got).toEqual({ sections: want.sections });
  });

  it("reads [profile $'prod'] as $prod, as botocore does (issue 16.9)", () => {
    const config = join(dir, "ansi-c.config");
    writeFileSync(
      config,
      "[profile prod]\nrole_arn = arn:aws:iam::111111111111:role/prod\n[profile $'prod']\nrole_arn = arn:aws:iam::222222222222:role/other\n",
    );
    const [want] = botocoreRead([[config, join(dir, "none")]]);
    const files = loadProfiles({ configPath: config, credentialsPath: join(dir, "none") }, readText);
    expect(Object.keys(want?.profiles ?? {}).sort()).toEqual(["$prod", "prod"]);
    expect(files.names().sort()).toEqual(["$prod", "prod"]);
    expect(files.get("prod")?.values.role_arn).toBe("arn:aws:iam::111111111111:role/prod");
  });

  it("finds [profile prod]# production as prod, with prod's role", () => {
    const files = loadProfiles({ configPath: pairs[0]?.[0] as string, credentialsPath: join(dir, "none") }, readText);
    expect(files.get("prod")?.values.role_arn).toBe("arn:aws:iam::123456789012:role/prod-admin");
    expect(files.get("sandbox")?.values.role_arn).toBe("arn:aws:iam::111111111111:role/s");
  });
});
