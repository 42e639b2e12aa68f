// `awsrole login` against the local stand-in of the OIDC service: the authorization-code flow
// with PKCE (a test browser follows the redirect to awsrole's loopback address), the device-code
// flow with its pending, slow_down, expiry and denial, and the files it writes, which the AWS
// CLI then reads.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ssoTokenPath } from "../src/credentials/cache.js";
import { login, registrationPath } from "../src/credentials/sso-login.js";
import { Deadline } from "../src/system/deadline.js";
import { Secrets } from "../src/system/secrets.js";
import { awsrole, cleanEnv, makeHome, run } from "./helpers/home.js";
import { type SsoServer, startSsoServer } from "./helpers/sso-server.js";
import { hasTool } from "./helpers/tools.js";

const START_URL = "https://corp.awsapps.com/start";
const CONFIG = `[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
[profile legacy]
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = ReadOnly
[sso-session corp]
sso_start_url = ${START_URL}
sso_region = us-east-1
`;
const BROWSER = `node ${resolve("test/helpers/browser.mjs")}`;
const hasAws = hasTool("python3", ["-c", "import awscli"]);

let server: SsoServer;
const homes: string[] = [];
beforeAll(async () => {
  server = await startSsoServer();
});
afterAll(async () => {
  await server.stop();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});
afterEach(() => {
  server.calls.length = 0;
  Object.assign(server.behaviour, {
    devicePending: [],
    deviceEnd: "approve",
    authorize: "approve",
    interval: 1,
    deviceExpiresIn: 600,
    deviceTokenDelayMs: 0,
  });
});

function home() {
  const dir = makeHome(CONFIG);
  homes.push(dir);
  return dir;
}
const env = (dir: string, extra: Record<string, string> = {}) =>
  cleanEnv(dir, { ...server.env, BROWSER, BROWSER_LOG: join(dir, "browser.log"), ...extra });
const cacheDir = (dir: string) => join(dir, ".aws", "sso", "cache");
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("awsrole login, authorization code with PKCE", () => {
  it("registers, has the browser approve, redeems the code; writes token and registration as the CLI v2 does", async () => {
    const dir = home();
    const r = await awsrole(["login", "dev"], env(dir));
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/signing in to https:\/\/corp\.awsapps\.com\/start in the browser/);
    expect(r.stderr).toMatch(/signed in to sso-session corp, until \d\d:\d\d\.\n$/);
    expect(r.status).toBe(0);
    const [register, authorize, token] = server.calls;
    expect(server.calls.map((c) => c.path)).toEqual(["/client/register", "/authorize", "/token"]);
    expect(register?.body).toEqual({
      clientName: "botocore-client-corp",
      clientType: "public",
      grantTypes: ["authorization_code", "refresh_token"],
      redirectUris: ["http://127.0.0.1/oauth/callback"],
      issuerUrl: START_URL,
      scopes: ["sso:account:access"],
    });
    const q = authorize?.query ?? {};
    expect(q).toMatchObject({ response_type: "code", code_challenge_method: "S256", scopes: "sso:account:access" });
    expect(q.redirect_uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    expect(readFileSync(join(dir, "browser.log"), "utf8")).toContain("/authorize?response_type=code");
    const verifier = String(token?.body.codeVerifier);
    expect(verifier).toMatch(/^[A-Za-z0-9._~-]{64}$/);
    expect(createHash("sha256").update(verifier).digest("base64url")).toBe(q.code_challenge);
    expect(token?.body).toMatchObject({ grantType: "authorization_code", redirectUri: q.redirect_uri });

    const tokenPath = join(cacheDir(dir), `${createHash("sha1").update("corp").digest("hex")}.json`);
    const saved = readJson(tokenPath);
    expect(Object.keys(saved)).toEqual([
      "startUrl",
      "region",
      "accessToken",
      "expiresAt",
      "clientId",
      "clientSecret",
      "registrationExpiresAt",
      "refreshToken",
    ]);
    expect(saved.accessToken).toBe(token?.returned);
    expect(saved.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(statSync(tokenPath).mode & 0o777).toBe(0o600);
    const registration = readJson(
      registrationPath(cacheDir(dir), { startUrl: START_URL, region: "us-east-1", sessionName: "corp" }, undefined),
    );
    expect(registration).toMatchObject({
      clientId: saved.clientId,
      grantTypes: ["authorization_code", "refresh_token"],
    });
    // No secret on stderr.
    for (const secret of [saved.accessToken, saved.refreshToken, saved.clientSecret])
      expect(r.stderr).not.toContain(secret);

    // The next login reuses the registration, as the CLI does.
    server.calls.length = 0;
    expect((await awsrole(["login", "dev"], env(dir))).status).toBe(0);
    expect(server.calls.map((c) => c.path)).toEqual(["/authorize", "/token"]);
  });

  it.skipIf(!hasAws)(
    "the AWS CLI uses awsrole's login, and so does awsrole: one login, then the role all day",
    async () => {
      const dir = home();
      expect((await awsrole(["login", "dev"], env(dir))).status).toBe(0);
      const accessToken = readJson(
        ssoTokenPath(cacheDir(dir), { sessionName: "corp", startUrl: START_URL }),
      ).accessToken;
      server.calls.length = 0;
      // Asynchronously: the stand-in answers from this process.
      const cli = await run("python3", [join(__dirname, "oracle", "botocore_sso.py"), "dev"], env(dir));
      expect(JSON.parse(cli.stdout).error).toBeUndefined();
      const r = await awsrole(["dev", "-f", "bash", "--refresh"], env(dir));
      expect(r.status).toBe(0);
      expect(server.calls.map((c) => [c.path, c.bearer])).toEqual([
        ["/federation/credentials", accessToken],
        ["/federation/credentials", accessToken],
      ]);
    },
  );

  it("a denial in the browser: exit 1, nothing written", async () => {
    const dir = home();
    server.behaviour.authorize = "access_denied";
    const r = await awsrole(["login", "dev"], env(dir));
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(r.stderr).toContain("the sign-in was denied in the browser");
    expect(existsSync(ssoTokenPath(cacheDir(dir), { sessionName: "corp", startUrl: START_URL }))).toBe(false);
  });

  it("the registration's file name is the CLI v2's (SHA-1 of its sorted JSON), for any session, URL and scopes", () => {
    const cases = fc.sample(
      fc.record({
        startUrl: fc.webUrl(),
        region: fc.constantFrom("us-east-1", "eu-west-1"),
        sessionName: fc.option(fc.string({ minLength: 1, maxLength: 20, unit: "grapheme" }), { nil: undefined }),
        scopes: fc.option(fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 3 }), { nil: undefined }),
      }),
      60,
    );
    const python = `
import hashlib, json, sys
for c in json.load(sys.stdin):
    args = {"tool": "botocore", "startUrl": c["startUrl"], "region": c["region"], "scopes": c.get("scopes"), "session_name": c.get("sessionName")}
    print(hashlib.sha1(json.dumps(args, sort_keys=True).encode("utf-8")).hexdigest())
`;
    const out = spawnSync("python3", ["-c", python], { input: JSON.stringify(cases), encoding: "utf8" });
    expect(out.stderr).toBe("");
    expect(cases.map((c) => registrationPath("", c, c.scopes).replace(/\.json$/, ""))).toEqual(
      out.stdout.trim().split("\n"),
    );
  });
});

describe("awsrole login --device-code", () => {
  it("shows the code, polls past authorization_pending, writes the token", async () => {
    const dir = home();
    server.behaviour.devicePending = ["authorization_pending", "authorization_pending"];
    const r = await awsrole(["login", "dev", "--device-code"], env(dir));
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/open http:\/\/127\.0\.0\.1:\d+\/device and enter the code ABCD-EFGH/);
    // The browser opened the page with the code filled in (its visit is not the flow's).
    expect(readFileSync(join(dir, "browser.log"), "utf8")).toMatch(/\/device\?user_code=ABCD-EFGH\n$/);
    const calls = server.calls.filter((c) => c.path !== "/device");
    expect(calls.map((c) => c.path)).toEqual([
      "/client/register",
      "/device_authorization",
      "/token",
      "/token",
      "/token",
    ]);
    expect(calls[0]?.body).toEqual({ clientName: "botocore-client-corp", clientType: "public" });
    const saved = readJson(ssoTokenPath(cacheDir(dir), { sessionName: "corp", startUrl: START_URL }));
    expect(saved.accessToken).toBe(calls[4]?.returned);
  });

  it("a legacy profile signs in with the device code, as the CLI v2 does", async () => {
    const dir = home();
    const r = await awsrole(["login", "legacy"], env(dir));
    expect(r.status).toBe(0);
    expect(server.calls.filter((c) => c.path !== "/device").map((c) => c.path)).toEqual([
      "/client/register",
      "/device_authorization",
      "/token",
    ]);
    expect(existsSync(ssoTokenPath(cacheDir(dir), { startUrl: START_URL }))).toBe(true);
  });

  /** The flow itself, with a clock and a sleep of the test's: the waits it chose, and how it ended. */
  async function deviceLogin() {
    const dir = home();
    const sleeps: number[] = [];
    let now = Date.now();
    const told: string[] = [];
    const outcome = await login(
      { startUrl: START_URL, region: "us-east-1", sessionName: "corp" },
      { deviceCode: true },
      {
        ssoTokenDir: cacheDir(dir),
        env: server.env,
        readFile: (path) => (existsSync(path) ? readFileSync(path, "utf8") : undefined),
        deadline: new Deadline(5000),
        secrets: new Secrets(),
        now: () => new Date(now),
        tell: (m) => told.push(m),
        openBrowser: async () => false,
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
        },
      },
    ).then(
      () => "signed in",
      (error: Error) => error.message,
    );
    return { outcome, sleeps, told };
  }

  it.each([
    [["slow_down", "authorization_pending"], "approve", "signed in", [6000, 6000]],
    [["authorization_pending"], "expired_token", "the sign-in code expired", [1000]],
    [["authorization_pending"], "access_denied", "the sign-in was denied", [1000]],
  ] as const)("%j then %s: %s, waiting %j ms", async (pending, end, outcome, sleeps) => {
    server.behaviour.devicePending = [...pending];
    server.behaviour.deviceEnd = end;
    const r = await deviceLogin();
    expect(r.outcome).toContain(outcome);
    expect(r.sleeps).toEqual(sleeps);
    expect(r.told).toHaveLength(1);
  });

  it("stops at the code's expiry even if the service keeps answering pending", async () => {
    server.behaviour.devicePending = Array(50).fill("authorization_pending");
    server.behaviour.deviceExpiresIn = 5;
    const r = await deviceLogin();
    expect(r.outcome).toContain("the sign-in code expired");
    expect(r.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
  });
});

describe("a run that needs a login", () => {
  it.runIf(hasTool("tmux", ["-V"]))(
    "on a terminal: offers the login inline, then the eval line completes with the role",
    async () => {
      const dir = home();
      const socket = `awsrole-login-${process.pid}`;
      const out = join(dir, "out");
      const exports = Object.entries(env(dir))
        .map(([k, v]) => `export ${k}='${v.replaceAll("'", "'\\''")}'`)
        .join("\n");
      const script = join(dir, "term.sh");
      writeFileSync(
        script,
        `${exports}\neval "$(node ${resolve("dist/cli.cjs")} dev -f bash)"\necho "$AWS_ACCESS_KEY_ID" > ${out}.tmp; mv ${out}.tmp ${out}\nsleep 30\n`,
      );
      const tmuxEnv = { PATH: process.env.PATH ?? "", TERM: "xterm", TMUX_TMPDIR: tmpdir() };
      const tmux = (...args: string[]) => run("tmux", ["-L", socket, ...args], tmuxEnv);
      try {
        await tmux("new-session", "-d", "-s", "login", "-x", "200", "-y", "40", `bash --norc --noprofile ${script}`);
        const screen = async () => (await tmux("capture-pane", "-p", "-t", "login")).stdout;
        const waitFor = async (done: () => Promise<boolean>) => {
          for (let i = 0; i < 150 && !(await done()); i++) await new Promise((r) => setTimeout(r, 100));
        };
        await waitFor(async () => /Sign in now \(awsrole login dev\)\? \[Y\/n\]/.test(await screen()));
        expect(await screen()).toContain('no SSO token for sso-session "corp"');
        await tmux("send-keys", "-t", "login", "Enter");
        await waitFor(async () => existsSync(out));
        const portal = server.calls.filter((c) => c.path === "/federation/credentials");
        expect(readFileSync(out, "utf8").trim()).toBe(portal[0]?.returned);
        expect(server.calls.map((c) => c.path)).toEqual([
          "/client/register",
          "/authorize",
          "/token",
          "/federation/credentials",
        ]);
      } finally {
        await tmux("kill-server");
      }
    },
  );

  it.runIf(hasTool("tmux", ["-V"]))(
    "the inline sign-in offer quotes a profile name that is not a plain word",
    async () => {
      const name = "dev$HOME";
      const dir = makeHome(`[profile ${name}]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = R\n${CONFIG}`);
      homes.push(dir);
      const socket = `awsrole-quote-${process.pid}`;
      const exports = Object.entries(env(dir))
        .map(([k, v]) => `export ${k}='${v.replaceAll("'", "'\\''")}'`)
        .join("\n");
      const script = join(dir, "term.sh");
      writeFileSync(script, `${exports}\neval "$(node ${resolve("dist/cli.cjs")} 'dev$HOME' -f bash)"\nsleep 30\n`);
      const tmux = (...args: string[]) =>
        run("tmux", ["-L", socket, ...args], { PATH: process.env.PATH ?? "", TERM: "xterm", TMUX_TMPDIR: tmpdir() });
      try {
        await tmux("new-session", "-d", "-s", "q", "-x", "200", "-y", "40", `bash --norc --noprofile ${script}`);
        const screen = async () => (await tmux("capture-pane", "-p", "-t", "q")).stdout;
        for (let i = 0; i < 150 && !/\[Y\/n\]/.test(await screen()); i++) await new Promise((r) => setTimeout(r, 100));
        expect(await screen()).toContain("Sign in now (awsrole login 'dev$HOME')? [Y/n]");
      } finally {
        await tmux("kill-server");
      }
    },
  );

  it("without a terminal: exit 1 with the command to run, nothing on stdout", async () => {
    const dir = home();
    const r = await awsrole(["dev", "-f", "bash"], env(dir));
    expect(r).toMatchObject({ status: 1, stdout: "" });
    expect(r.stderr).toMatch(/Sign in: awsrole login dev\n$/);
  });
});

describe("review findings", () => {
  it("device code over a slow round trip: each poll has its own budget; 40 polls of 300 ms pass 10 s", async () => {
    const dir = home();
    Object.assign(server.behaviour, {
      interval: 0,
      deviceTokenDelayMs: 300,
      devicePending: Array(40).fill("authorization_pending"),
    });
    const r = await awsrole(["login", "dev", "--device-code"], env(dir));
    expect(r.stderr).not.toContain("did not answer");
    expect(r).toMatchObject({ status: 0, stdout: "" });
    expect(server.calls.filter((c) => c.path === "/token")).toHaveLength(41);
  }, 60_000);

  it("the loopback redirect refuses another state, none, or another path, and shows success once signed in", async () => {
    const dir = home();
    const r = await awsrole(["login", "dev"], env(dir, { BROWSER_FORGE: "1" }));
    expect(r.stderr).toMatch(/signed in to sso-session corp/);
    expect(r).toMatchObject({ status: 0, stdout: "" });
    // The browser runs on its own: wait for its last line.
    const logPath = join(dir, "browser.log");
    for (let i = 0; i < 50 && !readFileSync(logPath, "utf8").includes("page "); i++)
      await new Promise((done) => setTimeout(done, 100));
    const lines = readFileSync(logPath, "utf8").trim().split("\n").slice(1);
    expect(lines.slice(0, 3)).toEqual(
      Array(3).fill("forged 400 awsrole: this is not the sign-in awsrole is waiting for."),
    );
    expect(lines[3]).toBe("page 200 awsrole: signed in. You can close this window.");
  });

  it("a ~/.aws/sso/cache link to nowhere is named: exit 2, before any call", async () => {
    const dir = home();
    mkdirSync(join(dir, ".aws", "sso"), { recursive: true });
    const link = cacheDir(dir);
    symlinkSync(join(dir, "gone"), link);
    const r = await awsrole(["login", "dev"], env(dir));
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toBe(
      `awsrole: ${link} is a link to ${join(dir, "gone")}, which does not exist. Create ${join(dir, "gone")}, or remove the link.\n`,
    );
    expect(server.calls).toEqual([]);
  });

  it("login refuses a key that differs between the profile and its [sso-session], as awsrole PROFILE does", async () => {
    const dir = makeHome(
      `${CONFIG}[profile split]\nsso_session = corp\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n[profile noregion]\nsso_start_url = ${START_URL}\nsso_account_id = 1\nsso_role_name = R\n`,
    );
    homes.push(dir);
    const config = join(dir, ".aws", "config");
    const login = await awsrole(["login", "split"], env(dir));
    const role = await awsrole(["split", "-f", "bash"], env(dir));
    expect(login).toMatchObject({ status: 2, stdout: "" });
    expect(login.stderr).toBe(role.stderr);
    expect(login.stderr).toContain(
      'sso_region is "eu-west-1" in profile "split" but "us-east-1" in [sso-session corp]',
    );
    const legacy = await awsrole(["login", "noregion"], env(dir));
    expect(legacy).toMatchObject({ status: 2, stdout: "" });
    expect(legacy.stderr).toContain(`has no sso_region. Add it in ${config}.`);
    expect(server.calls).toEqual([]);
  });
});
