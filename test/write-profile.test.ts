// --write-profile and --format github: files other tools read, changed only where awsrole owns them.
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { replaceSection } from "../src/credentials-file.js";
import { UsageError } from "../src/errors.js";
import { indexIni, parseIni } from "../src/ini.js";
import { awsrole, cleanEnv, makeHome, run } from "./helpers/home.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const NAME = "session-token";
const KEYS = {
  aws_access_key_id: "ASIANEW",
  aws_secret_access_key: "new/secret+",
  aws_session_token: "newtoken=",
  x_security_token_expires: "2026-11-23T03:00:00Z",
};

/** The text with every [NAME] section cut out: what must not change. */
const outside = (text: string) => {
  let out = "";
  let at = 0;
  for (const r of indexIni(text).filter((r) => r.name === NAME)) {
    out += text.slice(at, r.headerStart);
    at = r.end;
  }
  return out + text.slice(at);
};

// Credentials files as people write them: comments, blank lines, odd spacing, other sections
// before and after, CRLF or LF, with or without a final newline, and sometimes [NAME] already.
const line = fc.oneof(
  fc.constant("# a comment"),
  fc.constant("; another"),
  fc.constant(""),
  fc.constant("   "),
  fc.constantFrom(
    "region = ap-northeast-1",
    "output=json",
    "  aws_access_key_id   =   AKIAOTHER",
    "aws_secret_access_key = s3cr3t",
  ),
  fc.constantFrom("s3 =", "  max_concurrent_requests = 10"),
);
const section = fc.record({
  name: fc.constantFrom("default", "foo", "bar", NAME, "session-token-2", "prod"),
  spacing: fc.constantFrom("", " "),
  lines: fc.array(line, { maxLength: 5 }),
  token: fc.boolean(),
});
const file = fc.record({
  preamble: fc.array(fc.constantFrom("# 111122223333", ""), { maxLength: 2 }),
  sections: fc.array(section, { maxLength: 5 }),
  eol: fc.constantFrom("\n", "\r\n"),
  finalNewline: fc.boolean(),
});
const render = (f: typeof file extends fc.Arbitrary<infer T> ? T : never) => {
  const lines: string[] = [...f.preamble];
  for (const s of f.sections) {
    lines.push(`[${s.spacing}${s.name}${s.spacing}]`, ...s.lines);
    if (s.name === NAME && s.token) lines.push("aws_session_token = old");
  }
  const text = lines.join(f.eol);
  return f.finalNewline && text ? text + f.eol : text;
};

describe("replaceSection changes only [NAME]", () => {
  it("keeps every byte outside the section, for many generated files", () => {
    let checked = 0;
    fc.assert(
      fc.property(file, (f) => {
        const original = render(f);
        let updated: string;
        try {
          updated = replaceSection(original, NAME, KEYS);
        } catch (error) {
          // Refused: [NAME] holds long-term keys (a key and no session token).
          expect(error).toBeInstanceOf(UsageError);
          const existing = parseIni(original).get(NAME);
          expect(existing?.aws_access_key_id && !existing.aws_session_token).toBeTruthy();
          return;
        }
        checked++;
        if (indexIni(original).some((r) => r.name === NAME)) expect(outside(updated)).toBe(outside(original));
        else {
          expect(updated.startsWith(original)).toBe(true);
          expect(updated.slice(original.length)).toMatch(/^(\r?\n){0,2}\[session-token\]\r?\n(\w+ = \S+\r?\n){4}$/);
        }
        const before = parseIni(original);
        const after = parseIni(updated);
        for (const [name, values] of before) if (name !== NAME) expect({ ...after.get(name) }).toEqual({ ...values });
        expect(after.get(NAME)).toMatchObject(KEYS);
        if (f.eol === "\r\n" && original.includes("\r\n")) expect(updated.replaceAll("\r\n", "")).not.toContain("\n");
      }),
      { numRuns: 500 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it("refuses a section with long-term keys", () => {
    const text = "[session-token]\naws_access_key_id = AKIALONGTERM\naws_secret_access_key = x\n";
    expect(() => replaceSection(text, NAME, KEYS)).toThrow(/holds long-term keys/);
  });
});

describe("awsrole --write-profile, against moto and the AWS CLI", () => {
  let sts: StsServer;
  let home: string;
  let env: Record<string, string>;
  const credentialsPath = () => join(home, ".aws", "credentials");
  beforeAll(async () => {
    sts = await startStsServer();
  });
  afterAll(() => sts?.stop());
  beforeEach(() => {
    home = makeHome(
      "[profile target1]\nrole_arn = arn:aws:iam::333344445555:role/target1-role\nsource_profile = foo\n",
      "# my keys\n[foo]\naws_access_key_id = AKIAXXXXXXXXXXXXXXXX\naws_secret_access_key = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n\n[keep]\nregion = eu-west-1",
    );
    env = cleanEnv(home, { AWS_ENDPOINT_URL_STS: sts.url, AWS_DEFAULT_REGION: "us-east-1" });
  });

  it("writes [NAME], keeps the rest and the mode, and points AWS_PROFILE at it", async () => {
    chmodSync(credentialsPath(), 0o640);
    const before = readFileSync(credentialsPath(), "utf8");
    const r = await awsrole(["target1", "--write-profile", NAME, "-f", "bash", "-q"], env);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`export AWS_PROFILE='${NAME}'`);
    expect(r.stdout).toContain("unset AWS_ACCESS_KEY_ID");
    expect(r.stdout).not.toContain("AWS_SECRET_ACCESS_KEY=");
    const after = readFileSync(credentialsPath(), "utf8");
    expect(after.startsWith(`${before}\n\n[${NAME}]\n`)).toBe(true);
    expect(statSync(credentialsPath()).mode & 0o777).toBe(0o640);
    // --unset afterwards clears AWS_PROFILE too: it names the profile awsrole wrote.
    const unset = await awsrole(["--unset", "-f", "bash"], { ...env, AWS_PROFILE: NAME, AWSROLE_PROFILE: "target1" });
    expect(unset.stdout).toContain("unset AWS_PROFILE\n");
    const foreign = await awsrole(["--unset", "-f", "bash"], {
      ...env,
      AWS_PROFILE: "foo",
      AWSROLE_PROFILE: "target1",
    });
    expect(foreign.stdout).not.toContain("AWS_PROFILE\n");
    if (hasTool("aws")) {
      const who = await run(
        "aws",
        ["--profile", NAME, "sts", "get-caller-identity", "--query", "Arn", "--output", "text"],
        env,
      );
      expect(who.stdout.trim()).toMatch(/^arn:aws:sts::333344445555:assumed-role\/target1-role\//);
    }
  });

  it("creates the file 0600 when there is none", async () => {
    const r = await awsrole(["target1", "--write-profile", NAME, "-f", "bash", "-q"], {
      ...env,
      AWS_SHARED_CREDENTIALS_FILE: join(home, "new", "credentials"),
      AWS_CONFIG_FILE: join(home, ".aws", "config"),
    });
    // foo's keys now live nowhere: the role cannot be assumed, and nothing is created.
    expect(r.status).toBe(2);
    writeFileSync(join(home, "creds"), readFileSync(credentialsPath()));
    const ok = await awsrole(
      ["--role-arn", "arn:aws:iam::333344445555:role/x", "--write-profile", NAME, "-f", "bash", "-q"],
      {
        ...env,
        AWS_ACCESS_KEY_ID: "AKIAXXXXXXXXXXXXXXXX",
        AWS_SECRET_ACCESS_KEY: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        AWS_SHARED_CREDENTIALS_FILE: join(home, "new", "credentials"),
      },
    );
    expect(ok.stderr).toBe("");
    expect(statSync(join(home, "new", "credentials")).mode & 0o777).toBe(0o600);
  });

  it("two writers at once lose nothing", async () => {
    const results = await Promise.all(
      ["one", "two", "three"].map((name) => awsrole(["target1", "--write-profile", name, "-f", "json", "-q"], env)),
    );
    expect(results.map((r) => r.status)).toEqual([0, 0, 0]);
    const sections = parseIni(readFileSync(credentialsPath(), "utf8"));
    for (const name of ["one", "two", "three", "foo", "keep"]) expect(sections.has(name)).toBe(true);
  });

  it.each([
    ["long-term keys", "foo", /is a source of this role/],
    ["a source profile", "foo", /is a source of this role/],
  ])("refuses %s: exit 2, file byte-identical, no call", async (_, name, message) => {
    const before = readFileSync(credentialsPath());
    const from = sts.requests.length;
    const r = await awsrole(["target1", "--write-profile", name, "-f", "bash"], env);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toMatch(message);
    expect(readFileSync(credentialsPath()).equals(before)).toBe(true);
    expect(sts.requests.length).toBe(from);
  });

  it("refuses to overwrite another profile's long-term keys", async () => {
    writeFileSync(
      credentialsPath(),
      `${readFileSync(credentialsPath(), "utf8")}\n[other]\naws_access_key_id = AKIAO\naws_secret_access_key = s\n`,
    );
    const before = readFileSync(credentialsPath());
    const r = await awsrole(["target1", "--write-profile", "other", "-f", "bash"], env);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toMatch(/\[other\] in the credentials file holds long-term keys/);
    expect(readFileSync(credentialsPath()).equals(before)).toBe(true);
  });

  it("--format github appends to $GITHUB_ENV as the runner reads it, and masks the secrets", async () => {
    const githubEnv = join(home, "github_env");
    writeFileSync(githubEnv, "EXISTING=1\n");
    const r = await awsrole(["target1", "-f", "github"], { ...env, GITHUB_ENV: githubEnv });
    expect(r.status).toBe(0);
    const vars = parseGithubEnv(readFileSync(githubEnv, "utf8"));
    expect(vars.EXISTING).toBe("1");
    expect(vars.AWSROLE_PROFILE).toBe("target1");
    expect(vars.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(r.stdout).toBe(`::add-mask::${vars.AWS_SECRET_ACCESS_KEY}\n::add-mask::${vars.AWS_SESSION_TOKEN}\n`);
    const without = await awsrole(["target1", "-f", "github"], env);
    expect(without).toMatchObject({ status: 2, stdout: "" });
    expect(without.stderr).toMatch(/--format github needs GITHUB_ENV/);
  });
});

/** The runner's reading of $GITHUB_ENV: `NAME=value` lines and `NAME<<DELIMITER` blocks. */
function parseGithubEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(l);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] as string, i + 1);
      vars[heredoc[1] as string] = lines.slice(i + 1, end).join("\n");
      i = end;
    } else if (l.includes("=")) vars[l.slice(0, l.indexOf("="))] = l.slice(l.indexOf("=") + 1);
  }
  return vars;
}
