import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { awsFilePaths, configProfileName } from "../src/aws-files/profiles.js";
import { readText } from "../src/system/process.js";
import { pythonJson } from "./helpers/botocore.js";
import { CLI } from "./helpers/home.js";
import { hasTool } from "./helpers/tools.js";

const hasPython = hasTool("python3", ["-c", "import botocore"]);

/** Python's answer for a list of inputs: one JSON value per input. */
function python(script: string, inputs: unknown[], env: Record<string, string> = {}): unknown[] {
  return pythonJson(["-c", script], inputs, { PATH: process.env.PATH ?? "", ...env });
}

describe.skipIf(!hasPython)("the file paths, as botocore expands them", () => {
  const env = { HOME: "/home/u", TEAM: "ops", EMPTY: "" };
  const paths = [
    "~/.aws/config",
    "~",
    "$HOME/aws/config",
    "$" + "{HOME}/x",
    "/etc/$TEAM/config",
    "/etc/$UNSET/config",
    "$EMPTY/c",
    "rel/$TEAM",
    "~other/c",
    "/a~/b",
    "$TEAM$TEAM",
    "$" + "{UNSET}x",
  ];
  // botocore/configloader.py raw_config_parse: os.path.expandvars, then os.path.expanduser.
  const expected = python(
    "import json,os,sys; print(json.dumps([os.path.expanduser(os.path.expandvars(p)) for p in json.load(sys.stdin)]))",
    paths,
    env,
  );
  it.each(paths.map((p, i) => [p, expected[i]] as const))("%s -> %s", (path, want) => {
    expect(awsFilePaths({ ...env, AWS_CONFIG_FILE: path }, env.HOME, "linux").configPath).toBe(want);
  });
  it.each(["/", "/home/u/", "//", ""])("expands ~ with HOME %j as expanduser does", (home) => {
    const paths = ["~", "~/", "~/x", "~//x"];
    const want = python(
      "import json,os,sys; print(json.dumps([os.path.expanduser(p) for p in json.load(sys.stdin)]))",
      paths,
      {
        HOME: home,
      },
    );
    expect(paths.map((path) => awsFilePaths({ AWS_CONFIG_FILE: path }, home, "linux").configPath)).toEqual(want);
  });
  it("defaults to ~/.aws/config and ~/.aws/credentials, and to /.aws/… when HOME is empty, as botocore does", () => {
    expect(awsFilePaths({}, "/home/u", "linux")).toEqual({
      configPath: "/home/u/.aws/config",
      credentialsPath: "/home/u/.aws/credentials",
    });
    const [config] = python("import json,os,sys; print(json.dumps([os.path.expanduser('~/.aws/config')]))", [0], {
      HOME: "",
    });
    expect(awsFilePaths({}, "", "linux").configPath).toBe(config);
  });
});

describe.skipIf(!hasPython)("profile names in section headers, as botocore's shlex reads them", () => {
  const sections = [
    "profile p",
    "profile  p",
    "profile\tp",
    'profile "my proc"',
    "profile 'single'",
    'profile "a\\"b"',
    "profile a\\ b",
    "profile",
    "profile a b",
    'profile "unclosed',
    "profilex p",
    "profiles p",
    "default",
    "Default",
    "profile default",
    "profile é",
    'profile ""',
  ];
  // botocore/configloader.py _parse_section: shlex.split, two words, the second is the name.
  const expected = python(
    "import json,shlex,sys\ndef name(s):\n  if s == 'default': return 'default'\n  if not s.startswith('profile'): return None\n  try: p = shlex.split(s)\n  except ValueError: return None\n  return p[1] if len(p) == 2 else None\nprint(json.dumps([name(s) for s in json.load(sys.stdin)]))",
    sections,
  );
  it.each(sections.map((s, i) => [s, expected[i]] as const))("[%s] -> %j", (section, want) => {
    expect(configProfileName(section) ?? null).toBe(want);
  });
});

describe("files awsrole cannot read", () => {
  it("refuses a config file that exists but cannot be read, naming it: exit 2, no call", () => {
    const home = mkdtempSync(join(tmpdir(), "awsrole-unreadable-"));
    mkdirSync(join(home, ".aws"), { mode: 0o700 });
    writeFileSync(join(home, ".aws", "config"), "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/r\n", {
      mode: 0,
    });
    // Root reads any file: the run keeps its user but loses the capabilities that override a
    // file's mode (setpriv), so it meets the mode as a user would, wherever the sources lie.
    const asUser = process.getuid?.() === 0 ? ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] : [];
    const [command, ...args] = [...asUser, "node", CLI, "p", "-f", "bash"];
    const result = spawnSync(command as string, args, {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", HOME: home, AWS_EC2_METADATA_DISABLED: "true" },
    });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`cannot read ${join(home, ".aws", "config")} (EACCES)`);
  });

  it("treats a directory where the file should be as no file, as botocore's isfile does", () => {
    const dir = mkdtempSync(join(tmpdir(), "awsrole-dir-"));
    mkdirSync(join(dir, "config"));
    expect(readText(join(dir, "config"))).toBeUndefined();
  });

  it("refuses a file that is not UTF-8, as Python's decoder does", () => {
    const dir = mkdtempSync(join(tmpdir(), "awsrole-latin1-"));
    writeFileSync(join(dir, "config"), Buffer.from([0x5b, 0x61, 0x5d, 0x0a, 0x6b, 0x3d, 0xe9, 0x0a]));
    expect(() => readText(join(dir, "config"))).toThrow(/not UTF-8/);
  });
});
