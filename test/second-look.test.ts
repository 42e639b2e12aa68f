// A second newcomer's findings (the reviewer's list of 14): answers that are not STS's, commands
// and files checked before any call, where a bad value came from, and help that lists everything.
import { rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIG as CONFIG_PATH, CREDENTIALS as CREDENTIALS_PATH, runCli, stsError } from "./helpers/fake-io.js";
import { awsrole, cleanEnv, makeHome } from "./helpers/home.js";

const CONFIG = `[profile nomfa]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user

[profile mfa]
role_arn = arn:aws:iam::123456789012:role/admin
source_profile = user
mfa_serial = arn:aws:iam::123456789012:mfa/user
`;
const CREDENTIALS =
  "[user]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n";

/** A loopback "STS" that answers every request with this status and HTML body, as a portal or proxy does. */
function htmlServer(status: number, body: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(status, { "content-type": "text/html" }).end(body));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${address.port}`, server });
    }),
  );
}

let home: string;
const servers: Server[] = [];
beforeAll(() => {
  home = makeHome(CONFIG, CREDENTIALS);
});
afterAll(() => {
  for (const server of servers) server.close();
  rmSync(home, { recursive: true, force: true });
});

describe("an HTTP answer that is not STS's is said as such (exit 1, naming the endpoint)", () => {
  const pages: [number, string][] = [
    [200, "<html><body>Welcome to the hotel wifi</body></html>"],
    [502, "<html><body>bad gateway"],
    [403, "<html><body>forbidden</body></html>"],
  ];
  it.each(pages)("status, HTTP %i", async (status, body) => {
    const { url, server } = await htmlServer(status, body);
    servers.push(server);
    const env = cleanEnv(home, {
      AWS_ENDPOINT_URL_STS: url,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    });
    const r = await awsrole(["status"], env);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `awsrole: STS at ${url} answered something that is not an STS response (HTTP ${status}${status === 200 ? ", no Arn or Account" : ""}). Check AWS_ENDPOINT_URL_STS (or AWS_ENDPOINT_URL) and any proxy (HTTPS_PROXY) or captive portal between here and STS.\n`,
    );
    expect(r.status).toBe(1);
  });

  it.each(pages)("assume, HTTP %i", async (status, body) => {
    const { url, server } = await htmlServer(status, body);
    servers.push(server);
    const r = await awsrole(["nomfa", "-f", "json", "--no-cache"], cleanEnv(home, { AWS_ENDPOINT_URL_STS: url }));
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      new RegExp(`^awsrole: STS at ${url} answered something that is not an STS response \\(HTTP ${status}[^\\n]*\\n$`),
    );
    expect(r.stderr).not.toMatch(/Deserialization|XML parse|Unknown/);
    expect(r.status).toBe(1);
  });
});

const files = { [CONFIG_PATH]: CONFIG, [CREDENTIALS_PATH]: CREDENTIALS };

/** Each refusal: exit 2, one line naming the problem, nothing on stdout, no call. */
async function refused(argv: string[], message: RegExp, env: NodeJS.ProcessEnv = {}, given = files) {
  const r = await runCli(argv, { files: given, env });
  expect(r.stderr).toMatch(/^awsrole: [^\n]+\n$/);
  expect(r.stderr).toMatch(message);
  expect(r.stdout).toBe("");
  expect(r.calls).toEqual([]);
  expect(r.code).toBe(2);
}

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

describe("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores the endpoint variables everywhere", () => {
  const ignored = { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true", AWS_ENDPOINT_URL_STS: "http://[::1" };
  const unreachable = () => stsError("TimeoutError", "connect ETIMEDOUT", true, "ETIMEDOUT");

  it("an ignored malformed URL is not refused, and a failure names the endpoint really called", async () => {
    const r = await runCli(["nomfa", "-f", "json", "--no-cache"], { files, env: ignored, fail: unreachable });
    expect(r.stderr).toMatch(/^awsrole: could not reach STS at https:\/\/sts\.us-east-1\.amazonaws\.com /);
    expect(r.code).toBe(1);
  });

  it("status names the endpoint really called", async () => {
    const env = {
      ...ignored,
      AWS_ENDPOINT_URL_STS: "http://127.0.0.1:1",
      AWS_ACCESS_KEY_ID: "AKIAX",
      AWS_SECRET_ACCESS_KEY: "x",
    };
    const r = await runCli(["status"], { files, env, fail: unreachable });
    expect(r.stderr).toMatch(/^awsrole: could not reach STS at https:\/\/sts\.us-east-1\.amazonaws\.com /);
    expect(r.code).toBe(1);
  });

  it("console does not use an ignored AWS_ENDPOINT_URL_SIGNIN", async () => {
    const r = await runCli(["console", "nomfa"], {
      files,
      env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true", AWS_ENDPOINT_URL_SIGNIN: "http://[::1" },
    });
    // (The stand-in sign-in endpoint answers no token: exit 1, but not the refusal of the URL.)
    expect(r.stderr).not.toMatch(/AWS_ENDPOINT_URL_SIGNIN|::1/);
    expect(r.code).not.toBe(2);
  });
});

describe("--format github checks that GITHUB_ENV can be written before any call", () => {
  it.each(["/nonexistent-folder/github_env", "/"])("GITHUB_ENV=%s", async (path) => {
    await refused(["nomfa", "-f", "github"], /^awsrole: GITHUB_ENV "[^"]+" cannot be written \(E[A-Z]+\)\. /, {
      GITHUB_ENV: path,
    });
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

describe("--help lists every option; a command's help says what its flags mean there", () => {
  const help = async (argv: string[], width = 80) => {
    const r = await runCli(argv, { env: { COLUMNS: String(width) } });
    expect(r).toMatchObject({ code: 0, stderr: "" });
    return r.stdout;
  };

  it("the general help has every option of the table in its option list", async () => {
    const { OPTIONS } = await import("../src/args/options.js");
    const text = await help(["--help"]);
    const list = text.slice(text.indexOf("Role and session:"), text.indexOf("Formats (--format):"));
    for (const name of Object.keys(OPTIONS)) expect(list, name).toMatch(new RegExp(`--${name}\\b`));
  });

  it.each(["status", "list"])("%s --help does not call -f's default the detected shell", async (command) => {
    expect(await help([command, "--help"])).not.toMatch(/detected shell/);
  });

  it.each([40, 60, 80])("init --help keeps each command line whole at %i columns", async (width) => {
    const lines = (await help(["init", "--help"], width)).split("\n");
    for (const line of [
      '    eval "$(awsrole init bash)"',
      "    awsrole init powershell | Out-String | Invoke-Expression",
    ])
      expect(lines).toContain(line);
    expect(lines.at(-2)).not.toBe("");
  });
});

describe("flags that would be ignored are refused (exit 2, no call)", () => {
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

describe("the README's examples are ones awsrole takes", () => {
  it("the flag before a subcommand that the wrappers pass on", async () => {
    const { readFileSync } = await import("node:fs");
    const readme = readFileSync("README.md", "utf8").replace(/\s+/g, " ");
    const example = /flags before a subcommand \(`awsrole ([^`]+)`\)/.exec(readme)?.[1] as string;
    const r = await runCli(example.split(" "), {
      files,
      env: { AWS_ACCESS_KEY_ID: "AKIAX", AWS_SECRET_ACCESS_KEY: "x" },
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
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
    const { tempHome } = await import("./helpers/fake-io.js");
    const cacheHome = tempHome();
    try {
      expect((await runCli(["mfa", "-t", "123456", "-f", "json"], { files, home: cacheHome })).code).toBe(0);
      const r = await runCli(["mfa", "-f", "json", "-v"], { files, home: cacheHome });
      expect(r.calls).toEqual([]);
      expect(r.stderr).toMatch(/MFA code: none needed: the session comes from the cache/);
      expect(r.stderr).not.toMatch(/asked on the terminal/);
    } finally {
      rmSync(cacheHome, { recursive: true, force: true });
    }
  });

  it("-v --no-prompt does not say it would ask on the terminal", async () => {
    const r = await runCli(["mfa", "-f", "json", "-v", "--no-prompt", "--no-cache"], { files });
    expect(r.stderr).toMatch(/MFA code: none \(--no-prompt\)/);
  });

  it("list with no files says on stderr where it looked (exit 0)", async () => {
    const r = await runCli(["list"], { files: {} });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `awsrole: no profiles: neither ${CONFIG_PATH} nor ${CREDENTIALS_PATH} exists. Create them with aws configure.\n`,
    );
    expect((await runCli(["list", "-f", "names"], { files: {} })).stderr).toBe("");
  });
});

describe("status --offline in a prompt once the session has expired", () => {
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

describe("a bad value says where it came from", () => {
  const bad = {
    [CONFIG_PATH]: `${CONFIG}
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
    [CREDENTIALS_PATH]: CREDENTIALS,
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

describe("exec finds the command before any prompt or call", () => {
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

  describe("findProgram", async () => {
    const { findProgram } = await import("../src/system/process.js");
    const { chmodSync, mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
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

describe("the bash/zsh wrapper under set -e", () => {
  it.each(["bash", "zsh"])("%s: a failing pass-through returns its status cleanly", async (shell) => {
    const { chmodSync, mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { CLI, run } = await import("./helpers/home.js");
    const bin = mkdtempSync(join(tmpdir(), "awsrole-bin-"));
    try {
      writeFileSync(join(bin, "awsrole"), `#!/bin/sh\nexec node '${CLI}' "$@"\n`);
      chmodSync(join(bin, "awsrole"), 0o755);
      const env = cleanEnv(home, { PATH: `${bin}:${process.env.PATH}` });
      const load = `set -e; eval "$(awsrole init ${shell})"`;
      const failing = await run(shell, ["-c", `${load}; awsrole status; echo not reached`], env);
      expect(failing.stderr).toBe("awsrole: no AWS credentials in this shell. Run awsrole PROFILE to assume a role.\n");
      expect(failing).toMatchObject({ status: 1, stdout: "" });
      const passing = await run(shell, ["-c", `${load}; awsrole --version >/dev/null; echo reached`], env);
      expect(passing).toMatchObject({ status: 0, stdout: "reached\n", stderr: "" });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe("test knobs", () => {
  it("a knob that is not a whole number is refused with its name, not run as NaN", async () => {
    const { knob } = await import("./helpers/knob.js");
    const was = process.env.AWSROLE_TEST_KNOB;
    try {
      process.env.AWSROLE_TEST_KNOB = "abc";
      expect(() => knob("AWSROLE_TEST_KNOB", 100)).toThrow(
        'AWSROLE_TEST_KNOB="abc" is not a whole number: set it like AWSROLE_TEST_KNOB=100, or unset it.',
      );
      process.env.AWSROLE_TEST_KNOB = "40";
      expect(knob("AWSROLE_TEST_KNOB", 100)).toBe(40);
      delete process.env.AWSROLE_TEST_KNOB;
      expect(knob("AWSROLE_TEST_KNOB", 100)).toBe(100);
    } finally {
      if (was === undefined) delete process.env.AWSROLE_TEST_KNOB;
      else process.env.AWSROLE_TEST_KNOB = was;
    }
  });
});
