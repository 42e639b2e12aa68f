// The package as users install it: `npm pack` builds first, and `npm install -g` of the tarball
// installs awsrole alone (the bundles in dist/ hold every dependency), which then runs.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanEnv, makeHome } from "./helpers/home.js";

describe("the packed package", () => {
  it("builds when packed, installs alone, and runs --version, init and a cache hit", () => {
    // A copy of the sources, so packing (which builds) never touches the dist/ other tests run.
    const work = mkdtempSync(join(tmpdir(), "awsrole-pack-"));
    for (const entry of [
      "package.json",
      "build.mjs",
      "partitions.mjs",
      "bundles.mjs",
      "tsconfig.json",
      "README.md",
      "LICENSE",
      "src",
      "shell",
    ]) {
      cpSync(resolve(entry), join(work, entry), { recursive: true });
    }
    symlinkSync(resolve("node_modules"), join(work, "node_modules"));
    const out = join(work, "out");
    mkdirSync(out);
    // npm's cache and logs in the work folder, not in ~/.npm.
    const npmEnv = { ...process.env, npm_config_cache: join(work, "npm-cache") };
    execFileSync("npm", ["pack", "--pack-destination", out, "--silent"], { cwd: work, stdio: "pipe", env: npmEnv });
    const [tarball] = readdirSync(out);
    expect(tarball).toMatch(/^awsrole-\d+\.\d+\.\d+\.tgz$/);
    // The size the README gives ("about 290 kB") is the tarball's, within 10 %.
    const said = Number(/about (\d+) kB/.exec(readFileSync(resolve("README.md"), "utf8"))?.[1]);
    const size = statSync(join(out, tarball as string)).size / 1000;
    expect(Math.abs(size - said) / size, `README says about ${said} kB, the tarball is ${size} kB`).toBeLessThan(0.1);

    const prefix = mkdtempSync(join(tmpdir(), "awsrole-prefix-"));
    execFileSync(
      "npm",
      ["install", "-g", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", join(out, tarball as string)],
      { stdio: "pipe", env: npmEnv },
    );
    // Nothing but awsrole itself was installed.
    expect(readdirSync(join(prefix, "lib", "node_modules"))).toEqual(["awsrole"]);
    expect(readdirSync(join(prefix, "lib", "node_modules", "awsrole")).sort()).toEqual([
      "LICENSE",
      "README.md",
      "dist",
      "package.json",
      "shell",
    ]);

    const bin = join(prefix, "bin", "awsrole");
    const { version } = JSON.parse(
      execFileSync("node", ["-p", "JSON.stringify(require('./package.json'))"], { encoding: "utf8" }),
    );
    const home = makeHome(
      "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = s\n",
      "[s]\naws_access_key_id = AKIAX\naws_secret_access_key = y\n",
    );
    const env = cleanEnv(home, { PATH: `${join(prefix, "bin")}:${process.env.PATH}` });
    expect(spawnSync(bin, ["--version"], { env, encoding: "utf8" }).stdout).toBe(`${version}\n`);
    const init = spawnSync(bin, ["init", "bash"], { env, encoding: "utf8" });
    expect(init.status).toBe(0);
    expect(init.stdout).toContain("function awsrole {");
    // A cache hit: a session under botocore's key for profile p, and no STS anywhere.
    const key = createHash("sha1").update('{"RoleArn": "arn:aws:iam::123456789012:role/r"}').digest("hex");
    mkdirSync(join(home, ".aws", "cli", "cache"), { recursive: true });
    const expiration = new Date(Date.now() + 3600_000).toISOString();
    writeFileSync(
      join(home, ".aws", "cli", "cache", `${key}.json`),
      JSON.stringify({
        Credentials: { AccessKeyId: "ASIACACHED", SecretAccessKey: "s", SessionToken: "t", Expiration: expiration },
      }),
    );
    const hit = spawnSync(bin, ["p", "-f", "bash", "-q"], {
      env: { ...env, AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9" },
      encoding: "utf8",
    });
    expect(hit.stderr).toBe("");
    expect(hit.stdout).toContain("export AWS_ACCESS_KEY_ID='ASIACACHED';");
  }, 120_000);
});
