import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CONFIG,
  CREDENTIALS,
  runCli,
  SESSION_SECRET,
  SESSION_TOKEN,
  SOURCE_SECRET,
  stsError,
} from "./helpers/fake-io.js";
import { CLI, run } from "./helpers/home.js";

const files = {
  [CONFIG]: `[profile admin]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
mfa_serial = arn:aws:iam::123456789012:mfa/user
region = ap-northeast-1

[profile nomfa]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user

[profile loop-a]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = loop-a

[profile no-source]
role_arn = arn:aws:iam::123456789012:role/admin

[profile bad-source]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = missing

[profile empty-source]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = empty

[profile empty]
region = us-east-1

[profile bad-cs]
role_arn = arn:aws:iam::123456789012:role/admin
credential_source = Somewhere

[profile bad-arn]
role_arn = arn:aws:iam::12345:role/admin
source_profile = user

[profile bad-duration]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
duration_seconds = 50000

[profile bad-region]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
region = tokyo

[profile bad-name]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
role_session_name = has space
`,
  [CREDENTIALS]: `[user]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = ${SOURCE_SECRET}
`,
  "/tmp/big-policy.json": JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "*", Resource: "x".repeat(2100) }],
  }),
};

const longPolicy = (n: number) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: Array(n).fill({ Effect: "Allow", Action: "s3:*", Resource: "*" }),
  });

// [description, argv, environment, what the one line must say]
const BAD_INPUT: [string, string[], NodeJS.ProcessEnv, RegExp][] = [
  ["unknown flag", ["admin", "--tokn-code", "123456"], {}, /unknown option --tokn-code/],
  ["unknown short flag", ["admin", "-x"], {}, /unknown option -x/],
  ["unknown profile", ["nosuch"], {}, /profile "nosuch" is not in .*config.*credentials/],
  ["no profile at all", [], {}, /no profile or --role-arn given/],
  ["two profiles", ["admin", "nomfa"], {}, /unexpected argument "nomfa"/],
  ["unknown format", ["admin", "-f", "tcsh", "-t", "123456"], {}, /unknown format "tcsh"\. Use one of: bash, zsh/],
  ["five-digit code", ["admin", "-t", "12345"], {}, /MFA code "12345" is not valid: .*six digits/],
  ["letters in code", ["admin", "-t", "12a456"], {}, /MFA code "12a456"/],
  ["bad code in env", ["admin"], { AWSROLE_TOKEN_CODE: "1234567" }, /MFA code "1234567"/],
  [
    "MFA needed, no code",
    ["admin"],
    {},
    /needs an MFA code for arn:aws:iam::123456789012:mfa\/user and there is no terminal to ask on\. Pass --token-code/,
  ],
  [
    "bad role ARN flag",
    ["--role-arn", "arn:aws:iam::123:role/x"],
    {},
    /role ARN "arn:aws:iam::123:role\/x" is not valid/,
  ],
  ["user ARN instead of role", ["--role-arn", "arn:aws:iam::123456789012:user/bob"], {}, /role ARN .* is not valid/],
  ["bad role ARN in profile", ["bad-arn"], {}, /role ARN "arn:aws:iam::12345:role\/admin"/],
  ["duration too short", ["nomfa", "-d", "899"], {}, /duration "899" is not valid: give 900-43200 seconds/],
  ["duration too long", ["nomfa", "-d", "13h"], {}, /duration "13h" is not valid/],
  ["duration nonsense", ["nomfa", "-d", "an hour"], {}, /duration "an hour"/],
  ["duration in profile too long", ["bad-duration"], {}, /duration "50000"/],
  ["session name with space", ["nomfa", "-n", "my session"], {}, /role session name "my session" is not valid/],
  ["session name in profile", ["bad-name"], {}, /role session name "has space"/],
  ["session name too long", ["nomfa", "-n", "x".repeat(65)], {}, /role session name/],
  ["external ID with space", ["nomfa", "--external-id", "a b"], {}, /external ID "a b" is not valid/],
  ["policy not JSON", ["nomfa", "--policy", "{nope"], {}, /session policy --policy is not JSON/],
  ["policy not an object", ["nomfa", "--policy", "[1]"], {}, /must be a JSON object/],
  ["policy too long", ["nomfa", "--policy", longPolicy(60)], {}, /characters minified: STS accepts at most 2048/],
  [
    "policy file too long",
    ["nomfa", "--policy", "file:///tmp/big-policy.json"],
    {},
    /\/tmp\/big-policy\.json is \d+ characters/,
  ],
  [
    "policy file missing",
    ["nomfa", "--policy", "file:///nope.json"],
    {},
    /cannot read session policy file \/nope\.json/,
  ],
  [
    "eleven policy ARNs",
    ["nomfa", "--policy-arns", ...Array(11).fill("arn:aws:iam::aws:policy/ReadOnlyAccess")],
    {},
    /11 policy ARNs given: STS accepts at most 10/,
  ],
  ["bad policy ARN", ["nomfa", "--policy-arns", "ReadOnlyAccess"], {}, /policy ARN "ReadOnlyAccess" is not valid/],
  ["tag without =", ["nomfa", "--tag", "team"], {}, /tag "team" is not valid: write it as KEY=VALUE/],
  ["tag key twice", ["nomfa", "--tag", "a=1", "--tag", "A=2"], {}, /tag key "A" is given twice/],
  ["bad source identity", ["nomfa", "--source-identity", "x"], {}, /source identity "x" is not valid/],
  ["bad region flag", ["nomfa", "--region", "Tokyo"], {}, /region "Tokyo" is not valid/],
  [
    "bad region in profile",
    ["bad-region"],
    {},
    /region "tokyo" \(region of profile bad-region, \/aws\/config line \d+\) is not valid/,
  ],
  ["bad MFA serial", ["nomfa", "--serial-number", "short"], {}, /MFA serial "short" is not valid/],
  ["source_profile loop", ["loop-a"], {}, /source_profile loop: loop-a -> loop-b -> loop-a/],
  ["role without source", ["no-source"], {}, /has role_arn but no source_profile or credential_source/],
  ["missing source profile", ["bad-source"], {}, /names source_profile "missing", which is not in/],
  ["source without credentials", ["empty-source"], {}, /profile "empty" has no credentials/],
  ["no role and no credentials", ["empty"], {}, /profile "empty" has no credentials \(aws_access_key_id/],
  [
    "a role-only flag for a profile without a role",
    ["user", "--external-id", "xyz"],
    {},
    /profile "user" has no role_arn, so --external-id has nothing to apply to/,
  ],
  ["bad credential_source", ["bad-cs"], {}, /credential_source "Somewhere": use Environment/],
  ["flag without value", ["nomfa", "--role-session-name"], {}, /option --role-session-name needs a value/],
  ["--unset with a profile", ["--unset", "admin"], {}, /--unset takes no profile/],
  [
    "--unset with --role-arn",
    ["--unset", "--role-arn", "arn:aws:iam::123456789012:role/x"],
    {},
    /--unset clears the variables; it takes no --role-arn/,
  ],
  ["--unset with --write-profile", ["--unset", "--write-profile", "x"], {}, /it takes no --write-profile/],
  [
    "words after -- that are no profile",
    ["nomfa", "--", "x", "--format", "json"],
    {},
    /unexpected argument "x": give one profile/,
  ],
  [
    "a 100,000-character role ARN",
    ["--role-arn", "a".repeat(100_000)],
    {},
    /^awsrole: role ARN "a{80}…" is not valid: .{0,80}\n$/,
  ],
  [
    "credential-process with --write-profile",
    ["nomfa", "-f", "credential-process", "--write-profile", "x"],
    {},
    /--format credential-process prints the keys themselves/,
  ],
  [
    "github with --write-profile",
    ["nomfa", "-f", "github", "--write-profile", "x"],
    {},
    /--format github prints the keys themselves/,
  ],
  ...(["dotenv", "credential-process", "github"] as const).map(
    (format): [string, string[], NodeJS.ProcessEnv, RegExp] => [
      `--unset in ${format}`,
      ["--unset", "-f", format],
      {},
      new RegExp(`^awsrole: --unset prints code that removes variables; --format ${format} cannot remove any\\.\n$`),
    ],
  ),
  ["a bad AWSROLE_TIMEOUT", ["nomfa"], { AWSROLE_TIMEOUT: "soon" }, /AWSROLE_TIMEOUT "soon" is not valid/],
  [
    "--web-identity with no token anywhere",
    ["--role-arn", "arn:aws:iam::123456789012:role/x", "--web-identity"],
    {},
    /--web-identity found no OIDC token: none of --web-identity-token-file, AWS_WEB_IDENTITY_TOKEN_FILE, ACTIONS_ID_TOKEN_REQUEST_URL/,
  ],
  [
    "--web-identity github without the job's permission",
    ["--role-arn", "arn:aws:iam::123456789012:role/x", "--web-identity", "github"],
    {},
    /permissions: id-token: write/,
  ],
  [
    "--web-identity with an unknown source",
    ["--role-arn", "arn:aws:iam::123456789012:role/x", "--web-identity=jenkins"],
    {},
    /--web-identity "jenkins" is not a token source/,
  ],
];

describe("bad input: exit 2, stdout empty, one clear line, no STS call", () => {
  it.each(BAD_INPUT)("%s", async (_, argv, env, message) => {
    const r = await runCli(argv, { files, env });
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^awsrole: [^\n]+\n$/);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(2);
    expect(r.calls).toEqual([]);
  });
  it("has at least 30 cases", () => expect(BAD_INPUT.length).toBeGreaterThanOrEqual(30));
});

describe("a format that cannot carry a value fails before any call", () => {
  it("cmd refuses a profile name with %", async () => {
    const f = {
      [CONFIG]: `[profile 100%]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = user\n`,
      [CREDENTIALS]: files[CREDENTIALS] as string,
    };
    const r = await runCli(["100%", "-f", "cmd"], { files: f });
    expect(r).toMatchObject({ code: 2, stdout: "", calls: [] });
    expect(r.stderr).toMatch(/AWSROLE_PROFILE contains "%", which cmd.exe cannot carry/);
  });
});

// Failures a local STS server cannot produce, injected at the STS seam.
const FAULTS: [string, () => Error, RegExp, string[]?][] = [
  [
    "AccessDenied",
    () =>
      stsError("AccessDenied", "User: arn:aws:iam::123456789012:user/u is not authorized to perform: sts:AssumeRole"),
    /STS denied AssumeRole of arn:aws:iam::123456789012:role\/admin to profile "user" \(keys from .*credentials\): User: .* is not authorized.* Check the role's trust policy/,
  ],
  [
    "wrong MFA code",
    () => stsError("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code."),
    /STS rejected the MFA code for arn:aws:iam::123456789012:mfa\/user/,
    ["admin", "-t", "123456"],
  ],
  [
    "expired source keys",
    () => stsError("ExpiredToken", "The security token included in the request is expired"),
    /credentials of profile "user" \(keys from \/aws\/credentials\) have expired \(ExpiredToken\)/,
  ],
  [
    "invalid source keys",
    () => stsError("InvalidClientTokenId", "The security token included in the request is invalid."),
    /credentials of profile "user" .* were rejected as invalid \(InvalidClientTokenId\)/,
  ],
  [
    "bad signature",
    () => stsError("SignatureDoesNotMatch", `Check your secret ${SOURCE_SECRET}`),
    /were rejected as invalid \(SignatureDoesNotMatch\)/,
  ],
  [
    "throttled",
    () => stsError("Throttling", "Rate exceeded"),
    /STS is throttling requests \(Throttling\) even after retries/,
  ],
  [
    "connection refused",
    () => stsError("Error", "connect ECONNREFUSED 127.0.0.1:9", true, "ECONNREFUSED"),
    /could not reach STS at https:\/\/sts\.us-east-1\.amazonaws\.com \(ECONNREFUSED/,
  ],
  [
    "time-out",
    () => stsError("TimeoutError", "socket timed out", true),
    /could not reach STS at https:\/\/sts\.us-east-1\.amazonaws\.com \(TimeoutError/,
  ],
  [
    "region disabled",
    () => stsError("RegionDisabledException", "STS is not activated in this region"),
    /AssumeRole of .* failed: RegionDisabledException/,
  ],
];

describe("failed calls: exit 1, stdout empty, one line, no secret", () => {
  it.each(FAULTS)("%s", async (_, fail, message, argv = ["nomfa"]) => {
    const r = await runCli(argv, { files, fail });
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^awsrole: [^\n]+\n$/);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(SOURCE_SECRET);
    expect(r.code).toBe(1);
  });

  it("names the SDK source when its credentials cannot be had", async () => {
    const r = await runCli(["--role-arn", "arn:aws:iam::123456789012:role/x", "-f", "json"], {
      files,
      fail: () => stsError("CredentialsProviderError", "Could not load credentials from any providers"),
    });
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toBe(
      "awsrole: could not get the source credentials of Ec2InstanceMetadata credentials of the instance: Could not load credentials from any providers.\n",
    );
  });
});

describe("success", () => {
  // The prompt's renewal runs the bare profile: a session a flag shaped (here a narrower session
  // policy) would come back wider, so it gets no AWSROLE_EXPIRES_EPOCH and no hook renews it.
  it("sets AWSROLE_EXPIRES_EPOCH and AWSROLE_ACCESS_KEY_ID, but no expiry to renew by when --policy shaped the session", async () => {
    const plain = await runCli(["admin", "-t", "123456"], { files });
    expect(plain.stdout).toMatch(/^export AWSROLE_EXPIRES_EPOCH='\d+';$/m);
    expect(plain.stdout).toMatch(/^export AWSROLE_ACCESS_KEY_ID='\w+';$/m);
    const shaped = await runCli(["admin", "-t", "123456", "--policy", '{"Version":"2012-10-17","Statement":[]}'], {
      files,
    });
    expect(shaped.code).toBe(0);
    expect(shaped.stdout).toContain("unset AWSROLE_EXPIRES_EPOCH;");
    expect(shaped.stdout).toContain("export AWS_CREDENTIAL_EXPIRATION=");
  });

  it("prints only code on stdout and one line on stderr, without secrets", async () => {
    const r = await runCli(["admin", "-t", "123456"], { files });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`export AWS_SECRET_ACCESS_KEY='${SESSION_SECRET}'`);
    expect(r.stderr).toMatch(/^awsrole: assumed admin in 123456789012 as admin, until \d\d:\d\d \(1h00m\)\n$/);
    for (const secret of [SESSION_SECRET, SESSION_TOKEN, SOURCE_SECRET]) expect(r.stderr).not.toContain(secret);
    // MFA once per source: an MFA session of the user (8 hours), then the role with it, no code.
    expect(r.calls).toEqual([
      {
        action: "GetSessionToken",
        input: { DurationSeconds: 28800, SerialNumber: "arn:aws:iam::123456789012:mfa/user", TokenCode: "123456" },
      },
      {
        action: "AssumeRole",
        input: expect.objectContaining({
          RoleArn: "arn:aws:iam::123456789012:role/admin",
          RoleSessionName: "awsrole-user",
          DurationSeconds: 3600,
        }),
      },
    ]);
    expect(r.calls[1]?.input).not.toHaveProperty("TokenCode");
  });

  it("takes the code from AWSROLE_TOKEN_CODE", async () => {
    const r = await runCli(["admin", "-q"], { files, env: { AWSROLE_TOKEN_CODE: "654321" } });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.calls[0]?.input).toMatchObject({ TokenCode: "654321" });
  });

  it("lets flags override profile keys", async () => {
    const r = await runCli(
      ["admin", "-t", "123456", "-d", "15m", "-n", "mine", "--region", "eu-west-1", "-f", "json"],
      { files },
    );
    expect(r.calls[1]?.input).toMatchObject({ DurationSeconds: 900, RoleSessionName: "mine" });
    expect(JSON.parse(r.stdout)).toMatchObject({ AWS_REGION: "eu-west-1", AWS_DEFAULT_REGION: "eu-west-1" });
  });

  it("refuses to print shell code to a terminal, and calls nothing", async () => {
    const r = await runCli(["admin", "-t", "123456"], { files, stdoutIsTTY: true });
    expect(r).toMatchObject({ code: 2, stdout: "", calls: [] });
    expect(r.stderr).toContain('eval "$(awsrole admin -t 123456)"');
  });

  it("prints JSON to a terminal: it is data, not code", async () => {
    const r = await runCli(["admin", "-t", "123456", "-f", "json"], { files, stdoutIsTTY: true });
    expect(r.code).toBe(0);
  });

  it("sends help and the version to stdout, terminal or not, as every CLI does", async () => {
    const r = await runCli(["--help"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("--token-code");
    expect(r.stdout).toContain("credential-process");
    expect(await runCli(["--version"])).toMatchObject({
      code: 0,
      stderr: "",
      stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/),
    });
  });

  it("sends the version to stdout on a terminal", async () => {
    const r = await runCli(["--version"], { stdoutIsTTY: true });
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe("init powershell names what the function runs", () => {
  it("on Windows node and this cli.cjs (npm's awsrole.cmd would have cmd.exe read the words again)", async () => {
    const r = await runCli(["init", "powershell"], { platform: "win32" });
    expect(r.code).toBe(0);
    const cli = join(process.cwd(), "shell", "..", "dist", "cli.cjs");
    expect(r.stdout).toContain(`$global:AwsroleProgram = '${process.execPath.replaceAll("'", "''")}'\n`);
    expect(r.stdout).toContain(`$global:AwsroleProgramArgs = @('${cli.replaceAll("'", "''")}')\n`);
  });

  it("elsewhere the awsrole on PATH", async () => {
    const r = await runCli(["init", "powershell"], { platform: "linux" });
    expect(r.stdout).toContain("$global:AwsroleProgram = ''\n");
  });

  it("quotes a path for PowerShell, $& and all", async () => {
    const { initScript } = await import("../src/commands/init.js");
    const { readText } = await import("../src/system/process.js");
    const text = initScript("powershell", join(process.cwd(), "shell"), readText, {
      node: "C:\\Program Files\\node\u2019s $&\\node.exe",
      cli: "C:\\Users\\o'neil\\AppData\\Roaming\\npm\\node_modules\\awsrole\\dist\\cli.cjs",
    });
    expect(text).toContain("$global:AwsroleProgram = 'C:\\Program Files\\node\u2019\u2019s $&\\node.exe'\n");
    expect(text).toContain("@('C:\\Users\\o''neil\\AppData\\Roaming\\npm\\node_modules\\awsrole\\dist\\cli.cjs')");
  });
});

describe("--unset", () => {
  it("clears the session, and the region only while it is the one awsrole set", async () => {
    const env = { AWSROLE_PROFILE: "admin", AWS_REGION: "ap-northeast-1" };
    expect((await runCli(["--unset"], { files, env })).stdout).toBe(
      [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_CREDENTIAL_EXPIRATION",
        "AWSROLE_EXPIRES_EPOCH",
        "AWSROLE_PROFILE",
        "AWSROLE_ACCESS_KEY_ID",
        "AWS_SECURITY_TOKEN",
        "AWS_SESSION_EXPIRATION",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
      ]
        .map((k) => `unset ${k};\n`)
        .join(""),
    );
    const own = await runCli(["--unset"], { files, env: { ...env, AWS_REGION: "eu-west-1" } });
    expect(own.stdout).not.toContain("AWS_REGION");
  });

  // A second terminal: `export AWS_PROFILE=work` by hand after `awsrole x --write-profile work`.
  it("clears AWS_PROFILE naming a profile awsrole wrote, also without AWSROLE_PROFILE, reading the credentials file alone", async () => {
    const written = `${files[CREDENTIALS]}\n[work]\naws_access_key_id = ASIAW\naws_secret_access_key = s3cr3tw\naws_session_token = t\nx_awsrole_session = true\n`;
    const read: string[] = [];
    const r = await runCli(["--unset", "-f", "bash"], {
      files: { ...files, [CREDENTIALS]: written, [CONFIG]: "this line would be refused\n" },
      env: { AWS_PROFILE: "work" },
      onRead: (path) => read.push(path),
    });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("unset AWS_PROFILE;\n");
    expect(read).toEqual([CREDENTIALS]);
    const foreign = await runCli(["--unset", "-f", "bash"], {
      files: { ...files, [CREDENTIALS]: written },
      env: { AWS_PROFILE: "admin" },
    });
    expect(foreign.stdout).not.toContain("AWS_PROFILE");
  });

  it("reads no file when neither AWSROLE_PROFILE nor AWS_PROFILE is set", async () => {
    const read: string[] = [];
    const r = await runCli(["--unset", "-f", "bash"], { files, env: {}, onRead: (path) => read.push(path) });
    expect(r.code).toBe(0);
    expect(read).toEqual([]);
  });
});

describe("--unset when a file cannot be read", () => {
  // A home of its own, removed after: --unset writes nothing there.
  const home = mkdtempSync(join(tmpdir(), "awsrole-unset-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));
  const session = {
    AWSROLE_PROFILE: "admin",
    AWS_ACCESS_KEY_ID: "ASIAEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "sessionsecret",
    AWS_SESSION_TOKEN: "token",
    AWS_REGION: "ap-northeast-1",
    AWS_DEFAULT_REGION: "ap-northeast-1",
  };
  const broken = { ...files, [CONFIG]: `${files[CONFIG]}\nthis line is no key\n` };

  it("clears the keys, leaves the region it cannot decide, and says so on stderr (exit 0)", async () => {
    const r = await runCli(["--unset", "-f", "bash"], { files: broken, env: session, home });
    expect(r.code).toBe(0);
    for (const key of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWSROLE_PROFILE"])
      expect(r.stdout).toContain(`unset ${key};\n`);
    expect(r.stdout).not.toContain("AWS_REGION");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^awsrole: cleared the session, but left AWS_REGION, AWS_DEFAULT_REGION as they are: \/aws\/config line \d+: .*fix that line\.\n$/,
    );
  });

  it("still clears AWS_PROFILE when the credentials file, read alone, shows awsrole wrote it", async () => {
    const written = `${files[CREDENTIALS]}\n[work]\naws_access_key_id = ASIAW\naws_secret_access_key = s3cr3tw\naws_session_token = t\nx_awsrole_session = true\n`;
    const r = await runCli(["--unset", "-f", "bash"], {
      files: { ...broken, [CREDENTIALS]: written },
      env: { ...session, AWS_PROFILE: "work" },
      home,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("unset AWS_PROFILE;\n");
    expect(r.stderr).toContain("left AWS_REGION, AWS_DEFAULT_REGION as they are");
  });

  it("leaves AWS_PROFILE too when the credentials file cannot be read", async () => {
    const r = await runCli(["--unset", "-f", "bash"], {
      files: { ...files, [CREDENTIALS]: "no section here\n" },
      env: { AWSROLE_PROFILE: "admin", AWS_ACCESS_KEY_ID: "ASIAEXAMPLE", AWS_PROFILE: "work" },
      home,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("unset AWS_ACCESS_KEY_ID;\n");
    expect(r.stdout).not.toContain("AWS_PROFILE;");
    expect(r.stderr).toMatch(
      /^awsrole: cleared the session, but left AWS_PROFILE as it is: \/aws\/credentials line 1: /,
    );
  });

  it("through eval in bash: the keys are gone", async () => {
    const shellHome = mkdtempSync(join(tmpdir(), "awsrole-unset-"));
    try {
      mkdirSync(join(shellHome, ".aws"));
      writeFileSync(join(shellHome, ".aws", "config"), "[profile admin]\nregion = eu-west-1\nbad line\n");
      const r = await run(
        "bash",
        ["-c", `eval "$(node '${CLI}' --unset)"; echo "rc=$? \${AWS_ACCESS_KEY_ID-gone} \${AWSROLE_PROFILE-gone}"`],
        { PATH: process.env.PATH ?? "", HOME: shellHome, SHELL: "/bin/bash", ...session },
      );
      expect(r.stdout).toBe("rc=0 gone gone\n");
      expect(r.stderr).toContain("cleared the session, but left AWS_REGION, AWS_DEFAULT_REGION as they are:");
    } finally {
      rmSync(shellHome, { recursive: true, force: true });
    }
  });
});
