// The seed articles' flows, end to end: the built CLI calls a real STS server (moto) over HTTP,
// its output is evaluated by real shells, and the AWS CLI, an independent client, proves the
// shell now holds the role.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { awsrole, CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const ACCOUNT = "123456789012";
const CONFIG = `# seed 000: a user with no rights but MFA becomes Myhandson-cli-role
[profile handson-admin]
role_arn = arn:aws:iam::${ACCOUNT}:role/Myhandson-cli-role
source_profile = handson-cli-usr
mfa_serial = arn:aws:iam::${ACCOUNT}:mfa/handson-cli-usr
region = ap-northeast-1

# seed 001: target1 through source_profile, target2 also with MFA
[profile target1]
role_arn = arn:aws:iam::333344445555:role/target1-role
source_profile = foo

[profile target2]
role_arn = arn:aws:iam::444455556666:role/target2-role
mfa_serial = arn:aws:iam::111122223333:mfa/foo
source_profile = foo

# mfa_serial on the source profile applies when the role profile has none
[profile inherits-mfa]
role_arn = arn:aws:iam::444455556666:role/target3-role
source_profile = mfa-user

[profile mfa-user]
mfa_serial = arn:aws:iam::111122223333:mfa/mfa-user

[profile chained]
role_arn = arn:aws:iam::${ACCOUNT}:role/second
source_profile = target1
duration_seconds = 7200

[profile mfa-only]
mfa_serial = arn:aws:iam::${ACCOUNT}:mfa/handson-cli-usr
source_profile = handson-cli-usr

[profile "we'ird $(id) \`x\` \\"q\\" \\\\ é %P% !x"]
role_arn = arn:aws:iam::${ACCOUNT}:role/hostile
source_profile = foo

[profile from-process]
role_arn = arn:aws:iam::${ACCOUNT}:role/from-process
source_profile = process-source

[profile process-source]
credential_process = node -e "console.log(JSON.stringify({Version:1,AccessKeyId:'AKIAPROCESSEXAMPLE00',SecretAccessKey:'processsecretprocesssecretprocesssecret0'}))"
`;
const CREDENTIALS = `[handson-cli-usr]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[foo]
# 111122223333
aws_access_key_id = AKIAXXXXXXXXXXXXXXXX
aws_secret_access_key = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx

[mfa-user]
aws_access_key_id = AKIAXXXXXXXXXXXXXXXX
aws_secret_access_key = xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx

[mfa-only]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`;

const POSIX_UNQUOTED = [(cmd: string) => `eval $(${cmd}) || exit 9`, (cmd: string) => `eval \`${cmd}\` || exit 9`];
const SHELLS = [
  { shell: "bash", args: ["-c"], evalLine: (cmd: string) => `eval "$(${cmd})" || exit 9`, unquoted: POSIX_UNQUOTED },
  {
    shell: "zsh",
    args: ["-f", "-c"],
    evalLine: (cmd: string) => `eval "$(${cmd})" || exit 9`,
    unquoted: POSIX_UNQUOTED,
  },
  { shell: "dash", args: ["-c"], evalLine: (cmd: string) => `eval "$(${cmd})" || exit 9`, unquoted: POSIX_UNQUOTED },
  { shell: "mksh", args: ["-c"], evalLine: (cmd: string) => `eval "$(${cmd})" || exit 9`, unquoted: POSIX_UNQUOTED },
  {
    shell: "fish",
    args: ["--no-config", "-c"],
    evalLine: (cmd: string) => `${cmd} | source; or exit 9`,
    unquoted: [(cmd: string) => `eval (${cmd}); or exit 9`],
  },
] as const;
const formatOf = (shell: string) => (shell === "dash" || shell === "mksh" ? "sh" : shell);

const haveAws = hasTool("aws");
const shells = SHELLS.filter((s) => hasTool(s.shell, ["-c", "true"]));

let sts: StsServer;
let home: string;
let env: Record<string, string>;
beforeAll(async () => {
  sts = await startStsServer();
});
// A fresh HOME per test: no test sees another's cached sessions.
beforeEach(() => {
  home = makeHome(CONFIG, CREDENTIALS);
  env = cleanEnv(home, { AWS_ENDPOINT_URL_STS: sts.url, AWS_DEFAULT_REGION: "us-east-1" });
});
afterAll(() => sts?.stop());

/** The last STS request awsrole made (the AWS CLI's GetCallerIdentity checks are not awsrole's). */
const lastCalls = (n: number) => sts.requests.filter((r) => r.Action !== "GetCallerIdentity").slice(-n);
const lastCall = () => lastCalls(1)[0] ?? {};

/** Runs a script in a real shell with the test environment; returns what it printed. */
function inShell(shell: (typeof SHELLS)[number], script: string, extraEnv: Record<string, string> = {}) {
  return run(shell.shell, [...shell.args, script], { ...env, ...extraEnv });
}

describe.each(shells)("seed 000 in $shell: a no-rights user with MFA becomes Myhandson-cli-role", (shell) => {
  it("evaluates the output, and the AWS CLI then runs as the role", async () => {
    const cmd = `node ${CLI} handson-admin --token-code 123456 -f ${formatOf(shell.shell)}`;
    const check = haveAws ? "aws sts get-caller-identity --query Arn --output text" : "echo skip";
    const r = await inShell(
      shell,
      `${shell.evalLine(cmd)}\n${check}\nprintenv AWSROLE_PROFILE AWS_REGION AWS_DEFAULT_REGION`,
    );
    expect(r.stderr).toContain(`assumed Myhandson-cli-role in ${ACCOUNT} as handson-admin`);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    if (haveAws) expect(lines[0]).toMatch(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/Myhandson-cli-role/`));
    expect(lines.slice(1)).toEqual(["handson-admin", "ap-northeast-1", "ap-northeast-1"]);
    // MFA once per source: the code goes to GetSessionToken, the role is assumed with that session.
    const [mfa, assume] = lastCalls(2);
    expect(mfa).toMatchObject({
      Action: "GetSessionToken",
      SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/handson-cli-usr`,
      TokenCode: "123456",
    });
    expect(assume).toMatchObject({
      Action: "AssumeRole",
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/Myhandson-cli-role`,
      DurationSeconds: "3600",
    });
    expect(assume).not.toHaveProperty("TokenCode");
  });

  it("sets the role with the eval unquoted, as people type it (eval $(…), backticks, fish's eval (…))", async () => {
    for (const unquoted of shell.unquoted) {
      const r = await inShell(
        shell,
        [
          unquoted(`node ${CLI} target1 -f ${formatOf(shell.shell)} -q`),
          "printenv AWSROLE_PROFILE AWS_ACCESS_KEY_ID AWS_SESSION_TOKEN",
          unquoted(`node ${CLI} --unset -f ${formatOf(shell.shell)}`),
          "env | grep -c '^AWS_ACCESS_KEY_ID=' || true",
        ].join("\n"),
        { AWS_PROFILE: "stale" },
      );
      expect(r.stderr).toBe("");
      const [profile, key, token, left] = r.stdout.trim().split("\n");
      expect(profile).toBe("target1");
      expect(key).toMatch(/^ASIA/);
      expect(token?.length).toBeGreaterThan(20);
      expect(left).toBe("0");
    }
  });

  it("clears every variable with --unset, keeping a region the user set", async () => {
    const fmt = formatOf(shell.shell);
    const r = await inShell(
      shell,
      [
        shell.evalLine(`node ${CLI} target1 -f ${fmt} -q`),
        shell.evalLine(`node ${CLI} --unset -f ${fmt}`),
        "env | grep -E '^AWS(ROLE)?_' | sort",
      ].join("\n"),
      { AWS_PROFILE: "stale", AWS_REGION: "eu-west-1" },
    );
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split("\n")).toEqual([
      "AWS_DEFAULT_REGION=us-east-1",
      "AWS_EC2_METADATA_DISABLED=true",
      `AWS_ENDPOINT_URL_STS=${sts.url}`,
      "AWS_REGION=eu-west-1",
    ]);
  });

  it("carries a hostile profile name into AWSROLE_PROFILE byte for byte", async () => {
    const fmt = formatOf(shell.shell);
    const name = `we'ird $(id) \`x\` "q" \\ é %P% !x`;
    const quoted = `'${name.replaceAll("'", "'\\''")}'`;
    const cmd =
      shell.shell === "fish"
        ? `node ${CLI} ${name.replace(/[\\'"`$() %!]/g, "\\$&")} -q -f fish`
        : `node ${CLI} ${quoted} -q -f ${fmt}`;
    const r = await inShell(shell, `${shell.evalLine(cmd)}\nprintf '%s' "$AWSROLE_PROFILE"`);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(name);
  });

  it("leaves the shell untouched when the call fails", async () => {
    const fmt = formatOf(shell.shell);
    const fail =
      shell.shell === "fish"
        ? `set before $AWS_SESSION_TOKEN\nnode ${CLI} handson-admin -f fish | source\ntest "$before" = "$AWS_SESSION_TOKEN"; and echo unchanged`
        : `before=$AWS_SESSION_TOKEN\neval "$(node ${CLI} handson-admin -f ${fmt})"\n[ "$before" = "$AWS_SESSION_TOKEN" ] && echo unchanged`;
    const r = await inShell(shell, `${shell.evalLine(`node ${CLI} target1 -f ${fmt} -q`)}\n${fail}`);
    expect(r.stdout).toBe("unchanged\n");
    expect(r.stderr).toContain("needs an MFA code");
  });
});

describe("the other seed flows", async () => {
  it("seed 001: target1 via source_profile, target2 with the source profile's mfa_serial", async () => {
    let r = await awsrole(["target1", "-f", "json"], env);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).AWSROLE_PROFILE).toBe("target1");
    expect(lastCall()).toMatchObject({ Action: "AssumeRole", RoleArn: "arn:aws:iam::333344445555:role/target1-role" });
    expect(lastCall().SerialNumber).toBeUndefined();

    r = await awsrole(["target2", "-f", "json", "-t", "998877"], env);
    expect(r.status).toBe(0);
    expect(lastCalls(2)[0]).toMatchObject({ SerialNumber: "arn:aws:iam::111122223333:mfa/foo", TokenCode: "998877" });

    r = await awsrole(["inherits-mfa", "-f", "json", "-t", "112233"], env);
    expect(r.status).toBe(0);
    expect(lastCalls(2)[0]).toMatchObject({
      SerialNumber: "arn:aws:iam::111122223333:mfa/mfa-user",
      TokenCode: "112233",
    });
  });

  it("seed 003: --role-arn with --source-profile, 900 seconds and a session name", async () => {
    const arn = `arn:aws:iam::${ACCOUNT}:role/s3FullforAssumeRole`;
    const args = [
      "--role-arn",
      arn,
      "--source-profile",
      "foo",
      "--duration-seconds",
      "900",
      "--role-session-name",
      "s3-session",
    ];
    const r = await awsrole([...args, "-f", "json"], env);
    expect(r.status).toBe(0);
    const vars = JSON.parse(r.stdout);
    expect(vars.AWSROLE_PROFILE).toBe(arn);
    expect(lastCall()).toMatchObject({ RoleArn: arn, DurationSeconds: "900", RoleSessionName: "s3-session" });
    const expires = new Date(vars.AWS_CREDENTIAL_EXPIRATION).getTime() - Date.now();
    expect(expires).toBeGreaterThan(800_000);
    expect(expires).toBeLessThanOrEqual(900_000);
    if (haveAws) {
      const who = await run("aws", ["sts", "get-caller-identity", "--query", "Arn", "--output", "text"], {
        ...env,
        ...Object.fromEntries(Object.entries(vars).filter((e): e is [string, string] => e[1] !== null)),
      });
      expect(who.stdout.trim()).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/s3FullforAssumeRole/s3-session`);
    }
  });

  it("seed 004: session policies, inline (minified) and managed (in the CLI's arn= form)", async () => {
    const policyFile = join(home, "policy.json");
    const policy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "ec2:DescribeRegions", Resource: "*" }],
    };
    writeFileSync(policyFile, JSON.stringify(policy, null, 2));
    const r = await awsrole(
      [
        "target1",
        "--policy",
        `file://${policyFile}`,
        "--policy-arns",
        "arn=arn:aws:iam::aws:policy/ReadOnlyAccess",
        "-f",
        "json",
      ],
      env,
    );
    expect(r.status).toBe(0);
    expect(lastCall()).toMatchObject({
      Policy: JSON.stringify(policy),
      "PolicyArns.member.1.arn": "arn:aws:iam::aws:policy/ReadOnlyAccess",
    });
  });

  it("sends external ID, source identity and tags", async () => {
    const r = await awsrole(
      [
        "target1",
        "--external-id",
        "ext-123",
        "--source-identity",
        "alice",
        "--tag",
        "team=infra",
        "--tag",
        "ticket=OPS-1",
        "-f",
        "json",
      ],
      env,
    );
    expect(r.status).toBe(0);
    expect(lastCall()).toMatchObject({
      ExternalId: "ext-123",
      SourceIdentity: "alice",
      "Tags.member.1.Key": "team",
      "Tags.member.1.Value": "infra",
      "Tags.member.2.Key": "ticket",
    });
  });

  it("chains roles: the source role is assumed first, and the duration is clamped to an hour", async () => {
    const before = sts.requests.length;
    const r = await awsrole(["chained", "-f", "json"], env);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("role chaining");
    const calls = sts.requests.slice(before);
    expect(calls.map((c) => c.RoleArn)).toEqual([
      "arn:aws:iam::333344445555:role/target1-role",
      `arn:aws:iam::${ACCOUNT}:role/second`,
    ]);
    expect(calls[1]?.DurationSeconds).toBe("3600");
  });

  it("gets an MFA session (GetSessionToken) for a profile with mfa_serial and no role_arn", async () => {
    const r = await awsrole(["mfa-only", "-t", "123456", "-f", "json"], env);
    expect(r.status).toBe(0);
    expect(lastCall()).toMatchObject({
      Action: "GetSessionToken",
      SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/handson-cli-usr`,
      TokenCode: "123456",
    });
    expect(r.stderr).toContain("MFA session for mfa-only");
  });

  it("exports a session of a keys-only profile, which the AWS CLI and status then use (issue 22.1)", async () => {
    const before = sts.requests.length;
    const script = [
      `eval "$(node ${CLI} foo -f bash -q)" || exit 9`,
      'case "$AWS_ACCESS_KEY_ID" in AKIAXXXXXXXXXXXXXXXX) echo long-term;; *) echo session;; esac',
      haveAws ? "aws sts get-caller-identity --query Account --output text" : "echo 123456789012",
      `node ${CLI} status --format json`,
    ].join("\n");
    const r = await run("bash", ["-c", script], env);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const [kind, account, status] = r.stdout.trim().split("\n");
    expect(kind).toBe("session");
    expect(account).toMatch(/^\d{12}$/);
    expect(JSON.parse(status as string)).toMatchObject({ profile: "foo", minutesLeft: expect.any(Number) });
    expect(sts.requests.slice(before)[0]).toMatchObject({ Action: "GetSessionToken", DurationSeconds: "3600" });
    expect(sts.requests.slice(before)[0]).not.toHaveProperty("SerialNumber");
  });

  it("sources credentials from credential_process through the SDK's provider", async () => {
    const r = await awsrole(["from-process", "-f", "credential-process"], env);
    expect(r.stderr).toContain("assumed from-process");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
  });

  it("detects the shell from the parent process", async () => {
    for (const shell of shells) {
      const r = await inShell(
        shell,
        shell.shell === "fish" ? `node ${CLI} target1 -q | head -1` : `echo "$(node ${CLI} target1 -q)" | head -1`,
      );
      const first = {
        bash: "unset AWS_PROFILE;",
        zsh: "unset AWS_PROFILE;",
        dash: "unset AWS_PROFILE;",
        mksh: "unset AWS_PROFILE;",
        fish: "set -e AWS_PROFILE; or true;",
      };
      expect(r.stdout.trim()).toBe(first[shell.shell]);
    }
  });

  it("fails within seconds, stdout empty, when STS cannot be reached", async () => {
    const started = Date.now();
    const r = await awsrole(["target1", "-f", "bash"], { ...env, AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9" });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^awsrole: could not reach STS at http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED/);
  });
});
