// The fast paths must not load the AWS SDK (README, Speed), nor the Identity Center code.
// Proof: run them from a copy of the build without the SDK bundle (sts.cjs) and sso.cjs; an
// assume that must call STS fails there.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cacheDir, cacheKey, ssoCacheKey, writeCachedSession } from "../src/credentials/cache.js";
import { CLI as CLI_BUILT, cleanEnv, makeHome, run } from "./helpers/home.js";

const dir = mkdtempSync(join(tmpdir(), "awsrole-nosdk-"));
for (const file of readdirSync("dist").filter((f) => f !== "sts.cjs" && f !== "sso.cjs"))
  copyFileSync(join("dist", file), join(dir, file));
/** Everything this file makes in the temporary folder, removed at the end. */
const made: string[] = [dir];
afterAll(() => {
  for (const path of made) rmSync(path, { recursive: true, force: true });
});
/**
 * Profiles p (in a region the SDK's partition data holds, checked from build-time data) and q,
 * and in the cache a session for p under botocore's key and one of s's own keys (GetSessionToken);
 * an SSO profile and its cached role.
 */
function homeWithSession(): string {
  const home = makeHome(
    "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = s\nregion = eusc-de-east-1\n[profile q]\nrole_arn = arn:aws:iam::123456789012:role/q\nsource_profile = s\n[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n",
    "[s]\naws_access_key_id = AKIAX\naws_secret_access_key = y\n",
  );
  const session = {
    credentials: {
      accessKeyId: "ASIAX",
      secretAccessKey: "s",
      sessionToken: "t",
      expiration: new Date(Date.now() + 3600_000),
    },
  };
  writeCachedSession(cacheDir(home) as string, cacheKey({ RoleArn: "arn:aws:iam::123456789012:role/r" }), session);
  const ownKeys = { awsrole: "GetSessionToken", AccessKeyId: "AKIAX", DurationSeconds: 3600 };
  writeCachedSession(cacheDir(home) as string, cacheKey(ownKeys), session);
  const sso = {
    startUrl: "https://corp.awsapps.com/start",
    accountId: "111122223333",
    roleName: "Admin",
    sessionName: "corp",
  };
  made.push(home);
  writeCachedSession(
    cacheDir(home) as string,
    ssoCacheKey(sso),
    { credentials: { ...session.credentials, accessKeyId: "ASIASSO" } },
    "111122223333",
  );
  return home;
}
const env = cleanEnv(homeWithSession());
const cli = (...args: string[]) => run("node", [join(dir, "cli.cjs"), ...args], env);

describe("without the SDK bundle", () => {
  it.each([
    [["--unset", "-f", "bash"]],
    [["--unset", "-f", "fish"]],
    [["--help"]],
    [["--version"]],
    [["p", "-f", "bash"]],
    [["s", "-f", "bash"]],
    [["sso", "-f", "bash"]],
    [["list"]],
    [["list", "--format", "names"]],
    // What Tab runs in every shell.
    [["--complete=", "exec"]],
    [["--complete=--f", "list"]],
  ])("%j works", async (args) => {
    const r = await cli(...args);
    expect(r.stderr).not.toContain("Cannot find module");
    expect(r.status).toBe(0);
  });

  it("an assume does need it (so the check above can fail)", async () => {
    const r = await cli("q", "-f", "bash");
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("sts.cjs");
  });
});

describe("the code cache", () => {
  const home = homeWithSession();
  const run2 = (...args: string[]) => run("node", [CLI_BUILT, ...args], cleanEnv(home));
  const dir = join(home, ".cache", "awsrole");
  it("is written once per part, after a run that succeeded, 0600 in a 0700 folder of the user's, then used; a corrupt one is harmless", async () => {
    // A run that fails writes none: it would leave later runs compiling what it never reached.
    expect((await run2("no-such-profile", "-f", "bash")).status).toBe(2);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    expect((await run2("p", "-f", "bash")).status).toBe(0);
    const [file] = readdirSync(dir);
    expect(file).toMatch(new RegExp(`^main\\.cjs\\.[0-9a-f]{16}\\.assume\\.${process.version}\\.v8cache$`));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, file as string)).mode & 0o777).toBe(0o600);
    const written = statSync(join(dir, file as string)).mtimeMs;
    const again = await run2("p", "-f", "bash");
    expect(again).toMatchObject({ status: 0, stderr: expect.stringContaining("assumed r") });
    expect(statSync(join(dir, file as string)).mtimeMs).toBe(written);
    // --unset uses other parts of awsrole: a cache of its own, beside the assume path's.
    expect((await run2("--unset", "-f", "bash")).status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual([file, (file as string).replace(".assume.", ".other.")].sort());
    writeFileSync(join(dir, file as string), "not a code cache");
    const corrupt = await run2("p", "-f", "bash");
    expect(corrupt.status).toBe(0);
    expect(corrupt.stdout).toContain("export AWS_SESSION_TOKEN='t'");
  });
});

describe("Node's own modules", () => {
  // Each costs start-up time (node:zlib and the streams it requires ~1.4 ms, node:crypto ~2.4 ms):
  // the fast paths load node:vm, for the code cache, and nothing else beyond a bare `node`.
  const home = homeWithSession();
  const preload = join(home, "modules.cjs");
  writeFileSync(
    preload,
    `const before = new Set(process.moduleLoadList);
process.on("exit", () => process._rawDebug("LOADED " + JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith("NativeModule ")).map((m) => m.slice(13)))));
`,
  );
  it.each([
    [["--unset", "-f", "bash"]],
    [["p", "-f", "bash"]],
    [["list", "--format", "names"]],
    [["list"]],
    [["init", "bash"]],
  ])("%j loads none but node:vm, compiling and from the code cache", async (args) => {
    for (const round of ["compiling", "from the code cache"]) {
      const r = await run("node", ["-r", preload, CLI_BUILT, ...args], cleanEnv(home));
      expect(r.status, r.stderr).toBe(0);
      const loaded = JSON.parse(/^LOADED (.*)$/m.exec(r.stderr)?.[1] ?? "null") as string[];
      expect(loaded.filter((name) => name !== "vm").join(" "), round).toBe("");
    }
  });
});
