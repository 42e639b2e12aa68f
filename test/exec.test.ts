// exec's child environment: the role's variables and nothing of awsrole's, in every spelling the
// platform takes as the same name (Windows ignores case; POSIX does not).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/fake-io.js";

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
