// Files that once sent a role to the wrong account or lost keys (a comment read as part of a
// section name, a rewrite over long-term keys or a symlink), each tried as a user would: the built CLI,
// real files, moto, and the AWS CLI reading what awsrole wrote.
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsrole, CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const LONG_TERM =
  "[foo]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";
const ROLE = "arn:aws:iam::123456789012:role/r";

describe("files, end to end", () => {
  let sts: StsServer;
  beforeAll(async () => {
    sts = await startStsServer();
  });
  afterAll(() => sts?.stop());
  const envFor = (home: string, extra: Record<string, string> = {}) =>
    cleanEnv(home, { AWS_ENDPOINT_URL_STS: sts.url, AWS_DEFAULT_REGION: "us-east-1", ...extra });

  it("[profile prod]# production is prod: awsrole sandbox assumes sandbox's role, awsrole prod prod's", async () => {
    const home = makeHome(
      "[profile sandbox]\nrole_arn = arn:aws:iam::111111111111:role/sandbox-admin\nsource_profile = foo\n[profile prod]# production\nrole_arn = arn:aws:iam::123456789012:role/prod-admin\nsource_profile = foo\n",
      LONG_TERM,
    );
    const sandbox = await awsrole(["sandbox", "-f", "json"], envFor(home));
    expect(sandbox.stderr).toMatch(/assumed sandbox-admin in 111111111111 as sandbox/);
    const prod = await awsrole(["prod", "-f", "json"], envFor(home));
    expect(prod.stderr).toMatch(/assumed prod-admin in 123456789012 as prod/);
  });

  it("never removes long-term keys: [foo] before [old-session]# saml2aws is refused, file byte-identical, no call", async () => {
    const credentials = `${LONG_TERM}[old-session]# saml2aws\naws_session_token = t\n[src]\naws_access_key_id = AKIASRC\naws_secret_access_key = srcsecret\n`;
    const home = makeHome("", credentials);
    const from = sts.requests.length;
    const r = await awsrole(
      ["--role-arn", ROLE, "--source-profile", "src", "--write-profile", "foo", "-f", "bash"],
      envFor(home),
    );
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toMatch(/holds long-term keys/);
    expect(readFileSync(join(home, ".aws", "credentials"), "utf8")).toBe(credentials);
    expect(sts.requests.length).toBe(from);
  });

  it("keeps a symlinked credentials file a link, rewriting its target", async () => {
    const home = makeHome("");
    const dotfiles = join(home, "dotfiles");
    mkdirSync(dotfiles);
    writeFileSync(join(dotfiles, "credentials"), LONG_TERM, { mode: 0o640 });
    const link = join(home, ".aws", "credentials");
    const { rmSync } = await import("node:fs");
    rmSync(link);
    symlinkSync(join(dotfiles, "credentials"), link);
    const r = await awsrole(
      ["--role-arn", ROLE, "--source-profile", "foo", "--write-profile", "s", "-f", "bash", "-q"],
      envFor(home),
    );
    expect(r.status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join(dotfiles, "credentials"));
    expect(readFileSync(join(dotfiles, "credentials"), "utf8")).toMatch(
      /^\[foo\][\s\S]*\n\[s\]\naws_access_key_id = ASIA/,
    );
    expect(statSync(join(dotfiles, "credentials")).mode & 0o777).toBe(0o640);
    expect(readdirSync(dotfiles)).toEqual(["credentials"]);
  });

  it.skipIf(process.getuid?.() !== 0 || !hasTool("unshare", ["--version"]))(
    "rewrites a bind-mounted credentials file in place, and leaves no temporary copy of the keys",
    async () => {
      const home = makeHome("");
      const outside = join(home, "mounted-credentials");
      writeFileSync(outside, LONG_TERM);
      const target = join(home, ".aws", "credentials");
      writeFileSync(target, "");
      // A private mount namespace: the bind mount exists for this one command and ends with it.
      const script = `mount --bind '${outside}' '${target}' && node '${CLI}' --role-arn ${ROLE} --source-profile foo --write-profile s -f bash -q`;
      const r = await run("unshare", ["-m", "sh", "-c", script], envFor(home, { AWS_SHARED_CREDENTIALS_FILE: target }));
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(readFileSync(outside, "utf8")).toMatch(
        /^\[foo\][\s\S]*\n\[s\]\naws_session_token|\n\[s\]\naws_access_key_id = ASIA/,
      );
      expect(readdirSync(join(home, ".aws")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    },
  );

  it.each([
    ["a directory", (home: string) => mkdirSync(join(home, "credsdir")), "credsdir", /is a directory/],
    [
      "a file that is not UTF-8",
      (home: string) => writeFileSync(join(home, "latin1"), Buffer.from([0x5b, 0x61, 0x5d, 0x0a, 0xe9, 0x0a])),
      "latin1",
      /not UTF-8/,
    ],
    [
      "a file the CLI cannot read",
      (home: string) => writeFileSync(join(home, "dup"), "[a]\nk = 1\n[a]\nk = 2\n"),
      "dup",
      /dup line 3: section \[a\] is repeated/,
    ],
  ])("refuses --write-profile into %s before any call (exit 2)", async (_, make, file, message) => {
    const home = makeHome("", "");
    make(home);
    const from = sts.requests.length;
    const r = await awsrole(
      ["--role-arn", ROLE, "--write-profile", "s", "-f", "bash"],
      envFor(home, {
        AWS_ACCESS_KEY_ID: "AKIAENV",
        AWS_SECRET_ACCESS_KEY: "envsecretenvsecret",
        AWS_SHARED_CREDENTIALS_FILE: join(home, file),
      }),
    );
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split("\n")).toHaveLength(2);
    expect(sts.requests.length).toBe(from);
  });

  it("answers a 32,000-character profile name in one short line", async () => {
    const home = makeHome("[profile p]\nregion = x\n");
    const r = await awsrole(["n".repeat(32_000), "-f", "bash"], envFor(home));
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr.length).toBeLessThan(400);
  });

  it('runs a credential_process source under [profile "my proc"] itself', async () => {
    const home = makeHome(
      `[profile p]\nrole_arn = ${ROLE}\nsource_profile = my proc\n[profile "my proc"]\ncredential_process = node -e "console.log(JSON.stringify({Version:1,AccessKeyId:'AKIAPROCESS000000000',SecretAccessKey:'processsecret'}))"\n`,
    );
    const r = await awsrole(["p", "-f", "json", "-q"], envFor(home));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(sts.requests.at(-1)?.$signer).toBe("AKIAPROCESS000000000");
  });

  it("refuses a config file the CLI refuses, naming the file and line (exit 2, no call)", async () => {
    const home = makeHome(`[profile p]\nrole_arn = ${ROLE}\nsource_profile = foo\nROLE_ARN = again\n`, LONG_TERM);
    const from = sts.requests.length;
    const r = await awsrole(["p", "-f", "bash"], envFor(home));
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toContain(`${join(home, ".aws", "config")} line 4: key role_arn is repeated in [profile p]`);
    expect(sts.requests.length).toBe(from);
  });
});
