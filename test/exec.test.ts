// exec's child environment: the role's variables and nothing of awsrole's, in every spelling the
// platform takes as the same name (Windows ignores case; POSIX does not); and the command looked
// for before any prompt or call.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findProgram } from "../src/system/process.js";
import { runCli } from "./helpers/fake-io.js";
import { awsrole, cleanEnv, makeHome } from "./helpers/home.js";

const CONFIG = "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = src\n";
const CREDENTIALS = "[src]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret-secret-secret\n";
const LEFTOVERS = {
  aws_profile: "leftover",
  Aws_Default_Profile: "leftover",
  Awsrole_Token_Code: "123456",
  aws_access_key_id: "AKIAOLD",
  KEEP: "kept",
};

describe("exec's child environment", () => {
  // One temporary home for the file's runs (runCli's session cache), removed at the end.
  const home = mkdtempSync(join(tmpdir(), "awsrole-unit-"));
  afterAll(() => rmSync(home, { recursive: true }));
  it("on Windows drops a variable awsrole sets or clears in any letter case", async () => {
    const r = await runCli(["exec", "p", "--", "npx", "cdk"], {
      platform: "win32",
      home,
      env: { USERPROFILE: "C:\\Users\\me", ...LEFTOVERS },
      files: { "\\aws\\config": CONFIG, "\\aws\\credentials": CREDENTIALS },
    });
    expect(r.stderr).toBe("");
    const env = r.spawned[0]?.env ?? {};
    const spellings = (name: string) => Object.keys(env).filter((key) => key.toUpperCase() === name);
    expect(spellings("AWS_PROFILE")).toEqual([]);
    expect(spellings("AWS_DEFAULT_PROFILE")).toEqual([]);
    expect(spellings("AWSROLE_TOKEN_CODE")).toEqual([]);
    expect(spellings("AWS_ACCESS_KEY_ID")).toEqual(["AWS_ACCESS_KEY_ID"]);
    expect(env.AWS_ACCESS_KEY_ID).toBe("ASIAEXAMPLE");
    expect(env.KEEP).toBe("kept");
  });

  it("on Windows with --server drops the variables the SDKs prefer to the endpoint in any letter case", async () => {
    const preferred = {
      aws_web_identity_token_file: "C:\\token",
      Aws_Role_Arn: "arn:aws:iam::123456789012:role/other",
      aws_container_credentials_relative_uri: "/v2/credentials",
      Aws_Container_Authorization_Token_File: "C:\\token",
      aws_credential_file: "C:\\keys",
      aws_container_credentials_full_uri: "http://169.254.170.2/",
    };
    const r = await runCli(["exec", "p", "--server", "--", "npx", "cdk"], {
      platform: "win32",
      home,
      env: { USERPROFILE: "C:\\Users\\me", ...LEFTOVERS, ...preferred },
      files: { "\\aws\\config": CONFIG, "\\aws\\credentials": CREDENTIALS },
    });
    expect(r.stderr).toBe("");
    const env = r.spawned[0]?.env ?? {};
    const left = Object.keys(env).filter((key) =>
      [...Object.keys(preferred), ...Object.keys(LEFTOVERS)].some((name) => key.toUpperCase() === name.toUpperCase()),
    );
    expect(left.sort()).toEqual(["AWS_CONTAINER_CREDENTIALS_FULL_URI", "KEEP"]);
    expect(env.AWS_CONTAINER_CREDENTIALS_FULL_URI).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it("on POSIX leaves other spellings alone: they are other variables there", async () => {
    const r = await runCli(["exec", "p", "--", "aws"], {
      home,
      env: { ...LEFTOVERS },
      files: { "/aws/config": CONFIG, "/aws/credentials": CREDENTIALS },
    });
    expect(r.spawned[0]?.env).toMatchObject({ ...LEFTOVERS, AWS_ACCESS_KEY_ID: "ASIAEXAMPLE" });
  });
});

describe("exec finds the command before any prompt or call", () => {
  // A profile that asks for an MFA code: a check made after the prompt would be seen.
  const home = makeHome(
    "[profile mfa]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = user\nmfa_serial = arn:aws:iam::123456789012:mfa/user\n",
    "[user]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
  );
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("a mistyped command is exit 2 'cannot run', with no MFA prompt and no STS call", async () => {
    // The STS endpoint refuses connections: a call before the check would be exit 1, not 2.
    const env = cleanEnv(home, { AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9" });
    const r = await awsrole(["exec", "mfa", "-t", "123456", "--", "terrafrom", "plan"], env);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toBe('awsrole: cannot run "terrafrom": no such command on PATH. Check the command after --.\n');
    const path = await awsrole(["exec", "mfa", "--", "./no-such-file"], env);
    expect(path.stderr).toMatch(/^awsrole: cannot run "\.\/no-such-file": no such program file/);
    expect(path.status).toBe(2);
  });

  describe("findProgram", () => {
    const bin = mkdtempSync(join(tmpdir(), "awsrole-bin-"));
    afterAll(() => rmSync(bin, { recursive: true, force: true }));
    writeFileSync(join(bin, "tool"), "#!/bin/sh\n");
    chmodSync(join(bin, "tool"), 0o755);
    writeFileSync(join(bin, "plain"), "not executable");
    writeFileSync(join(bin, "npx.CMD"), "@echo off");
    const posix = { PATH: `/nonexistent:${bin}` };
    it.each([
      ["tool", posix, "linux", true],
      ["plain", posix, "linux", false],
      ["terrafrom", posix, "linux", false],
      [join(bin, "tool"), {}, "linux", true],
      [join(bin, "plain"), {}, "linux", false],
      ["npx", { Path: `C:\\nowhere;${bin}`, PATHEXT: ".COM;.EXE;.BAT;.CMD" }, "win32", true],
      ["npx.CMD", { PATH: bin, PATHEXT: ".COM;.EXE;.BAT;.CMD" }, "win32", true],
      ["npx", { PATH: bin, PATHEXT: ".COM;.EXE" }, "win32", false],
      ["tool", { PATH: bin }, "win32", false],
    ] as [string, NodeJS.ProcessEnv, string, boolean][])("%s on %s", (command, env, platform, found) => {
      expect(findProgram(command, env, platform)).toBe(found);
    });
  });
});
