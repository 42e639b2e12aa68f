// awsrole's paths on Windows against Python's own ntpath, which botocore uses as os.path there:
// generated paths and environments, run through both. Python's os.environ on Windows ignores the
// case of names; the oracle imitates that with a dict whose keys are upper-cased.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tildeHome } from "../src/aws-files/home.js";
import { expandUser, expandVars } from "../src/aws-files/ntpath.js";
import { awsFilePaths } from "../src/aws-files/profiles.js";
import { pythonJson } from "./helpers/botocore.js";
import { runCli } from "./helpers/fake-io.js";
import { random } from "./helpers/ini-gen.js";
import { hasTool } from "./helpers/tools.js";

const hasPython = hasTool("python3", ["-c", "import ntpath"]);
const CASES = knob("ORACLE_CASES", 800);

const ORACLE = `
import json, ntpath, os, sys
class WindowsEnviron(dict):
    def __getitem__(self, key): return dict.__getitem__(self, key.upper())
    def __contains__(self, key): return dict.__contains__(self, key.upper())
    def get(self, key, default=None): return dict.get(self, key.upper(), default)
out = []
for env, path in json.load(sys.stdin):
    os.environ = WindowsEnviron({k.upper(): v for k, v in env.items()})
    # botocore/configloader.py: expandvars, then expanduser; awscli/paramfile.py: the other way round.
    out.append([ntpath.expanduser(ntpath.expandvars(path)), ntpath.expandvars(ntpath.expanduser(path))])
print(json.dumps(out))
`;

import { knob } from "./helpers/knob.js";

const ENVS: Record<string, string>[] = [
  { USERPROFILE: "C:\\Users\\me", USERNAME: "me", TEAM: "ops", HOME: "/home/git" },
  { userprofile: "D:\\Profiles\\Me", username: "Me", team: "dev" },
  { HOMEDRIVE: "C:", HOMEPATH: "\\Users\\me", USERNAME: "me" },
  { HOMEPATH: "\\Users\\me", USERNAME: "other" },
  { HOMEDRIVE: "\\\\server\\share", HOMEPATH: "me", USERNAME: "me" },
  { USERPROFILE: "\\\\server\\share\\me", USERNAME: "me", TEAM: "%TEAM%" },
  { USERPROFILE: "C:\\Users\\me\\", USERNAME: "me" },
  { USERPROFILE: "", USERNAME: "me", TEAM: "" },
  { HOME: "/home/git", TEAM: "ops" },
  {},
];

const PIECES = [
  "~",
  "~me",
  "~Me",
  "~other",
  "\\",
  "/",
  ".aws",
  "config",
  "C:",
  "a b",
  "é",
  "%TEAM%",
  "%team%",
  "%USERPROFILE%",
  "%UNSET%",
  "%%",
  "%",
  "$TEAM",
  "$team-x",
  "$" + "{TEAM}",
  "$" + "{UNSET}",
  "${",
  "}",
  "$$",
  "$",
  "$1",
  "'",
  "'%TEAM%'",
  "_",
];

function cases(seed: number): [Record<string, string>, string][] {
  const r = random(seed);
  return Array.from({ length: CASES }, () => {
    const path = Array.from({ length: r.int(1, 6) }, () => r.pick(PIECES)).join("");
    return [r.pick(ENVS), path];
  });
}

describe.skipIf(!hasPython)("paths on Windows, as botocore's ntpath expands them", () => {
  const generated = cases(18);
  const expected = pythonJson<[string, string][]>(["-c", ORACLE], generated);

  it(`AWS_CONFIG_FILE: expandvars then expanduser, written with backslashes (${CASES} generated)`, () => {
    const ours = generated.map(
      ([env, path]) => awsFilePaths({ ...env, AWS_CONFIG_FILE: path }, "", "win32").configPath,
    );
    expect(ours).toEqual(expected.map(([config]) => config.replaceAll("/", "\\")));
    // Neither side goes untested: most cases expand something, some are left as written.
    const changed = generated.filter(([, path], i) => expected[i]?.[0] !== path).length;
    expect(changed).toBeGreaterThan(CASES / 4);
    expect(changed).toBeLessThan(CASES);
  });

  it("--policy file://: expanduser then expandvars, as the AWS CLI's paramfile", () => {
    const ours = generated.map(([env, path]) => expandVars(expandUser(path, env), env));
    expect(ours).toEqual(expected.map(([, policy]) => policy));
  });
});

describe("home on Windows", () => {
  it("is USERPROFILE (else HOMEDRIVE and HOMEPATH), never HOME", () => {
    expect(tildeHome({ HOME: "/c/Users/git", USERPROFILE: "C:\\Users\\me" }, "win32")).toBe("C:\\Users\\me");
    expect(tildeHome({ HOME: "/c/Users/git", HOMEDRIVE: "C:", HOMEPATH: "\\Users\\me" }, "win32")).toBe(
      "C:\\Users\\me",
    );
    expect(tildeHome({ HOME: "/c/Users/git" }, "win32")).toBe("");
    expect(tildeHome({ HOME: "/home/u", USERPROFILE: "C:\\Users\\me" }, "linux")).toBe("/home/u");
  });

  it("gives the default files with backslashes, from USERPROFILE", () => {
    expect(awsFilePaths({ HOME: "/c/Users/git", USERPROFILE: "C:\\Users\\me" }, "C:\\Users\\me", "win32")).toEqual({
      configPath: "C:\\Users\\me\\.aws\\config",
      credentialsPath: "C:\\Users\\me\\.aws\\credentials",
    });
    expect(
      awsFilePaths({ Aws_Config_File: "%USERPROFILE%\\cfg", USERPROFILE: "C:\\Users\\me" }, "", "win32").configPath,
    ).toBe("C:\\Users\\me\\cfg");
  });
});

describe("the Windows rules in a run (the win32 branches, on Linux)", () => {
  // One temporary home for the file's runs (runCli's session cache), removed at the end.
  const home = mkdtempSync(join(tmpdir(), "awsrole-unit-"));
  afterAll(() => rmSync(home, { recursive: true }));
  const CONFIG = "[profile nomfa]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = src\n";
  const CREDENTIALS = "[src]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = secret-secret-secret\n";

  it("an unknown profile's error gives no HOME advice", async () => {
    const r = await runCli(["nope"], { platform: "win32", home, env: { USERPROFILE: "C:\\Users\\me" } });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain("HOME");
    expect(r.stderr).toContain('profile "nope" is not in \\aws\\config or \\aws\\credentials.');
  });

  it("--policy file://~/… and file://%USERPROFILE%/… read from USERPROFILE, not HOME", async () => {
    const profile = mkdtempSync(join(tmpdir(), "awsrole-profile-"));
    try {
      writeFileSync(join(profile, "p.json"), '{"Version": "2012-10-17"}');
      for (const written of ["file://~/p.json", "file://%USERPROFILE%/p.json"]) {
        const r = await runCli(["nomfa", "--policy", written, "--no-cache", "-f", "json"], {
          platform: "win32",
          home,
          env: { USERPROFILE: profile, HOME: "/nonexistent" },
          // runCli names the files /aws/config and /aws/credentials; Windows rules write them with backslashes.
          files: { "\\aws\\config": CONFIG, "\\aws\\credentials": CREDENTIALS },
        });
        expect(r.stderr).toContain("assumed");
        expect(r.calls.find((c) => c.action === "AssumeRole")?.input).toMatchObject({
          Policy: '{"Version":"2012-10-17"}',
        });
      }
    } finally {
      rmSync(profile, { recursive: true });
    }
  });
});
