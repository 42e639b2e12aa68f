// IAM Identity Center sources and SSO profiles, against the local stand-in of the portal and
// the OIDC service (helpers/sso-server.ts), beside the AWS CLI (oracle/botocore_sso.py, the
// CLI's own session): the calls each makes, with which bearer token, the cache files each
// writes and reads, the credentials each ends with.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { quotePosix } from "../src/formats/posix.js";
import { awsrole, cleanEnv, makeHome } from "./helpers/home.js";
import { type SsoCall, type SsoServer, startSsoServer } from "./helpers/sso-server.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const START_URL = "https://corp.awsapps.com/start";
const CONFIG = `[default]
sso_session = other
sso_account_id = 999999999999
sso_role_name = Other
[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
region = eu-west-1
[profile legacy]
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = ReadOnly
[profile chain]
role_arn = arn:aws:iam::123456789012:role/deploy
source_profile = dev
[profile keysso]
sso_session = corp
[profile fromkeys]
role_arn = arn:aws:iam::123456789012:role/deploy
source_profile = keysso
[profile norole]
sso_session = corp
sso_account_id = 111122223333
[profile nosession]
sso_session = nowhere
sso_account_id = 111122223333
sso_role_name = Admin
[sso-session corp]
sso_start_url = ${START_URL}
sso_region = us-east-1
[sso-session other]
sso_start_url = https://other.awsapps.com/start
sso_region = us-east-1
`;
const CREDENTIALS = "[keysso]\naws_access_key_id = AKIAKEYSSO\naws_secret_access_key = keyssoSecret\n";

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");
const iso = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const hasAws = hasTool("python3", ["-c", "import awscli"]);

let server: SsoServer;
let sts: StsServer;
const homes: string[] = [];
beforeAll(async () => {
  server = await startSsoServer();
  sts = await startStsServer();
});
afterAll(async () => {
  await server.stop();
  await sts.stop();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});
afterEach(() => {
  server.calls.length = 0;
  Object.assign(server.behaviour, { portal: 200, refresh: "ok" });
});

/** A home with the config above and a token in the cache for each session named. */
function home(tokens: Record<string, Record<string, unknown>> = {}) {
  const dir = makeHome(CONFIG, CREDENTIALS);
  homes.push(dir);
  for (const [name, token] of Object.entries(tokens)) writeToken(dir, name, token);
  return dir;
}
const tokenFile = (dir: string, name: string) => join(dir, ".aws", "sso", "cache", `${sha1(name)}.json`);
function writeToken(dir: string, name: string, token: Record<string, unknown>) {
  mkdirSync(join(dir, ".aws", "sso", "cache"), { recursive: true });
  writeFileSync(tokenFile(dir, name), JSON.stringify(token), { mode: 0o600 });
}
/** A valid token of the stand-in, as `aws sso login` caches it. */
const token = (startUrl = START_URL, lifeMs = 8 * 3600_000) => ({
  startUrl,
  region: "us-east-1",
  accessToken: server.issueToken(),
  expiresAt: iso(lifeMs),
});

const env = (dir: string, extra: Record<string, string> = {}) =>
  cleanEnv(dir, { ...server.env, AWS_ENDPOINT_URL_STS: sts.url, AWSROLE_TIMEOUT: "5", ...extra });
const run = (dir: string, args: string[], extra: Record<string, string> = {}) => awsrole(args, env(dir, extra));

/** The AWS CLI's credentials for a profile (its session, its handlers), and the calls it made. */
function oracle(dir: string, profile: string, v2cache = false): Promise<Record<string, string | null>> {
  return new Promise((resolve, reject) => {
    const child = spawn("python3", [join(__dirname, "oracle", "botocore_sso.py"), profile, v2cache ? "v2-cache" : ""], {
      env: env(dir),
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
    });
    child.on("error", reject);
    child.on("close", () => resolve(JSON.parse(out)));
  });
}
const shape = (calls: SsoCall[]) =>
  calls.map((c) => ({ method: c.method, path: c.path, bearer: c.bearer, query: c.query, body: c.body }));
const keysOf = (stdout: string) => JSON.parse(stdout) as Record<string, string>;

describe.skipIf(!hasAws)("an SSO profile, beside the AWS CLI", () => {
  it.each([
    ["dev", "corp", "Admin"],
    ["legacy", START_URL, "ReadOnly"],
  ])("%s: the same call with the same bearer token; the credentials it handed out", async (profile, key, role) => {
    // [default] is on another session: its token must never be the one sent (issue 19, item 1).
    const dir = home({ [key]: token(), other: token("https://other.awsapps.com/start") });
    const bearer = JSON.parse(readFileSync(tokenFile(dir, key), "utf8")).accessToken;
    const cli = await oracle(dir, profile);
    expect(cli.error).toBeUndefined();
    const cliCalls = shape(server.calls.splice(0));
    const r = await run(dir, [profile, "-f", "credential-process"]);
    expect(r.stderr).toMatch(/^awsrole: signed in to /);
    expect(r.status).toBe(0);
    expect(shape(server.calls)).toEqual(cliCalls);
    expect(server.calls).toEqual([
      expect.objectContaining({
        path: "/federation/credentials",
        bearer,
        query: { account_id: "111122223333", role_name: role },
      }),
    ]);
    const printed = keysOf(r.stdout);
    expect(printed.AccessKeyId).toBe(server.calls[0]?.returned);
    expect(Date.parse(printed.Expiration as string)).toBeGreaterThan(Date.now() + 3500_000);
  });

  it("with no token for the profile's session, neither uses another session's token", async () => {
    const dir = home({ other: token("https://other.awsapps.com/start") });
    const cli = await oracle(dir, "dev");
    expect(cli.error).toContain("Token for corp does not exist");
    const r = await run(dir, ["dev", "-f", "bash"]);
    expect(server.calls).toEqual([]);
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(r.stderr).toContain('no SSO token for sso-session "corp"');
    expect(r.stderr).toContain("awsrole login dev");
  });

  it("shares the role credentials with the AWS CLI v2's cache, both ways", async () => {
    const dir = home({ corp: token() });
    // The CLI (with v2's cache) calls and caches; awsrole uses its entry without a call.
    const cli = await oracle(dir, "dev", true);
    expect(server.calls).toHaveLength(1);
    const r = await run(dir, ["dev", "-f", "credential-process"]);
    expect(r.status).toBe(0);
    expect(keysOf(r.stdout).AccessKeyId).toBe(cli.AccessKeyId);
    expect(server.calls).toHaveLength(1);
    // awsrole calls and caches (--refresh); the CLI uses its entry without a call.
    const again = await run(dir, ["dev", "-f", "credential-process", "--refresh"]);
    expect(server.calls).toHaveLength(2);
    const cli2 = await oracle(dir, "dev", true);
    expect(server.calls).toHaveLength(2);
    expect(cli2.AccessKeyId).toBe(keysOf(again.stdout).AccessKeyId);
    expect(cli2.Expiration).toBe(keysOf(again.stdout).Expiration);
  });

  it("as a source: the profile's own session's token; the chain's AssumeRole is signed with the portal's keys", async () => {
    // [default] is on session "other", with a valid token: the SDK's fromSSO without the profile
    // used that one (issue 19, item 1).
    const dir = home({ corp: token(), other: token("https://other.awsapps.com/start") });
    const corpToken = JSON.parse(readFileSync(tokenFile(dir, "corp"), "utf8")).accessToken;
    const before = sts.requests.length;
    const r = await run(dir, ["chain", "-f", "bash"]);
    expect(r.stderr).toContain("assumed deploy");
    expect(r.status).toBe(0);
    const [assume] = sts.requests.slice(before);
    expect(assume?.Action).toBe("AssumeRole");
    expect(assume?.$signer).toBe(server.calls[0]?.returned);
    expect(server.calls.map((c) => c.bearer)).toEqual([corpToken]);
  });

  it("sso_session without account and role is no SSO profile: the keys beside it are its credentials, as for botocore", async () => {
    const dir = home({ corp: token() });
    const before = sts.requests.length;
    const r = await run(dir, ["fromkeys", "-f", "bash"]);
    expect(r.stderr).toContain("assumed deploy");
    expect(sts.requests.slice(before).map((q) => q.$signer)).toEqual(["AKIAKEYSSO"]);
    expect(server.calls).toEqual([]);
  });

  it.each([
    ["norole", "sso_role_name", "sso_role_name"],
    ["nosession", "[sso-session nowhere]", "sso-session does not exist"],
  ])("incomplete SSO profile %s: exit 2 naming %s, before any call", async (profile, named, cliSays) => {
    const dir = home({ corp: token() });
    const cli = await oracle(dir, profile);
    expect(cli.error).toContain(cliSays);
    const r = await run(dir, [profile, "-f", "bash"]);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toContain(named);
    expect(server.calls).toEqual([]);
  });
});

describe("an SSO profile's own credentials, exported", () => {
  it.each(["bash", "zsh", "sh", "fish", "powershell", "cmd", "json", "dotenv", "credential-process"])(
    "--format %s carries the portal's keys and expiry",
    async (format) => {
      const dir = home({ corp: token() });
      const r = await run(dir, ["dev", "-f", format, "--no-cache"]);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(server.calls[0]?.returned);
      expect(r.stderr).toMatch(
        /^awsrole: signed in to Admin in 111122223333 as dev \(IAM Identity Center\), until \d\d:\d\d \(1h00m\)\n$/,
      );
    },
  );

  it("exec and --write-profile", async () => {
    const dir = home({ corp: token() });
    const r = await run(dir, ["exec", "dev", "--", "sh", "-c", 'echo "$AWS_ACCESS_KEY_ID $AWSROLE_PROFILE"']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${server.calls[0]?.returned} dev\n`);
    const w = await run(dir, ["dev", "-f", "bash", "--write-profile", "dev-keys"]);
    expect(w.status).toBe(0);
    const written = readFileSync(join(dir, ".aws", "credentials"), "utf8");
    expect(written).toContain(`[dev-keys]\naws_access_key_id = ${server.calls[0]?.returned}`);
    expect(written).toContain("[keysso]");
  });

  it("refuses STS-only flags before any call", async () => {
    const dir = home({ corp: token() });
    const r = await run(dir, ["dev", "-f", "bash", "--duration-seconds", "7200"]);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toContain("--duration-seconds does not apply");
    expect(server.calls).toEqual([]);
  });

  // README: "Flags that would be ignored are refused (exit 2)"; the portal's role has no other source (review D1).
  it.each([
    ["--source-profile", "keysso"],
    ["--web-identity", "gitlab"],
    ["--web-identity-token-file", "/var/run/token"],
    ["--audience", "sts.amazonaws.com"],
    ["--web-identity-env", "MY_TOKEN"],
  ])("refuses %s, which only a role takes, before any call", async (flag, value) => {
    const dir = home({ corp: token() });
    const r = await run(dir, ["dev", "-f", "bash", flag, value], { GITLAB_OIDC_TOKEN: "a.b.c", MY_TOKEN: "a.b.c" });
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toBe(
      `awsrole: profile "dev" has no role_arn, so ${flag} has nothing to apply to. Pass --role-arn too, or drop ${flag}.\n`,
    );
    expect(server.calls).toEqual([]);
  });

  it("-v names the call, GetRoleCredentials, and no duration or session name the portal does not take (review D3)", async () => {
    const dir = home({ corp: token() });
    const r = await run(dir, ["dev", "-f", "json", "-v"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("awsrole: GetRoleCredentials of Admin in 111122223333, source sso, region eu-west-1\n");
  });
});

describe.skipIf(!hasAws)("refresh, as botocore does it", () => {
  /** A token near its end with a registration and a refresh token, as `aws sso login` leaves it. */
  const nearEnd = (lifeMs: number) => ({
    ...token(START_URL, lifeMs),
    clientId: "",
    clientSecret: "",
    registrationExpiresAt: iso(30 * 86400_000),
    refreshToken: "",
    extraField: "kept",
  });
  async function registered(lifeMs: number) {
    // A real registration and refresh token of the stand-in: register, then a device login.
    const post = async (path: string, body: unknown) =>
      (await (await fetch(`${server.url}${path}`, { method: "POST", body: JSON.stringify(body) })).json()) as Record<
        string,
        string
      >;
    const reg = await post("/client/register", { clientName: "t", clientType: "public" });
    const device = await post("/device_authorization", { ...reg, startUrl: START_URL });
    const grant = await post("/token", {
      ...reg,
      grantType: "urn:ietf:params:oauth:grant-type:device_code",
      deviceCode: device.deviceCode,
    });
    server.calls.length = 0;
    return {
      ...nearEnd(lifeMs),
      clientId: reg.clientId,
      clientSecret: reg.clientSecret,
      refreshToken: grant.refreshToken,
    };
  }

  it.each([
    ["within 15 minutes of expiry", 10 * 60_000],
    ["expired", -60_000],
  ])(
    "a token %s is renewed by CreateToken and written back, fields and mode kept; the CLI does the same",
    async (_, life) => {
      const results: { calls: unknown[]; file: Record<string, unknown> }[] = [];
      for (const who of ["cli", "awsrole"]) {
        const dir = home();
        const t = await registered(life);
        writeToken(dir, "corp", t);
        chmodSync(tokenFile(dir, "corp"), 0o640);
        const r = who === "cli" ? await oracle(dir, "dev") : await run(dir, ["dev", "-f", "bash", "--no-cache"]);
        if (who === "cli") expect((r as Record<string, unknown>).error).toBeUndefined();
        else expect((r as { status: number }).status).toBe(0);
        const calls = server.calls.splice(0);
        const file = JSON.parse(readFileSync(tokenFile(dir, "corp"), "utf8"));
        expect(calls.map((c) => c.path)).toEqual(["/token", "/federation/credentials"]);
        expect(calls[0]?.body).toEqual({
          grantType: "refresh_token",
          clientId: t.clientId,
          clientSecret: t.clientSecret,
          refreshToken: t.refreshToken,
        });
        expect(calls[1]?.bearer).toBe(calls[0]?.returned);
        expect(file.accessToken).toBe(calls[0]?.returned);
        if (who === "awsrole") {
          expect(statSync(tokenFile(dir, "corp")).mode & 0o777).toBe(0o640);
          expect(file.extraField).toBe("kept");
        }
        // Each run has its own registration: the calls compare by their fields' names.
        results.push({
          calls: calls.map((c) => [c.method, c.path, Object.keys(c.body).sort(), Object.keys(c.query)]),
          file,
        });
      }
      const [cli, ours] = results as [(typeof results)[0], (typeof results)[0]];
      // The same fields, and two more: botocore drops the fields it does not know, and the refresh
      // token when CreateToken hands out no new one (so its next refresh is impossible); awsrole keeps both.
      expect(Object.keys(ours.file).sort()).toEqual([...Object.keys(cli.file), "extraField", "refreshToken"].sort());
      expect(ours.calls).toEqual(cli.calls);
      expect(
        Math.abs(Date.parse(ours.file.expiresAt as string) - Date.parse(cli.file.expiresAt as string)),
      ).toBeLessThan(60_000);
    },
  );

  it("a token file that is a link stays a link; its target is rewritten", async () => {
    const dir = home();
    const t = await registered(5 * 60_000);
    const target = join(dir, "token-elsewhere.json");
    writeFileSync(target, JSON.stringify(t), { mode: 0o600 });
    mkdirSync(join(dir, ".aws", "sso", "cache"), { recursive: true });
    symlinkSync(target, tokenFile(dir, "corp"));
    expect((await run(dir, ["dev", "-f", "bash", "--no-cache"])).status).toBe(0);
    expect(lstatSync(tokenFile(dir, "corp")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, "utf8")).accessToken).toBe(server.calls[0]?.returned);
  });

  it("a legacy profile's token is never refreshed: expired, no call (the CLI makes none either)", async () => {
    const dir = home({ [START_URL]: { ...token(START_URL, -60_000) } });
    const cli = await oracle(dir, "legacy");
    expect(cli.error).toContain("UnauthorizedSSOTokenError");
    const r = await run(dir, ["legacy", "-f", "bash"]);
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(r.stderr).toContain("awsrole login legacy");
    expect(server.calls).toEqual([]);
  });

  it("a refresh that fails leaves an expired token: awsrole asks for a login without calling the portal", async () => {
    const dir = home();
    writeToken(dir, "corp", await registered(-60_000));
    server.behaviour.refresh = "invalid_grant";
    const r = await run(dir, ["dev", "-f", "bash"]);
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(server.calls.map((c) => c.path)).toEqual(["/token"]);
    expect(r.stderr).toContain("awsrole login dev");
    // The OIDC service echoed the refresh token and the client secret: the warning has neither.
    expect(r.stderr).toContain("refresh token [redacted] of [redacted]");
  });
});

describe("messages", () => {
  it.each([
    [401, /rejected the SSO token .*Session token not found or invalid.*awsrole login dev/],
    [403, /refused role Admin in account 111122223333 .*ForbiddenException/],
    [500, /failed: InternalServerException: stand-in failure for token \[redacted\]/],
    ["hang", /portal at http:\/\/127\.0\.0\.1:\d+ \(AWS_ENDPOINT_URL_SSO\) did not answer within 1 s/],
  ] as const)("portal %s: one line that says what to do, no secret", async (portal, message) => {
    const dir = home({ corp: token() });
    server.behaviour.portal = portal;
    const r = await run(dir, ["dev", "-f", "bash"], { AWSROLE_TIMEOUT: "1" });
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    const secret = JSON.parse(readFileSync(tokenFile(dir, "corp"), "utf8")).accessToken;
    expect(r.stderr).not.toContain(secret);
  });

  it("an unreachable OIDC endpoint is named with its variable", async () => {
    const dir = home();
    writeToken(dir, "corp", {
      ...token(START_URL, 60_000),
      clientId: "c",
      clientSecret: "clientSecretValue",
      refreshToken: "refreshTokenValue",
      registrationExpiresAt: iso(86400_000),
    });
    const r = await run(dir, ["dev", "-f", "bash", "--no-cache"], { AWS_ENDPOINT_URL_SSO_OIDC: "http://127.0.0.1:9" });
    // The token is still valid for a minute: a failed refresh warns and the run goes on.
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(
      /could not renew .* OIDC service at http:\/\/127\.0\.0\.1:9 \(AWS_ENDPOINT_URL_SSO_OIDC\)/,
    );
    expect(r.stderr).not.toMatch(/clientSecretValue|refreshTokenValue/);
  });

  it("a refresh that hangs: named with its variable, and the token still valid is used in time", async () => {
    const dir = home();
    writeToken(dir, "corp", {
      ...token(START_URL, 5 * 60_000),
      clientId: "c",
      clientSecret: "clientSecretValue",
      refreshToken: "refreshTokenValue",
      registrationExpiresAt: iso(86400_000),
    });
    server.behaviour.refresh = "hang";
    const r = await run(dir, ["dev", "-f", "bash", "--no-cache"], { AWSROLE_TIMEOUT: "2" });
    expect(r.stderr).toMatch(/OIDC service at http:\/\/127\.0\.0\.1:\d+ \(AWS_ENDPOINT_URL_SSO_OIDC\) did not answer/);
    expect(r.status).toBe(0);
    expect(server.calls.map((c) => c.path)).toEqual(["/token", "/federation/credentials"]);
  });

  it("no token cache folder at all", async () => {
    const dir = home();
    expect(existsSync(join(dir, ".aws", "sso"))).toBe(false);
    const r = await run(dir, ["dev", "-f", "bash"]);
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(r.stderr).toContain("awsrole login dev");
  });
});

describe("list, status, console", () => {
  it("list shows the SSO role, its account and the token's time left", async () => {
    const dir = home({ corp: token(START_URL, 90 * 60_000), [START_URL]: token(START_URL, -60_000) });
    const r = await run(dir, ["list"]);
    expect(r.status).toBe(0);
    const line = (name: string) => r.stdout.split("\n").find((l) => l.startsWith(`${name} `)) ?? "";
    expect(line("dev")).toMatch(/^dev\s+111122223333\/Admin \(SSO\)\s+sso \(token 1h29m\)/);
    expect(line("legacy")).toMatch(/111122223333\/ReadOnly \(SSO\)\s+sso \(token expired\)/);
    expect(line("chain")).toMatch(/arn:aws:iam::123456789012:role\/deploy\s+dev \(token 1h29m\)/);
    const json = JSON.parse((await run(dir, ["list", "--format", "json"])).stdout);
    expect(json.find((row: { name: string }) => row.name === "dev")).toMatchObject({
      ssoAccount: "111122223333",
      ssoRole: "Admin",
      ssoTokenMinutes: 89,
    });
    expect(server.calls).toEqual([]);
  });

  it("status names the SSO role of the profile", async () => {
    const dir = home({ corp: token() });
    const keys = keysOf((await run(dir, ["dev", "-f", "credential-process"])).stdout);
    const r = await run(dir, ["status"], {
      AWS_ACCESS_KEY_ID: keys.AccessKeyId as string,
      AWS_SECRET_ACCESS_KEY: keys.SecretAccessKey as string,
      AWS_SESSION_TOKEN: keys.SessionToken as string,
      AWS_CREDENTIAL_EXPIRATION: keys.Expiration as string,
      AWSROLE_PROFILE: "dev",
    });
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("sso      Admin in 111122223333 (sso-session corp)");
  });

  it("console signs in with an SSO profile's own role", async () => {
    const { createServer } = await import("node:http");
    const sessions: string[] = [];
    const signin = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      sessions.push(url.searchParams.get("Session") ?? "");
      res.end(JSON.stringify({ SigninToken: "TOKEN-FROM-FEDERATION" }));
    });
    await new Promise<void>((resolve) => signin.listen(0, "127.0.0.1", resolve));
    const address = signin.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const dir = home({ corp: token() });
      const r = await run(dir, ["console", "dev", "-q"], { AWS_ENDPOINT_URL_SIGNIN: `http://127.0.0.1:${port}` });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("SigninToken=TOKEN-FROM-FEDERATION");
      expect(r.stdout).toContain(encodeURIComponent("https://console.aws.amazon.com/console/home?region=eu-west-1"));
      expect(JSON.parse(sessions[0] as string).sessionId).toBe(server.calls[0]?.returned);
    } finally {
      signin.close();
    }
  });
});

describe("review findings", () => {
  /** Every 16 characters of a secret (its white space as one space) that stand in the text (the same). */
  const pieces = (text: string, secret: string) => {
    const flat = (t: string) => t.replace(/\s+/g, " ");
    const [t, s] = [flat(text), flat(secret)];
    return Array.from({ length: s.length - 15 }, (_, i) => s.slice(i, i + 16)).filter((p) => t.includes(p));
  };
  const random = (n: number) => Array.from({ length: n }, () => Math.random().toString(36).slice(2, 12)).join("");

  it("a refresh token the OIDC service echoes, 400 characters with line breaks in it: no 16 of them on stderr", async () => {
    const dir = home();
    // Lines of 10: cut at each break, no piece would be long enough to be found.
    const refreshToken = random(40)
      .replace(/(.{10})/g, "$1\n")
      .slice(0, 400);
    // A client the stand-in knows, so that it answers the refresh token itself (echoed).
    const reg = (await (await fetch(`${server.url}/client/register`, { method: "POST", body: "{}" })).json()) as Record<
      string,
      string
    >;
    writeToken(dir, "corp", {
      ...token(START_URL, -60_000),
      clientId: reg.clientId,
      clientSecret: reg.clientSecret,
      refreshToken,
      registrationExpiresAt: iso(86400_000),
    });
    server.behaviour.refresh = "invalid_grant";
    const r = await run(dir, ["dev", "-f", "bash"]);
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(r.stderr).toContain("answered invalid_grant (refresh token [redacted] of [redacted])");
    expect(pieces(r.stderr, refreshToken)).toEqual([]);
  });

  it("an access token of 400 characters the portal echoes: no 16 of them on stderr", async () => {
    const accessToken = `aoa${random(40)}`.slice(0, 400);
    server.behaviour.validTokens.add(accessToken);
    const dir = home({ corp: { ...token(), accessToken } });
    server.behaviour.portal = 500;
    const r = await run(dir, ["dev", "-f", "bash"]);
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(r.stderr).toContain("stand-in failure for token [redacted]");
    expect(pieces(r.stderr, accessToken)).toEqual([]);
  });

  it("a token file whose accessToken has a line break: corrupt, named, sign in again; the token never shown", async () => {
    const dir = home({ corp: { ...token(), accessToken: "aoaTOPSECRET\nSECONDHALF" } });
    const r = await run(dir, ["dev", "-f", "bash"]);
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(r.stderr).toContain(`the SSO token file ${tokenFile(dir, "corp")} is corrupt`);
    expect(r.stderr).toContain("Sign in: awsrole login dev");
    expect(r.stderr).not.toMatch(/TOPSECRET|SECONDHALF/);
    expect(server.calls).toEqual([]);
  });

  it("expiresAt as the CLI v2 wrote it before 2.1.14 (…UTC) is read, as botocore reads it", async () => {
    const dir = home({ corp: { ...token(), expiresAt: "2099-01-01T00:00:00UTC" } });
    const r = await run(dir, ["dev", "-f", "bash"]);
    expect(r.stderr).toMatch(/^awsrole: signed in to Admin/);
    expect(r.status).toBe(0);
    const list = await run(dir, ["list", "--format", "json"]);
    const row = JSON.parse(list.stdout).find((p: { name: string }) => p.name === "dev");
    expect(row.ssoTokenMinutes).toBeGreaterThan(1000);
  });

  it("the suggested sign-in quotes a profile name that is not a plain word, for a POSIX shell", async () => {
    const name = "dev$HOME";
    const dir = makeHome(`[profile ${name}]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n${CONFIG}`);
    homes.push(dir);
    const r = await run(dir, [name, "-f", "bash"]);
    expect(r).toMatchObject({ status: 1, stdout: "" });
    const command = /Sign in: (awsrole login .*)\n$/.exec(r.stderr)?.[1] ?? "";
    expect(command).toBe(`awsrole login ${quotePosix(name)}`);
    // The shell reads the name back as it is.
    const sh = spawnSync("sh", ["-c", `set -- ${command}; printf %s "$3"`], { encoding: "utf8" });
    expect(sh.stdout).toBe(name);
  });
});
