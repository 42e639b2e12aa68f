// What a newcomer runs into first: flags that would be ignored and values refused before any
// call, each saying where it came from; durations that read as something else; hints for the
// usual mistakes in ~/.aws/config and for shell code printed to a terminal; the MFA code as apps
// show it; `status --offline` in a prompt; and what `list` says about chains.
import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG, CREDENTIALS, runCli, SOURCE_SECRET, tempHome } from "./helpers/fake-io.js";
import { awsrole, cleanEnv } from "./helpers/home.js";

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
async function refused(
  argv: string[],
  message: RegExp,
  env: NodeJS.ProcessEnv = {},
  given: Record<string, string> = files,
) {
  const r = await runCli(argv, { files: given, env });
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

  const ARN = "arn:aws:iam::123456789012:role/ci";
  it.each([
    [
      ["nomfa", "--audience", "x", "-f", "json"],
      /--audience is for a CI's OIDC token, and "nomfa" is not assumed with one/,
    ],
    [["nomfa", "--web-identity-env", "X", "-f", "json"], /--web-identity-env is for a CI's OIDC token/],
    [
      ["--role-arn", ARN, "--web-identity-token-file", "/tmp/token", "--audience", "x", "-f", "json"],
      /--audience is for a token awsrole asks GitHub Actions or Buildkite for; this one is read from "\/tmp\/token"/,
    ],
    [
      ["--role-arn", ARN, "--web-identity", "circleci", "--web-identity-env", "MY_TOKEN", "-f", "json"],
      /--web-identity-env names GitLab's token variable, but the token here comes from CIRCLE_OIDC_TOKEN_V2/,
    ],
    [["nomfa", "--refresh", "--no-cache", "-f", "json"], /--refresh renews the cached session, and --no-cache/],
    [["--version", "-t", "1"], /--version prints the version and nothing else; it takes no --token-code/],
    [["--version", "nomfa"], /--version .* it takes no "nomfa"/],
  ])("%j", async (argv, message) => {
    await refused(argv, message, { CIRCLE_OIDC_TOKEN_V2: "circle.jwt.token" });
  });

  // Refused before the profile's credentials are read, as before plan/sources.ts chose them (review C1).
  it.each([
    ["credential_process", "--tag", "k=v"],
    ["login_session", "--external-id", "x"],
    ["sso_session", "--source-identity", "x"],
  ])("a profile without a role, with %s a nested section: %s is what is refused", async (key, flag, value) => {
    const nested = { [CONFIG]: `[profile nested]\n${key} =\n  a = b\n` };
    await refused(
      ["nested", flag, value, "-f", "json"],
      new RegExp(`^awsrole: profile "nested" has no role_arn, so ${flag} has nothing to apply to\\.`),
      {},
      nested,
    );
  });

  it("still takes --audience for GitHub's token and --web-identity-env for GitLab's", async () => {
    const github = await runCli(["--role-arn", ARN, "--web-identity", "--audience", "mine", "-f", "json"], {
      files,
      env: { ACTIONS_ID_TOKEN_REQUEST_URL: "http://127.0.0.1:9/t?x=1", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "bearer" },
    });
    expect(github.stderr).toMatch(/^awsrole: assumed ci/);
    expect(github.code).toBe(0);
    const gitlab = await runCli(["--role-arn", ARN, "--web-identity", "--web-identity-env", "MY_TOKEN", "-f", "json"], {
      files,
      env: { MY_TOKEN: "gitlab.jwt.token" },
    });
    expect(gitlab.code).toBe(0);
  });
});

describe("--format github checks that GITHUB_ENV can be written before any call", () => {
  it.each(["/nonexistent-folder/github_env", "/"])("GITHUB_ENV=%s", async (path) => {
    await refused(["nomfa", "-f", "github"], /^awsrole: GITHUB_ENV "[^"]+" cannot be written \(E[A-Z]+\)\. /, {
      GITHUB_ENV: path,
    });
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

describe("an endpoint URL that Node cannot parse is refused before any call", () => {
  it.each(["http://[::1", "http://127.0.0.1:99999", "http://exa mple.com", "http://"])("%s", async (url) => {
    for (const name of ["AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL"]) {
      const message = new RegExp(`${name} ${JSON.stringify(url).replace(/[[\].]/g, "\\$&")} is not an http\\(s\\) URL`);
      await refused(["nomfa", "-f", "json"], message, { [name]: url });
      await refused(["status"], message, { [name]: url, AWS_ACCESS_KEY_ID: "AKIAX", AWS_SECRET_ACCESS_KEY: "x" });
      await refused(["console", "nomfa"], /AWS_ENDPOINT_URL_SIGNIN .* is not an http\(s\) URL/, {
        AWS_ENDPOINT_URL_SIGNIN: url,
      });
    }
  });
});

describe("shell code on a terminal: the hint suggests only what works, with the words quoted", () => {
  it.each([
    [
      "bash",
      `run eval "$(awsrole nomfa -n 'my name' '$(id)' 'it'\\''s' -f bash)", or set up the wrapper: awsrole init bash.`,
    ],
    ["sh", `run eval "$(awsrole nomfa -n 'my name' '$(id)' 'it'\\''s' -f sh)".`],
    [
      "fish",
      `run awsrole nomfa -n 'my name' '$(id)' 'it\\'s' -f fish | source, or set up the wrapper: awsrole init fish.`,
    ],
    [
      "powershell",
      `run awsrole nomfa -n 'my name' '$(id)' 'it''s' -f powershell | Invoke-Expression, or set up the wrapper: awsrole init powershell.`,
    ],
    ["cmd", "in cmd.exe, set up the wrapper: awsrole init cmd."],
  ])("%s", async (shell, hint) => {
    const r = await runCli(["nomfa", "-n", "my name", "$(id)", "it's", "-f", shell], { files, stdoutIsTTY: true });
    expect(r).toMatchObject({ code: 2, stdout: "", calls: [] });
    expect(r.stderr).not.toMatch(/init sh\b/);
    expect(r.stderr).toContain(hint);
  });
});

describe("smaller things a newcomer meets", () => {
  it.each([
    ["relhome", /HOME "relhome" is not an absolute path; set it to your home folder, or set AWS_CONFIG_FILE/],
    ["/nonexistent-home-awsrole", /HOME "\/nonexistent-home-awsrole" does not exist; set it/],
  ])("HOME=%s: the unknown-profile error says why", async (value, why) => {
    const r = await awsrole(["nomfa", "-f", "json"], cleanEnv(value));
    expect(r.stderr).toMatch(why);
    expect(r.status).toBe(2);
  });

  it("a mistyped command gets Did you mean", async () => {
    await refused(["lgoin"], /profile "lgoin" is not in .*\. Did you mean the command login \(awsrole login\)\?$/m);
  });

  it("a mistyped option gets Did you mean", async () => {
    await refused(["nomfa", "--tokencode", "123456"], /unknown option --tokencode\. Did you mean --token-code\?/);
  });

  it("-v on a cache hit does not say it would ask for a code", async () => {
    const cacheHome = tempHome();
    try {
      expect((await runCli(["handson-admin", "-t", "123456", "-f", "json"], { files, home: cacheHome })).code).toBe(0);
      const r = await runCli(["handson-admin", "-f", "json", "-v"], { files, home: cacheHome });
      expect(r.calls).toEqual([]);
      expect(r.stderr).toMatch(/MFA code: none needed: the session comes from the cache/);
      expect(r.stderr).not.toMatch(/asked on the terminal/);
    } finally {
      rmSync(cacheHome, { recursive: true, force: true });
    }
  });

  it("-v --no-prompt does not say it would ask on the terminal", async () => {
    const r = await runCli(["handson-admin", "-f", "json", "-v", "--no-prompt", "--no-cache"], { files });
    expect(r.stderr).toMatch(/MFA code: none \(--no-prompt\)/);
  });

  it("list with no files says on stderr where it looked (exit 0)", async () => {
    const r = await runCli(["list"], { files: {} });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `awsrole: no profiles: neither ${CONFIG} nor ${CREDENTIALS} exists. Create them with aws configure.\n`,
    );
    expect((await runCli(["list", "-f", "names"], { files: {} })).stderr).toBe("");
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

  describe("once the session has expired", () => {
    const shell = { AWS_ACCESS_KEY_ID: "ASIAX", AWS_SECRET_ACCESS_KEY: "x", AWSROLE_PROFILE: "nomfa" };
    it("prints a short marker on stdout, nothing on stderr, exit 1", async () => {
      const env = { ...shell, AWS_CREDENTIAL_EXPIRATION: "2020-01-01T00:00:00Z" };
      expect(await runCli(["status", "--offline"], { files, env })).toMatchObject({
        code: 1,
        stdout: "nomfa expired\n",
        stderr: "",
      });
      const json = await runCli(["status", "--offline", "-f", "json"], { files, env });
      expect(JSON.parse(json.stdout)).toEqual({ profile: "nomfa", expiration: "2020-01-01T00:00:00Z", expired: true });
      expect(json).toMatchObject({ code: 1, stderr: "" });
    });

    it("an unreadable AWS_CREDENTIAL_EXPIRATION is said as unreadable, not as expired", async () => {
      const env = { ...shell, AWS_CREDENTIAL_EXPIRATION: "garbage" };
      expect(await runCli(["status", "--offline"], { files, env })).toMatchObject({
        code: 1,
        stdout: "nomfa ?\n",
        stderr: "",
      });
      const r = await runCli(["status"], { files, env });
      expect(r.stderr).toBe(
        'awsrole: AWS_CREDENTIAL_EXPIRATION "garbage" is not a time awsrole can read (it writes 2026-11-23T03:00:00Z). Run awsrole nomfa again.\n',
      );
      expect(r).toMatchObject({ code: 2, stdout: "", calls: [] });
    });
  });
});

describe("list", () => {
  const rows = async (given: Record<string, string> = files) =>
    JSON.parse((await runCli(["list", "-f", "json"], { files: given })).stdout) as Record<string, unknown>[];
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
  it("marks a missing source_profile beside credential_source too, as the resolver's refusal asks to keep one (review C2)", async () => {
    const both = {
      [CONFIG]: `[profile both]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = nosuch
credential_source = Environment
`,
    };
    expect((await rows(both))[0]).toMatchObject({
      source: "nosuch",
      problem: 'source_profile "nosuch" is not a profile',
    });
    expect((await runCli(["list"], { files: both })).stdout).toMatch(/^both +\S+ +nosuch \(missing\) +no/m);
  });
  it("takes `role_arn =` with no value for a role, as the resolver does (review C3)", async () => {
    const empty = {
      [CONFIG]: `[profile empty-arn]
role_arn =
source_profile = nosuch

[profile empty-arn-ok]
role_arn =
source_profile = user
`,
      [CREDENTIALS]: files[CREDENTIALS],
    };
    expect((await rows(empty)).map((r) => [r.name, r.role, r.source, r.problem])).toEqual([
      ["empty-arn", "", "nosuch", 'source_profile "nosuch" is not a profile'],
      ["empty-arn-ok", "", "user", undefined],
      ["user", undefined, "keys", undefined],
    ]);
    const r = await runCli(["empty-arn-ok", "-f", "json"], { files: empty });
    expect(r.stderr).toMatch(/role ARN "" .*is not valid/);
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
    const home = tempHome();
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
  it("the summary line names the call; only a role session has a session name (review D3)", async () => {
    expect(await verbose(["nomfa"])).toContain(
      "awsrole: role arn:aws:iam::123456789012:role/admin, source static, duration 3600s, session name awsrole-user\n",
    );
    expect(await verbose(["user"])).toContain("awsrole: GetSessionToken, source static, duration 3600s\n");
  });
});

describe("a bad value says where it came from", () => {
  const bad = {
    [CONFIG]: `[profile nomfa]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user

[profile mfa]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
mfa_serial = arn:aws:iam::123456789012:mfa/user

[profile dur]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
duration_seconds = 5h30

[profile tokyo]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
region = tokyo

[profile shortarn]
role_arn = arn:aws:iam::12345678901:role/admin
source_profile = user

[profile badserial]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
mfa_serial = x
`,
    [CREDENTIALS]: files[CREDENTIALS],
  };
  it.each([
    ["dur", /duration "5h30" \(duration_seconds of profile dur, \/aws\/config line 13\) is not valid/],
    ["tokyo", /region "tokyo" \(region of profile tokyo, \/aws\/config line 18\) is not valid/],
    [
      "shortarn",
      /role ARN "arn:aws:iam::12345678901:role\/admin" \(role_arn of profile shortarn, \/aws\/config line 21\)/,
    ],
    ["badserial", /MFA serial "x" \(mfa_serial of profile badserial, \/aws\/config line 27\) is not valid/],
  ])("profile %s", async (profile, message) => {
    await refused([profile, "-f", "json"], message, {}, bad);
  });

  it("a flag's value is not said to come from the profile", async () => {
    await refused(["nomfa", "-d", "5h30", "-f", "json"], /^awsrole: duration "5h30" is not valid/, {}, bad);
  });

  it("AWSROLE_MFA_SESSION_DURATION", async () => {
    await refused(
      ["user", "-t", "123456", "-f", "json"],
      /duration "99h" \(environment AWSROLE_MFA_SESSION_DURATION\) is not valid/,
      { AWSROLE_MFA_SESSION_DURATION: "99h" },
    );
  });

  it.each([
    [
      ["--role-arn", "arn:aws:iam::123456789012:role/x", "-f", "json"],
      /Fix or unset AWS_PROFILE, or pass --source-profile/,
    ],
    [["login"], /Fix or unset AWS_PROFILE, or run awsrole login PROFILE/],
  ])("AWS_PROFILE naming a missing profile: %j", async (argv, what) => {
    await refused(argv, /AWS_PROFILE names profile "nosuch", which is not in /, { AWS_PROFILE: "nosuch" });
    await refused(argv, what, { AWS_PROFILE: "nosuch" });
  });
});
