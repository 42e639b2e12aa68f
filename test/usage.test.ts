// What a newcomer runs into first (issue 20): flags that would be ignored, durations that read
// as something else, hints for the usual mistakes in ~/.aws/config, the MFA code as apps show
// it, `status --offline` in a prompt, and what `list` says about chains.
import { describe, expect, it } from "vitest";
import { CONFIG, CREDENTIALS, runCli, SOURCE_SECRET } from "./helpers/fake-io.js";

const files = {
  [CONFIG]: `[profile handson-admin]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
mfa_serial = arn:aws:iam::123456789012:mfa/user
region = ap-northeast-1

[profile nomfa]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user

[profile chained]
role_arn = arn:aws:iam::123456789012:role/next
source_profile = handson-admin

[profile orphan]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = nosuch

[myrole]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
`,
  [CREDENTIALS]: `[user]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = ${SOURCE_SECRET}
`,
};

/** Each refusal: exit 2, one line naming the problem, nothing on stdout, no call. */
async function refused(argv: string[], message: RegExp, env: NodeJS.ProcessEnv = {}) {
  const r = await runCli(argv, { files, env });
  expect(r.stderr).toMatch(/^awsrole: [^\n]+\n$/);
  expect(r.stderr).toMatch(message);
  expect(r.stdout).toBe("");
  expect(r.code).toBe(2);
  expect(r.calls).toEqual([]);
}

describe("a flag or word a command would ignore is refused (exit 2)", () => {
  it.each([
    [["list", "handson-admin"], /list takes no profile \(got "handson-admin"\)/],
    [["status", "--token-code", "123456"], /status takes no --token-code/],
    [["status", "nomfa"], /status takes no profile \(got "nomfa"\)/],
    [["list", "--role-arn", "arn:aws:iam::123456789012:role/x", "--write-profile", "z"], /list takes no --role-arn/],
    [["init", "bash", "--token-code", "1"], /init takes no --token-code/],
    [["init", "bash", "zsh"], /init takes one shell/],
    [["nomfa", "--offline", "-f", "json"], /--offline is for status/],
    [["nomfa", "--open", "-f", "json"], /--open is for console/],
    [["exec", "nomfa", "--offline", "--", "true"], /--offline is for status/],
  ])("%j", async (argv, message) => refused(argv, message));

  it("refuses -t when nothing in the chain asks for MFA, rather than dropping the code", async () => {
    await refused(
      ["nomfa", "-t", "123456", "-f", "json"],
      /--token-code was given, but nothing in "nomfa" asks for an MFA code/,
    );
  });

  it("still takes -t for a profile whose chain asks for MFA", async () => {
    const r = await runCli(["chained", "-t", "123456", "-f", "json"], { files });
    expect(r.stderr).not.toMatch(/no MFA/);
    expect(r.code).toBe(0);
  });

  it("takes AWSROLE_TOKEN_CODE set for every run without complaint", async () => {
    const r = await runCli(["nomfa", "-f", "json"], { files, env: { AWSROLE_TOKEN_CODE: "123456" } });
    expect(r.code).toBe(0);
  });
});

describe("a duration with a number and no unit after a unit is refused", () => {
  it.each(["5h30", "1h1", "45m10", "1h30m5"])("-d %s", async (value) => {
    await refused(["nomfa", "-d", value, "-f", "json"], new RegExp(`duration "${value}" is not valid`));
  });
  it("in the profile too (duration_seconds = 1h30)", async () => {
    const r = await runCli(["p", "-f", "json"], {
      files: {
        ...files,
        [CONFIG]: `${files[CONFIG]}\n[profile p]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = user\nduration_seconds = 1h30\n`,
      },
    });
    expect(r.stderr).toMatch(/duration "1h30" \(duration_seconds of profile p, \/aws\/config line \d+\) is not valid/);
    expect(r.code).toBe(2);
  });
  it.each([
    ["5h30m", 19800],
    ["45m10s", 2710],
    ["1h1s", 3601],
    ["3600", 3600],
    ["900s", 900],
  ])("-d %s is %d seconds", async (value, seconds) => {
    const r = await runCli(["nomfa", "-d", value, "-f", "json"], { files });
    expect(r.code).toBe(0);
    expect(r.calls.at(-1)?.input).toMatchObject({ DurationSeconds: seconds });
  });
});

describe("hints for the usual mistakes", () => {
  it("[myrole] in the config file: says to write [profile myrole]", async () => {
    await refused(
      ["myrole", "-f", "json"],
      /has \[myrole\], but in the config file a profile's section is \[profile myrole\]: write \[profile myrole\]\./,
    );
  });
  it("[profile user] in the credentials file: says to write [user]", async () => {
    const r = await runCli(["creds-user", "-f", "json"], {
      files: {
        ...files,
        [CREDENTIALS]: `[profile creds-user]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n`,
      },
    });
    expect(r.stderr).toMatch(/write \[creds-user\]\./);
    expect(r.code).toBe(2);
  });
  it.each([
    ["handson-admn", "handson-admin"],
    ["handson-amdin", "handson-admin"],
    ["Nomfa", "nomfa"],
    ["chaned", "chained"],
  ])("a typo (%s) gets: did you mean %s?", async (typo, meant) => {
    await refused([typo, "-f", "json"], new RegExp(`profile "${typo}" is not in .*\\. Did you mean "${meant}"\\?\\n$`));
  });
  it("no guess for a name far from every profile", async () => {
    await refused(
      ["production", "-f", "json"],
      /profile "production" is not in .*Run awsrole list to see the profiles/,
    );
  });
  it("a typo in source_profile gets the hint too", async () => {
    const r = await runCli(["p", "-f", "json"], {
      files: {
        ...files,
        [CONFIG]: `${files[CONFIG]}\n[profile p]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = usr\n`,
      },
    });
    expect(r.stderr).toMatch(/names source_profile "usr", which is not in .*Did you mean "user"\?/);
  });
  it.each(["127.0.0.1:5055", "localhost:5055", "sts.example.com", "ftp://x"])(
    "AWS_ENDPOINT_URL_STS=%s is a configuration error (exit 2) before any call",
    async (url) => {
      await refused(["nomfa", "-f", "json"], /AWS_ENDPOINT_URL_STS ".*" is not an http\(s\) URL/, {
        AWS_ENDPOINT_URL_STS: url,
      });
      await refused(["status"], /AWS_ENDPOINT_URL_STS ".*" is not an http\(s\) URL/, {
        AWS_ENDPOINT_URL_STS: url,
        AWS_ACCESS_KEY_ID: "ASIAX",
        AWS_SECRET_ACCESS_KEY: "y",
      });
    },
  );
  it("AWS_ENDPOINT_URL too, when it is the one STS would use", async () => {
    await refused(["nomfa", "-f", "json"], /AWS_ENDPOINT_URL "127.0.0.1:5055"/, { AWS_ENDPOINT_URL: "127.0.0.1:5055" });
  });
});

describe("an MFA code as authenticator apps show it", () => {
  it.each(["123 456", " 123 456 ", "123\u00a0456", "123\u2009456"])("the prompt takes %j", async (typed) => {
    const asked: string[] = [];
    const r = await runCli(["handson-admin", "-f", "json"], {
      files,
      prompt: async (message) => {
        asked.push(message);
        return typed;
      },
    });
    expect(asked).toHaveLength(1);
    expect(r.code).toBe(0);
    expect(r.calls[0]?.input).toMatchObject({ TokenCode: "123456" });
  });
  it("so do -t and AWSROLE_TOKEN_CODE", async () => {
    for (const options of [{ argv: ["-t", "123 456"] }, { argv: [], env: { AWSROLE_TOKEN_CODE: "123 456" } }]) {
      const r = await runCli(["handson-admin", "-f", "json", ...options.argv], { files, env: options.env });
      expect(r.code).toBe(0);
      expect(r.calls[0]?.input).toMatchObject({ TokenCode: "123456" });
    }
  });
  it("still refuses what is not six digits", async () => {
    await refused(["handson-admin", "-t", "123 45", "-f", "json"], /MFA code "12345" is not valid/);
  });
});

describe("status --offline in a prompt", () => {
  it.each([[[]], [["-f", "json"]]])("with no role prints nothing at all, and exits 1 (%j)", async (extra) => {
    const r = await runCli(["status", "--offline", ...extra], { files });
    expect([r.stdout, r.stderr, r.code]).toEqual(["", "", 1]);
  });
  it("with a role prints the short line, exit 0", async () => {
    const r = await runCli(["status", "--offline"], {
      files,
      env: {
        AWS_ACCESS_KEY_ID: "ASIAX",
        AWS_SECRET_ACCESS_KEY: "y",
        AWSROLE_PROFILE: "nomfa",
        AWS_CREDENTIAL_EXPIRATION: "2026-11-23T02:42:00Z",
      },
    });
    expect([r.stdout, r.code]).toEqual(["nomfa 42m\n", 0]);
  });
  it("status without --offline still says there is no role (exit 1)", async () => {
    const r = await runCli(["status"], { files });
    expect(r.stderr).toMatch(/no AWS credentials in this shell/);
    expect(r.code).toBe(1);
  });
});

describe("list", () => {
  const rows = async () =>
    JSON.parse((await runCli(["list", "-f", "json"], { files })).stdout) as Record<string, unknown>[];
  it("says a chained role needs MFA when its source role does", async () => {
    expect((await rows()).find((r) => r.name === "chained")).toMatchObject({ mfa: true });
    expect((await rows()).find((r) => r.name === "nomfa")).toMatchObject({ mfa: false });
  });
  it("flags a source_profile that does not exist, in JSON and in the table", async () => {
    expect((await rows()).find((r) => r.name === "orphan")).toMatchObject({
      problem: 'source_profile "nosuch" is not a profile',
    });
    expect((await rows()).find((r) => r.name === "nomfa")?.problem).toBeUndefined();
    const table = (await runCli(["list"], { files })).stdout;
    expect(table).toMatch(/^orphan +arn:aws:iam::123456789012:role\/admin +nosuch \(missing\) +no/m);
    expect(table).toMatch(/^chained +\S+ +handson-admin +yes/m);
  });
  it("names the source the resolver takes, in its order (plan/sources.ts), where keys sit beside another", async () => {
    const odd = {
      [CONFIG]: `[profile process-and-keys]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = x
credential_process = print-keys

[profile sso-and-keys]
sso_account_id = 111122223333
sso_role_name = Admin
sso_start_url = https://example.awsapps.com/start
sso_region = us-east-1
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = x

[profile token]
role_arn = arn:aws:iam::123456789012:role/ci
web_identity_token_file = /var/run/token
source_profile = nosuch
`,
    };
    const rows = JSON.parse((await runCli(["list", "-f", "json"], { files: odd })).stdout) as Record<string, unknown>[];
    expect(rows.map((r) => [r.name, r.source, r.problem])).toEqual([
      ["process-and-keys", "credential_process", undefined],
      ["sso-and-keys", "sso", undefined],
      ["token", "web identity", undefined],
    ]);
  });
});

describe("--unset and a region exported by hand (README, Decisions)", () => {
  const unset = async (env: NodeJS.ProcessEnv) => (await runCli(["--unset", "-f", "bash"], { files, env })).stdout;
  it("one exported before is replaced by the profile's region, and --unset leaves none", async () => {
    const assumed = await runCli(["handson-admin", "-t", "123456", "-f", "json"], {
      files,
      env: { AWS_REGION: "eu-west-1" },
    });
    expect(JSON.parse(assumed.stdout)).toMatchObject({ AWS_REGION: "ap-northeast-1" });
    expect(await unset({ AWSROLE_PROFILE: "handson-admin", AWS_REGION: "ap-northeast-1" })).toContain(
      "unset AWS_REGION;",
    );
  });
  it("one exported after assuming survives --unset", async () => {
    expect(await unset({ AWSROLE_PROFILE: "handson-admin", AWS_REGION: "eu-west-1" })).not.toContain("AWS_REGION");
  });
});

describe("-v says where each value came from", () => {
  const verbose = async (argv: string[], env: NodeJS.ProcessEnv = {}, home?: string, extra = "") => {
    const r = await runCli([...argv, "-f", "json", "-v"], {
      files: { ...files, [CONFIG]: files[CONFIG] + extra },
      env,
      home,
    });
    expect(r.code).toBe(0);
    return r.stderr;
  };
  it("from the profile's keys, file and line, and defaults", async () => {
    const said = await verbose(["handson-admin", "-t", "123456"]);
    expect(said).toContain(
      "role arn:aws:iam::123456789012:role/admin: role_arn of profile handson-admin (/aws/config line 2)",
    );
    expect(said).toContain(
      "MFA serial arn:aws:iam::123456789012:mfa/user: mfa_serial of profile handson-admin (/aws/config line 4)",
    );
    expect(said).toContain("duration 3600s: default (STS's, 1h)");
    expect(said).toContain("region ap-northeast-1: region of profile handson-admin (/aws/config line 5)");
    expect(said).toContain("session name awsrole-user: default (awsrole-<your user name>)");
    expect(said).toContain("source: keys of profile user (/aws/credentials line 2)");
    expect(said).toContain("MFA code: flag --token-code");
    expect(said).toMatch(/session: from STS \(no cached session/);
  });
  it("from flags, and from the cache on the next run", async () => {
    const home = (await import("./helpers/fake-io.js")).tempHome();
    const argv = ["nomfa", "--region", "eu-west-1", "-d", "2h", "-n", "me"];
    const first = await verbose(argv, {}, home);
    expect(first).toContain("region eu-west-1: flag --region");
    expect(first).toContain("duration 7200s: flag --duration-seconds");
    expect(first).toContain("session name me: flag --role-session-name");
    expect(await verbose(argv, {}, home)).toMatch(/session: from the cache, \d+m left \(.*\.json\)/);
  });
  it("a chain, a code from the environment, no region", async () => {
    const said = await verbose(["chained"], { AWSROLE_TOKEN_CODE: "123456", AWS_REGION: "eu-west-2" });
    expect(said).toContain(
      "source: role profile handson-admin, whose own source is keys of profile user (/aws/credentials line 2)",
    );
    expect(said).toContain("MFA code: environment AWSROLE_TOKEN_CODE");
    expect(said).toContain("region: none set (the profile has none; STS is called in the environment AWS_REGION)");
  });
  it("mfa_process, and mfa_serial inherited from the source profile", async () => {
    const extra =
      "\n[profile viaproc]\nrole_arn = arn:aws:iam::123456789012:role/p\nsource_profile = mfauser\nmfa_process = echo 123456\n";
    const r = await runCli(["viaproc", "-f", "json", "-v"], {
      files: {
        [CONFIG]: files[CONFIG] + extra,
        [CREDENTIALS]: `${files[CREDENTIALS]}\n[mfauser]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\nmfa_serial = arn:aws:iam::123456789012:mfa/u2\n`,
      },
    });
    expect(r.stderr).toContain(
      "MFA serial arn:aws:iam::123456789012:mfa/u2: mfa_serial of profile mfauser (/aws/credentials line 8), the source profile's",
    );
    expect(r.stderr).toMatch(/MFA code: mfa_process \(\/aws\/config line \d+\), when a code is needed/);
  });
});
