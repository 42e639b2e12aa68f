// Messages that name the real cause (issue 16, item 14): each one of these used to say something
// else — "does not exist", "(ERR_STRING_TOO_LONG). Check its permissions", "(ENOTDIR)".
import { mkdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { awsrole, cleanEnv, makeHome } from "./helpers/home.js";

const ROLE = "arn:aws:iam::123456789012:role/r";
// Nothing here may reach STS: a port nothing listens on.
const NO_STS = { AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9", AWS_DEFAULT_REGION: "us-east-1", AWSROLE_TIMEOUT: "2" };
const KEYS = { AWS_ACCESS_KEY_ID: "AKIAENVKEYS000000001", AWS_SECRET_ACCESS_KEY: "envsecret" };

let home: string;
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe("messages that name the real cause", () => {
  it("a web identity token file that is a directory", async () => {
    home = makeHome("");
    mkdirSync(join(home, "token"));
    const r = await awsrole(
      ["--role-arn", ROLE, "--web-identity-token-file", join(home, "token"), "-f", "json"],
      cleanEnv(home, NO_STS),
    );
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toBe(
      `awsrole: the token file ${join(home, "token")} is a directory, not a file. Point web_identity_token_file or --web-identity-token-file at the token itself.\n`,
    );
  });

  it("a config file too large to hold as text (600 MB, sparse)", async () => {
    home = makeHome("");
    truncateSync(join(home, ".aws", "config"), 600 * 2 ** 20);
    const r = await awsrole(["list"], cleanEnv(home, NO_STS));
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toMatch(
      new RegExp(`^awsrole: ${join(home, ".aws", "config")} is 600 MB, more than awsrole can read \\(\\d+ MB\\)\\. `),
    );
    expect(r.stderr).not.toMatch(/ERR_STRING_TOO_LONG|permissions/);
  });

  it("~/.aws that is a file: named once, as a file, not as a cache entry that cannot be read", async () => {
    home = makeHome("");
    rmSync(join(home, ".aws"), { recursive: true });
    writeFileSync(join(home, ".aws"), "not a folder\n");
    const r = await awsrole(["--role-arn", ROLE, "-f", "json"], cleanEnv(home, { ...NO_STS, ...KEYS }));
    expect(r.stdout).toBe("");
    const said = `awsrole: ${join(home, ".aws")} is a file, not a folder, so sessions are not cached in ${join(home, ".aws", "cli", "cache")}. Move the file away.\n`;
    expect(r.stderr.startsWith(said)).toBe(true);
    expect(r.stderr.split(said)).toHaveLength(2);
    expect(r.stderr).not.toMatch(/ENOTDIR|cache entry/);
    const profile = await awsrole(["prod", "-f", "json"], cleanEnv(home, NO_STS));
    expect(profile).toMatchObject({ status: 2, stdout: "" });
    expect(profile.stderr).toContain(`(${join(home, ".aws")} is a file, not a folder)`);
    const write = await awsrole(
      ["--role-arn", ROLE, "--write-profile", "w", "-f", "json"],
      cleanEnv(home, { ...NO_STS, ...KEYS }),
    );
    expect(write).toMatchObject({ status: 2, stdout: "" });
    expect(write.stderr).toBe(
      `awsrole: cannot write ${join(home, ".aws", "credentials")}: ${join(home, ".aws")} is a file, not a folder. Move it away, or set AWS_SHARED_CREDENTIALS_FILE.\n`,
    );
  });
});
