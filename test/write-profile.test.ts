// --write-profile and --format github: files other tools read, changed only where awsrole owns them.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  linkSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { replaceSection } from "../src/aws-files/credentials-file.js";
import { parseIni } from "../src/aws-files/ini.js";
import { isAwsroleError } from "../src/system/errors.js";
import { botocoreRead } from "./helpers/botocore.js";
import { awsrole, CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { iniFile, random } from "./helpers/ini-gen.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const NAME = "session-token";
const KEYS = {
  aws_access_key_id: "ASIANEW",
  aws_secret_access_key: "new/secret+",
  aws_session_token: "newtoken=",
  x_security_token_expires: "2026-11-23T03:00:00Z",
};
const MANAGED = Object.keys(KEYS);

/**
 * The bytes that are not awsrole's: the text with the target section's managed key lines (and
 * their continuation lines) cut out, and the key lines awsrole adds cut out of the new text.
 */
function notAwsroles(path: string, text: string, name: string): string {
  const file = parseIni(path, text);
  const cut = file.sections
    .filter((s) => s.name === name)
    .flatMap((s) => s.options.filter((o) => MANAGED.includes(o.key)).flatMap((o) => o.lines));
  let out = "";
  let at = 0;
  for (const line of cut.sort((a, b) => a.start - b.start)) {
    out += text.slice(at, line.start);
    at = line.end;
  }
  return out + text.slice(at);
}

const TARGETS = [
  "dev",
  "prod",
  "default",
  "sandbox",
  "dev #2",
  "a]b",
  "new-one",
  " padded",
  "tab\tname",
  "x;y",
  "#hash",
  "line\nbreak",
  "DEFAULT",
];
const FUZZ = 1200;

describe.skipIf(!hasTool("python3", ["-c", "import botocore"]))(
  "replaceSection: a writer fuzz against botocore",
  () => {
    const dir = mkdtempSync(join(tmpdir(), "awsrole-writer-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const cases: { path: string; name: string; before: string; after?: string; refused?: string }[] = [];
    for (let seed = 1; seed <= FUZZ; seed++) {
      const r = random(10_000 + seed);
      const { text } = iniFile(r, "credentials");
      const name = r.pick(TARGETS);
      const path = join(dir, `${seed}.before`);
      writeFileSync(path, text);
      try {
        const after = replaceSection(path, text, name, KEYS);
        writeFileSync(join(dir, `${seed}.after`), after);
        cases.push({ path, name, before: text, after });
      } catch (error) {
        if (!isAwsroleError(error)) throw error;
        cases.push({ path, name, before: text, refused: error.message });
      }
    }
    const written = cases.filter((c) => c.after !== undefined);
    const oracle = botocoreRead(
      written.flatMap((c) => [
        [join(dir, "none"), c.path],
        [join(dir, "none"), c.path.replace(/before$/, "after")],
      ]),
    );

    it(`writes ${FUZZ} generated files: nothing outside awsrole's lines changes, and the AWS CLI reads each back`, () => {
      expect(written.length).toBeGreaterThan(FUZZ / 3);
      for (const [i, c] of written.entries()) {
        const context = `${c.path} -> [${c.name}]`;
        const kept = notAwsroles(c.path, c.after as string, c.name);
        if (parseIni(c.path, c.before).sections.some((s) => s.name === c.name)) {
          expect(kept, context).toBe(notAwsroles(c.path, c.before, c.name));
        } else {
          expect(kept.startsWith(c.before), context).toBe(true);
          const eol = "(?:\\r\\n|\\r|\\n)";
          expect(kept.slice(c.before.length), context).toMatch(new RegExp(`^${eol}{0,2}\\[[^\\r\\n]+\\]${eol}$`));
        }
        const before = oracle[2 * i]?.credentials;
        const after = oracle[2 * i + 1]?.credentials;
        expect(after?.error, `${context}: botocore cannot read the file awsrole wrote`).toBeUndefined();
        expect(before?.error, context).toBeUndefined();
        const expected = { ...(before?.sections ?? {}) } as Record<string, Record<string, unknown>>;
        // A new section has [DEFAULT]'s keys (awsrole's reader, itself compared with botocore above).
        const defaults = Object.fromEntries(parseIni(c.path, c.before).defaults.map((o) => [o.key, o.value]));
        const base = expected[c.name] ?? defaults;
        expected[c.name] = {
          ...Object.fromEntries(Object.entries(base).filter(([k]) => !MANAGED.includes(k))),
          ...KEYS,
        };
        // DEFAULT's keys are in every section for botocore; awsrole's new keys override them in [NAME] only.
        expect(after?.sections, context).toEqual(expected);
      }
    });

    it("refuses only what it must: a file the CLI refuses, long-term keys, a name the CLI cannot read back", () => {
      const refused = cases.filter((c) => c.refused !== undefined);
      const reasons = new Set<string>();
      const oracleRefused = botocoreRead(refused.map((c) => [join(dir, "none"), c.path]));
      for (const [i, c] of refused.entries()) {
        const reason = /long-term keys/.test(c.refused as string)
          ? "long-term"
          : /cannot be written so that the AWS CLI reads it back/.test(c.refused as string)
            ? "name"
            : "unreadable";
        reasons.add(reason);
        if (reason === "unreadable") expect(oracleRefused[i]?.credentials.error, c.path).toBeDefined();
        if (reason === "name") expect(c.name, c.path).toMatch(/[\r\n]|^DEFAULT$/);
        if (reason === "long-term") {
          // Half a key pair or more, and no token (absent or empty): test/write-profile.oracle.test.ts.
          const values = oracleRefused[i]?.credentials.sections?.[c.name] as Record<string, string>;
          expect(values?.aws_access_key_id ?? values?.aws_secret_access_key, c.path).toBeDefined();
          expect(values?.aws_security_token ?? values?.aws_session_token ?? "", c.path).toBe("");
        }
      }
      expect([...reasons].sort()).toEqual(["long-term", "name", "unreadable"]);
    });
  },
);

describe("replaceSection refuses", () => {
  it("a section with long-term keys, in any letter case", () => {
    const text = "[session-token]\nAWS_ACCESS_KEY_ID = AKIALONGTERM\naws_secret_access_key = x\n";
    expect(() => replaceSection("/c", text, NAME, KEYS)).toThrow(/holds long-term keys/);
  });
  it("[session-token] followed by [old-session]# saml2aws: the long-term keys are found", () => {
    const text =
      "[session-token]\naws_access_key_id = AKIALONGTERM\naws_secret_access_key = x\n[old-session]# saml2aws\naws_session_token = t\n";
    expect(() => replaceSection("/c", text, NAME, KEYS)).toThrow(/holds long-term keys/);
  });
  it("writes [dev #2] once, however often it is asked", () => {
    const once = replaceSection("/c", "", "dev #2", KEYS);
    expect(replaceSection("/c", once, "dev #2", { ...KEYS, aws_session_token: "second" })).toBe(
      once.replace("newtoken=", "second"),
    );
  });
  it("replaces an upper-case key line rather than adding a second, lower-case one", () => {
    const text = "[session-token]\nAWS_ACCESS_KEY_ID = ASIAOLD\nAWS_SESSION_TOKEN = old\nregion = x\n";
    const out = replaceSection("/c", text, NAME, KEYS);
    expect(out).not.toContain("ASIAOLD");
    expect(out).toContain("region = x\n");
  });
  it("keeps the section of a CR-only file, instead of appending a duplicate", () => {
    const text = "[session-token]\raws_session_token = old\r[keep]\rregion = x\r";
    const out = replaceSection("/c", text, NAME, KEYS);
    expect(out.match(/\[session-token\]/g)).toHaveLength(1);
    expect(out).not.toContain("\n");
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
  afterEach(() => rmSync(home, { recursive: true, force: true }));
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
    expect(unset.stdout).toContain("unset AWS_PROFILE;\n");
    const foreign = await awsrole(["--unset", "-f", "bash"], {
      ...env,
      AWS_PROFILE: "foo",
      AWSROLE_PROFILE: "target1",
    });
    expect(foreign.stdout).not.toContain("AWS_PROFILE;\n");
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
    const sections = parseIni(credentialsPath(), readFileSync(credentialsPath(), "utf8")).sections.map((s) => s.name);
    for (const name of ["one", "two", "three", "foo", "keep"]) expect(sections).toContain(name);
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
    expect(r.stderr).toContain(`[other] in ${credentialsPath()} holds long-term keys`);
    expect(readFileSync(credentialsPath()).equals(before)).toBe(true);
  });

  it('refuses a section whose token line is empty (aws configure set aws_session_token ""): exit 2, no call', async () => {
    const work =
      "[work]\naws_access_key_id = AKIAWORKLONGTERM0001\naws_secret_access_key = LongTermSecret\naws_session_token =\n";
    writeFileSync(credentialsPath(), `${readFileSync(credentialsPath(), "utf8")}\n${work}`);
    const before = readFileSync(credentialsPath());
    const from = sts.requests.length;
    const r = await awsrole(["target1", "--write-profile", "work", "-f", "bash", "-q"], env);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toContain(`[work] in ${credentialsPath()} holds long-term keys`);
    expect(readFileSync(credentialsPath()).equals(before)).toBe(true);
    expect(sts.requests.length).toBe(from);
  });

  it.each([
    ["the role's own profile", "target1", "role_arn"],
    ["another role profile", "other-role", "role_arn"],
    ["an SSO profile", "sso", "sso_account_id"],
  ])("refuses %s, whose keys the AWS CLI would not use: exit 2, a name that works, no call", async (_, name, key) => {
    writeFileSync(
      join(home, ".aws", "config"),
      `${readFileSync(join(home, ".aws", "config"), "utf8")}[profile other-role]\nrole_arn = arn:aws:iam::333344445555:role/o\nsource_profile = foo\n[profile sso]\nsso_account_id = 333344445555\nsso_role_name = r\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n`,
    );
    const before = readFileSync(credentialsPath());
    const from = sts.requests.length;
    const r = await awsrole(["target1", "--write-profile", name, "-f", "bash", "-q"], env);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toContain(`profile "${name}" has ${key}, which it uses before the credentials file`);
    expect(r.stderr).toContain(`--write-profile "${name}-session"`);
    expect(readFileSync(credentialsPath()).equals(before)).toBe(true);
    expect(sts.requests.length).toBe(from);
    // The name it offers works, and the AWS CLI then runs as the role awsrole assumed.
    const ok = await awsrole(["target1", "--write-profile", `${name}-session`, "-f", "bash", "-q"], env);
    expect(ok.status).toBe(0);
    if (hasTool("aws")) {
      const who = await run("aws", ["--profile", `${name}-session`, "sts", "get-caller-identity"], env);
      expect(JSON.parse(who.stdout).Arn).toMatch(/^arn:aws:sts::333344445555:assumed-role\/target1-role\//);
    }
  });

  it("refuses while AWS_WEB_IDENTITY_TOKEN_FILE is set (EKS): the AWS CLI would use it before any profile's keys", async () => {
    const before = readFileSync(credentialsPath());
    const from = sts.requests.length;
    const r = await awsrole(["target1", "--write-profile", NAME, "-f", "bash"], {
      ...env,
      AWS_WEB_IDENTITY_TOKEN_FILE: join(home, "token"),
    });
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toContain("while AWS_WEB_IDENTITY_TOKEN_FILE is set");
    expect(readFileSync(credentialsPath()).equals(before)).toBe(true);
    expect(sts.requests.length).toBe(from);
  });

  it("writes through a dangling symlink: the link stays, its target is created", async () => {
    const link = join(home, "credentials-link");
    symlinkSync(join("dotfiles", "aws", "credentials"), link);
    const r = await awsrole(["--role-arn", "arn:aws:iam::333344445555:role/x", "--write-profile", NAME, "-f", "bash"], {
      ...env,
      AWS_ACCESS_KEY_ID: "AKIAXXXXXXXXXXXXXXXX",
      AWS_SECRET_ACCESS_KEY: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
      AWS_SHARED_CREDENTIALS_FILE: link,
    });
    expect(r.status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    const target = join(home, "dotfiles", "aws", "credentials");
    expect(readFileSync(target, "utf8")).toMatch(new RegExp(`^\\[${NAME}\\]\naws_access_key_id = ASIA`));
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it("refuses, before any call, a credentials file in a folder it cannot write, naming the folder", async () => {
    // As root every folder is writable: then the run is made as nobody, in a home that is nobody's.
    const asNobody = process.getuid?.() === 0;
    if (asNobody && !hasTool("setpriv")) return;
    if (asNobody) execFileSync("chown", ["-R", "65534:65534", home]);
    chmodSync(join(home, ".aws"), 0o555);
    const before = readFileSync(credentialsPath());
    const from = sts.requests.length;
    const started = Date.now();
    const args = [CLI, "target1", "--write-profile", NAME, "-f", "bash", "--no-cache"];
    const r = asNobody
      ? await run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "node", ...args], env)
      : await run("node", args, env);
    chmodSync(join(home, ".aws"), 0o700);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toContain(`its folder ${join(home, ".aws")} is not writable (EACCES)`);
    expect(r.stderr).not.toMatch(/another awsrole|lock/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(readFileSync(credentialsPath()).equals(before)).toBe(true);
    expect(sts.requests.length).toBe(from);
  });

  const fromEnvKeys = (extra: Record<string, string>) => ({
    ...env,
    AWS_ACCESS_KEY_ID: "AKIAXXXXXXXXXXXXXXXX",
    AWS_SECRET_ACCESS_KEY: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    ...extra,
  });
  const roleArnArgs = ["--role-arn", "arn:aws:iam::333344445555:role/x", "--write-profile", NAME, "-f", "bash", "-q"];

  it.skipIf(process.getuid?.() !== 0)(
    "refuses a credentials file that is a device (AWS_SHARED_CREDENTIALS_FILE=/dev/null): exit 2, no call, the node stays",
    async () => {
      const device = join(home, "null");
      execFileSync("mknod", [device, "c", "1", "3"]);
      const from = sts.requests.length;
      const r = await awsrole(roleArnArgs, fromEnvKeys({ AWS_SHARED_CREDENTIALS_FILE: device }));
      expect(r).toMatchObject({ status: 2, stdout: "" });
      expect(r.stderr).toBe(
        `awsrole: --write-profile writes the credentials file, and ${device} is a character device, not a file. Point AWS_SHARED_CREDENTIALS_FILE at a file, or run without --write-profile.\n`,
      );
      expect(statSync(device).isCharacterDevice()).toBe(true);
      expect(sts.requests.length).toBe(from);
      // Through a link too: the link's target is what would be replaced.
      const link = join(home, "null-link");
      symlinkSync(device, link);
      const linked = await awsrole(roleArnArgs, fromEnvKeys({ AWS_SHARED_CREDENTIALS_FILE: link }));
      expect(linked.status).toBe(2);
      expect(linked.stderr).toContain("is a character device");
      expect(statSync(device).isCharacterDevice()).toBe(true);
    },
  );

  it.skipIf(process.getuid?.() !== 0)("root rewriting a user's file keeps its owner and group", async () => {
    chownSync(credentialsPath(), 65534, 65533);
    const r = await awsrole(roleArnArgs, fromEnvKeys({}));
    expect(r.status).toBe(0);
    expect(readFileSync(credentialsPath(), "utf8")).toContain(`[${NAME}]`);
    const after = statSync(credentialsPath());
    expect([after.uid, after.gid, after.mode & 0o777]).toEqual([65534, 65533, 0o600]);
  });

  it("a file with another hard link is rewritten in place: both names see the new section", async () => {
    const other = join(home, "credentials-backup-link");
    linkSync(credentialsPath(), other);
    const inode = statSync(credentialsPath()).ino;
    const r = await awsrole(roleArnArgs, fromEnvKeys({}));
    expect(r.status).toBe(0);
    expect(statSync(credentialsPath()).ino).toBe(inode);
    expect(statSync(other).nlink).toBe(2);
    expect(readFileSync(other, "utf8")).toContain(`[${NAME}]`);
  });

  it("a session with no expiry is still known as awsrole's: status --offline and --unset", async () => {
    writeFileSync(join(home, ".aws", "config"), "[profile sess]\nmfa_serial = arn:aws:iam::333344445555:mfa/u\n");
    writeFileSync(
      credentialsPath(),
      "[sess]\naws_access_key_id = ASIASESSIONKEYS00001\naws_secret_access_key = sessionsecret\naws_session_token = sessiontoken\n",
    );
    const r = await awsrole(["sess", "--write-profile", "written", "-f", "bash", "-q"], env);
    expect(r.status).toBe(0);
    expect(readFileSync(credentialsPath(), "utf8")).not.toContain("x_security_token_expires");
    const shell = { ...env, AWS_PROFILE: "written", AWSROLE_PROFILE: "sess" };
    const status = await awsrole(["status", "--offline"], shell);
    // The name alone: there is no time left to show.
    expect(status).toMatchObject({ status: 0, stdout: "sess\n" });
    const unset = await awsrole(["--unset", "-f", "bash"], shell);
    expect(unset.stdout).toContain("unset AWS_PROFILE;\n");
    // In GitHub Actions, an earlier step's expiry is cleared (written empty: the runner sets "").
    const githubEnv = join(home, "github_env");
    writeFileSync(githubEnv, "AWS_CREDENTIAL_EXPIRATION=2026-11-23T03:00:00Z\n");
    const gh = await awsrole(["sess", "-f", "github", "-q"], { ...env, GITHUB_ENV: githubEnv });
    expect(gh.status).toBe(0);
    const text = readFileSync(githubEnv, "utf8");
    expect(parseGithubEnv(text)).toMatchObject({
      AWS_CREDENTIAL_EXPIRATION: "",
      AWS_ACCESS_KEY_ID: "ASIASESSIONKEYS00001",
    });
    expect(text).toMatch(/\nAWS_CREDENTIAL_EXPIRATION<<(ghadelimiter_[\w-]+)\n\1\n/);
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
