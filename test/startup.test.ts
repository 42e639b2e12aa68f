// The fast paths must not load the AWS SDK (DESIGN.md, Speed). Proof: run them from a copy of
// the build without the SDK bundle (sts.cjs); an assume that must call STS fails there.
import { copyFileSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cacheDir, cacheKey, writeCachedSession } from "../src/cache.js";
import { CLI as CLI_BUILT, cleanEnv, makeHome, run } from "./helpers/home.js";

const dir = mkdtempSync(join(tmpdir(), "awsrole-nosdk-"));
for (const file of readdirSync("dist").filter((f) => f !== "sts.cjs"))
  copyFileSync(join("dist", file), join(dir, file));
const home = makeHome(
  "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = s\n[profile q]\nrole_arn = arn:aws:iam::123456789012:role/q\nsource_profile = s\n",
  "[s]\naws_access_key_id = AKIAX\naws_secret_access_key = y\n",
);
const env = cleanEnv(home);
// A session for profile p in the cache, under botocore's key.
writeCachedSession(cacheDir(home) as string, cacheKey({ RoleArn: "arn:aws:iam::123456789012:role/r" }), {
  credentials: {
    accessKeyId: "ASIAX",
    secretAccessKey: "s",
    sessionToken: "t",
    expiration: new Date(Date.now() + 3600_000),
  },
});
const cli = (...args: string[]) => run("node", [join(dir, "cli.cjs"), ...args], env);

describe("without the SDK bundle", () => {
  it.each([
    [["--unset", "-f", "bash"]],
    [["--unset", "-f", "fish"]],
    [["--help"]],
    [["--version"]],
    [["p", "-f", "bash"]],
    [["list", "--format", "names"]],
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

/** Node >= 22.1 has its own compile cache, which awsrole uses in place of the hand-written one. */
const nodeCompileCache =
  typeof (process.getBuiltinModule("node:module") as { enableCompileCache?: unknown }).enableCompileCache ===
  "function";

describe("the code cache for the assume path", () => {
  const run2 = (...args: string[]) => run("node", [CLI_BUILT, ...args], env);
  it.runIf(nodeCompileCache)("is Node's own compile cache, in a 0700 folder of the user's", async () => {
    expect((await run2("p", "-f", "bash")).status).toBe(0);
    const dir = join(home, ".cache", "awsrole");
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).length).toBeGreaterThan(0);
    const again = await run2("p", "-f", "bash");
    expect(again).toMatchObject({ status: 0, stderr: expect.stringContaining("assumed r") });
  });
  it.skipIf(nodeCompileCache)(
    "is written once, 0600 in a 0700 folder of the user's, then used; a corrupt one is harmless",
    async () => {
      expect((await run2("p", "-f", "bash")).status).toBe(0);
      const dir = join(home, ".cache", "awsrole");
      const [file] = readdirSync(dir);
      expect(file).toMatch(/^role\.cjs\..+\.v8cache$/);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, file as string)).mode & 0o777).toBe(0o600);
      const again = await run2("p", "-f", "bash");
      expect(again).toMatchObject({ status: 0, stderr: expect.stringContaining("assumed r") });
      writeFileSync(join(dir, file as string), "not a code cache");
      const corrupt = await run2("p", "-f", "bash");
      expect(corrupt.status).toBe(0);
      expect(corrupt.stdout).toContain("export AWS_SESSION_TOKEN='t'");
    },
  );
});
