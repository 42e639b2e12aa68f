// After one line in an rc file: `awsrole PROFILE` with no eval, tab completion, status, list and
// exec, in real bash, zsh and fish sessions against moto, checked with the AWS CLI.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const CONFIG = `[profile handson-admin]
role_arn = arn:aws:iam::123456789012:role/Myhandson-cli-role
source_profile = handson-cli-usr
region = ap-northeast-1

[profile target1]
role_arn = arn:aws:iam::333344445555:role/target1-role
source_profile = handson-cli-usr
mfa_serial = arn:aws:iam::123456789012:mfa/handson-cli-usr
`;
const CREDENTIALS = `[handson-cli-usr]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`;

// `awsrole` on PATH, as npm installs it, so the wrappers' `command awsrole` finds it.
const bin = mkdtempSync(join(tmpdir(), "awsrole-bin-"));
writeFileSync(join(bin, "awsrole"), `#!/bin/sh\nexec node ${CLI} "$@"\n`);
chmodSync(join(bin, "awsrole"), 0o755);

const haveAws = hasTool("aws");
let sts: StsServer;
let env: Record<string, string>;
beforeAll(async () => {
  sts = await startStsServer();
});
afterAll(() => sts?.stop());
beforeEach(() => {
  const home = makeHome(CONFIG, CREDENTIALS);
  env = cleanEnv(home, {
    PATH: `${bin}:${process.env.PATH}`,
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_PROFILE: "stale",
  });
});

const SHELLS = [
  { shell: "bash", args: ["--norc", "--noprofile", "-c"], init: 'eval "$(awsrole init bash)"', status: "$?" },
  {
    shell: "zsh",
    args: ["-f", "-c"],
    init: 'autoload -Uz compinit && compinit -u; eval "$(awsrole init zsh)"',
    status: "$?",
  },
  { shell: "fish", args: ["--no-config", "-c"], init: "awsrole init fish | source", status: "$status" },
] as const;

describe.each(SHELLS.filter((s) => hasTool(s.shell)))("$shell with awsrole init", (s) => {
  const session = (lines: string[]) => run(s.shell, [...s.args, [s.init, ...lines].join("\n")], env);

  it("runs awsrole PROFILE without eval; the shell holds the role; --unset clears it", async () => {
    const r = await session([
      "awsrole handson-admin -q",
      `echo status=${s.status}`,
      haveAws ? "aws sts get-caller-identity --query Arn --output text" : "echo skipped",
      'echo "profile=$AWSROLE_PROFILE region=$AWS_REGION aws_profile=$AWS_PROFILE"',
      "awsrole --unset",
      'echo "after=$AWS_ACCESS_KEY_ID$AWSROLE_PROFILE"',
    ]);
    expect(r.stderr).toBe("");
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("status=0");
    if (haveAws) expect(lines[1]).toMatch(/^arn:aws:sts::123456789012:assumed-role\/Myhandson-cli-role\//);
    expect(lines[2]).toBe("profile=handson-admin region=ap-northeast-1 aws_profile=");
    expect(lines[3]).toBe("after=");
  });

  it("returns the failure's status and keeps the earlier values", async () => {
    const r = await session([
      "awsrole handson-admin -q",
      "set_before=$AWS_SESSION_TOKEN".replace("set_before=", s.shell === "fish" ? "set before " : "before="),
      "awsrole target1 --no-prompt",
      `echo status=${s.status}`,
      s.shell === "fish"
        ? 'test "$before" = "$AWS_SESSION_TOKEN"; and echo unchanged $AWSROLE_PROFILE'
        : '[ "$before" = "$AWS_SESSION_TOKEN" ] && echo unchanged $AWSROLE_PROFILE',
    ]);
    expect(r.stdout.trim().split("\n")).toEqual(["status=2", "unchanged handson-admin"]);
    expect(r.stderr).toMatch(/^awsrole: profile "target1" needs an MFA code/);
  });

  it("passes subcommands through: list prints, status answers", async () => {
    const r = await session(["awsrole handson-admin -q", "awsrole list --format names", "awsrole status --offline"]);
    expect(r.stdout).toMatch(/^handson-admin\nhandson-cli-usr\ntarget1\nhandson-admin (59|60)m\n$/);
  });
});

describe("completion", () => {
  it.runIf(hasTool("bash"))("bash fills COMPREPLY with profile names and flags", async () => {
    const r = await run(
      "bash",
      [
        "--norc",
        "-c",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: bash array expansion
        'eval "$(awsrole init bash)"; COMP_WORDS=(awsrole hand); COMP_CWORD=1; _awsrole_complete; echo "${COMPREPLY[*]}"; COMP_WORDS=(awsrole --token); _awsrole_complete; echo "${COMPREPLY[*]}"',
      ],
      env,
    );
    expect(r.stdout).toBe("handson-admin handson-cli-usr\n--token-code\n");
  });

  it.runIf(hasTool("fish"))("fish offers handson-admin for `awsrole hand`", async () => {
    const r = await run("fish", ["--no-config", "-c", 'awsrole init fish | source; complete -C "awsrole hand"'], env);
    expect(r.stdout.split("\n")).toContain("handson-admin");
  });

  it.runIf(hasTool("zsh"))("zsh loads the completion without error", async () => {
    const r = await run(
      "zsh",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh associative array
      ["-f", "-c", 'autoload -Uz compinit && compinit -u; eval "$(awsrole init zsh)"; echo ${_comps[awsrole]}'],
      env,
    );
    expect(r).toMatchObject({ status: 0, stderr: "", stdout: "_awsrole\n" });
  });
});

describe("PowerShell and cmd (not installable here: checked against their documented rules)", () => {
  it("the PowerShell wrapper evaluates only after success and passes subcommands through", async () => {
    const r = await run("node", [CLI, "init", "powershell"], env);
    expect(r.stdout).toContain("$code = & $script:AwsroleExe @args --format powershell");
    expect(r.stdout).toContain("if ($LASTEXITCODE -ne 0) { return }");
    expect(r.stdout).toContain("Register-ArgumentCompleter -Native -CommandName awsrole");
    expect(r.stdout).toContain("--token-code");
    expect(r.stdout).not.toContain("@AWSROLE_");
  });

  it("cmd gets a doskey macro calling the batch wrapper, which runs each `set` line only on success", async () => {
    const r = await run("node", [CLI, "init", "cmd"], env);
    expect(r.stdout).toBe(`doskey awsrole=call "${resolve("shell", "awsrole.cmd")}" $*\r\n`);
    const batch = readFileSync("shell/awsrole.cmd", "utf8");
    expect(batch.split("\r\n").at(-1)).toBe("");
    expect(batch).toContain(
      'for /f "usebackq delims=" %%L in (`node "%~dp0..\\dist\\cli.cjs" %* --format cmd`) do %%L',
    );
  });

  it("init refuses an unknown shell", async () => {
    const r = await run("node", [CLI, "init", "tcsh"], env);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toBe("awsrole: init needs a shell: awsrole init bash|zsh|fish|powershell|cmd.\n");
  });
});

describe("status, list and exec", () => {
  it("status names the identity and the time left; json too", async () => {
    const vars = JSON.parse((await run("node", [CLI, "handson-admin", "-f", "json", "-q"], env)).stdout);
    const shellEnv = {
      ...env,
      ...Object.fromEntries(Object.entries(vars).filter((e): e is [string, string] => e[1] !== null)),
    };
    delete (shellEnv as Record<string, string>).AWS_PROFILE;
    const text = await run("node", [CLI, "status"], shellEnv);
    expect(text.stdout).toMatch(
      /^arn {6}arn:aws:sts::123456789012:assumed-role\/Myhandson-cli-role\/.+\naccount {2}123456789012\nprofile {2}handson-admin\nexpires {2}\S+ \((59|60)m left\)\n$/,
    );
    const json = JSON.parse((await run("node", [CLI, "status", "-f", "json"], shellEnv)).stdout);
    expect(json).toMatchObject({ account: "123456789012", profile: "handson-admin" });
  });

  it.each([
    ["no credentials", {}, /^awsrole: no AWS credentials in this shell\. Run awsrole PROFILE/],
    [
      "expired credentials",
      {
        AWS_ACCESS_KEY_ID: "ASIAX",
        AWS_SECRET_ACCESS_KEY: "x",
        AWS_CREDENTIAL_EXPIRATION: "2020-01-01T00:00:00Z",
        AWSROLE_PROFILE: "p",
      },
      /^awsrole: the credentials in this shell expired at 2020-01-01T00:00:00Z\. Run awsrole p again\./,
    ],
  ])("status with %s exits 1", async (_, extra, message) => {
    const r = await run("node", [CLI, "status", "--offline"], { ...env, ...extra });
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(r.stderr).toMatch(message);
  });

  it("list shows role, source, MFA, region and cached time, as JSON for scripts", async () => {
    await run("node", [CLI, "handson-admin", "-f", "json", "-q"], env);
    const rows = JSON.parse((await run("node", [CLI, "list", "-f", "json"], env)).stdout);
    expect(rows).toEqual([
      expect.objectContaining({
        name: "handson-admin",
        role: "arn:aws:iam::123456789012:role/Myhandson-cli-role",
        source: "handson-cli-usr",
        mfa: false,
        region: "ap-northeast-1",
        cachedMinutes: expect.any(Number),
      }),
      expect.objectContaining({ name: "handson-cli-usr", source: "keys", mfa: false }),
      expect.objectContaining({ name: "target1", mfa: true }),
    ]);
    expect(rows[2]).not.toHaveProperty("cachedMinutes");
  });

  it("exec runs the command with the keys, without AWS_PROFILE, and exits with its status", async () => {
    const r = await run(
      "node",
      [
        CLI,
        "exec",
        "handson-admin",
        "-q",
        "--",
        "sh",
        "-c",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion
        'echo "$AWSROLE_PROFILE ${AWS_PROFILE-unset} ${AWS_ACCESS_KEY_ID%${AWS_ACCESS_KEY_ID#????}}"; exit 3',
      ],
      env,
    );
    expect(r.stdout).toBe("handson-admin unset ASIA\n");
    expect(r.status).toBe(3);
  });

  it.runIf(haveAws)("exec gives the AWS CLI the role", async () => {
    const r = await run(
      "node",
      [CLI, "exec", "handson-admin", "--", "aws", "sts", "get-caller-identity", "--query", "Arn", "--output", "text"],
      env,
    );
    expect(r.stdout).toMatch(/^arn:aws:sts::123456789012:assumed-role\/Myhandson-cli-role\//);
  });

  it("exec without a command is a usage error", async () => {
    const r = await run("node", [CLI, "exec", "handson-admin"], env);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toMatch(/exec needs a command after --/);
  });
});
