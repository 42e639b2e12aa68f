// `awsrole exec PROFILE --server -- CMD` with real clients across real expiries: moto behind a
// proxy that gives each role session a short life (moto's shortest is 900 s) and refuses, as STS
// does, a call signed with keys past that life; inside CMD the AWS CLI v1 and the bundled JS SDK
// call GetCallerIdentity in a loop, getting their keys from awsrole's endpoint.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cleanEnv, makeHome, type Result } from "./helpers/home.js";
import { type Call, type ExpiringSts, startExpiringSts } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const ACCOUNT = "123456789012";
const CONFIG = `[profile prod]
role_arn = arn:aws:iam::${ACCOUNT}:role/deployer
source_profile = default
mfa_serial = arn:aws:iam::${ACCOUNT}:mfa/alice
region = eu-west-1

[profile session-keys]
mfa_serial = arn:aws:iam::${ACCOUNT}:mfa/alice
region = eu-west-1

[profile process-session]
credential_process = printf '{"Version": 1, "AccessKeyId": "ASIAPROCESS", "SecretAccessKey": "process-secret", "SessionToken": "process-token"}'
`;
// The IAM user's keys in [default], as most people keep them: an SDK would use them before the
// container endpoint, so awsrole must keep them from CMD.
const STATIC_KEY = "AKIAIOSFODNN7EXAMPLE";
const CREDENTIALS = `[default]
aws_access_key_id = ${STATIC_KEY}
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[session-keys]
aws_access_key_id = ASIAEXAMPLEEXAMPLE00
aws_secret_access_key = secretsecretsecretsecretsecret
aws_session_token = tokentokentokentoken
`;

/**
 * Runs awsrole in a session of its own (setsid): no controlling terminal, so a renewal that needs
 * an MFA code cannot prompt, whatever terminal the tests were started from.
 */
function awsroleAlone(args: string[], env: Record<string, string>, timeout = 100_000): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn("node", [CLI, ...args], { env, stdio: ["ignore", "pipe", "pipe"], detached: true, timeout });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (status, signal) =>
      resolve({ status: status ?? (signal ? `signal ${signal}` : null), stdout, stderr } as Result),
    );
  });
}

/** Runs a helper program (tmux); its stdout. */
async function runTool(command: string, args: string[]): Promise<string> {
  const { execFile } = await import("node:child_process");
  return new Promise((resolve) => execFile(command, args, (_error, stdout) => resolve(stdout)));
}

// The bundled SDK, as a program inside CMD would load it.
const SDK = createRequire(import.meta.url).resolve("@aws-sdk/client-sts");
const JS_LOOP = `
const { STSClient, GetCallerIdentityCommand } = require(${JSON.stringify(SDK)});
const client = new STSClient({});
const end = Date.now() + Number(process.argv[2]) * 1000;
(async () => {
  let failed = 0;
  while (Date.now() < end) {
    try {
      const r = await client.send(new GetCallerIdentityCommand({}));
      console.log("ok " + r.Arn);
    } catch (e) {
      failed++;
      console.log("FAIL " + e.name + ": " + e.message);
    }
    await new Promise((r) => setTimeout(r, 700));
  }
  process.exit(failed ? 1 : 0);
})();
`;
// CMD: both clients at once for DURATION seconds; the AWS CLI one process per call, as a
// script would run it.
const BOTH_LOOPS = `
node "$WORK/loop.cjs" "$DURATION" > "$WORK/js.log" 2>&1 &
js=$!
end=$((SECONDS + DURATION)); ok=0; failed=0
while [ $SECONDS -lt $end ]; do
  if aws sts get-caller-identity --query Arn --output text >> "$WORK/cli.log" 2>&1; then ok=$((ok+1)); else failed=$((failed+1)); fi
  sleep 1
done
wait $js; jsStatus=$?
echo "cli ok=$ok failed=$failed js=$jsStatus"
env | grep -c '^AWS_\\(ACCESS_KEY_ID\\|SECRET_ACCESS_KEY\\|SESSION_TOKEN\\)=' || true
`;

// CMD for the security checks: asks awsrole's endpoint as an attacker would, and prints what it got.
const PROBE = `
const http = require("node:http");
const net = require("node:net");
const url = new URL(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
const token = process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN;
const ask = (name, { method = "GET", path = url.pathname, headers = {}, setHost = false }) =>
  new Promise((resolve) => {
    const req = http.request({ host: "127.0.0.1", port: url.port, method, path, headers, setHost }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ name, status: res.statusCode, headers: res.headers, body }));
    });
    req.on("error", (e) => resolve({ name, error: e.code }));
    req.end();
  });
const host = url.host;
const wrong = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
const connect = (address) =>
  new Promise((resolve) => {
    const socket = net.connect({ host: address, port: Number(url.port) });
    socket.on("connect", () => { socket.destroy(); resolve("connected"); });
    socket.on("error", (e) => resolve(e.code));
  });
(async () => {
  const answers = [
    await ask("right", { headers: { host, authorization: token } }),
    await ask("no token", { headers: { host } }),
    await ask("wrong token", { headers: { host, authorization: wrong } }),
    await ask("token prefix", { headers: { host, authorization: token.slice(0, 20) } }),
    await ask("bearer", { headers: { host, authorization: "Bearer " + token } }),
    await ask("foreign host", { headers: { host: "attacker.example:" + url.port, authorization: token } }),
    await ask("localhost", { headers: { host: "localhost:" + url.port, authorization: token } }),
    await ask("no host", { headers: { authorization: token } }),
    await ask("post", { method: "POST", headers: { host, authorization: token } }),
    await ask("other path", { path: "/latest/meta-data", headers: { host, authorization: token } }),
    await ask("preflight", {
      method: "OPTIONS",
      headers: { host, origin: "http://attacker.example", "access-control-request-method": "GET" },
    }),
  ];
  const keys = Object.keys(process.env).filter((k) => /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|SECURITY_TOKEN|PROFILE)$/.test(k));
  console.log(JSON.stringify({ url: url.href, token, keys, answers, other: await connect("127.0.0.2") }));
  process.exit(7);
})();
`;

const haveTools = hasTool("aws") && hasTool("python3", ["-c", "import moto"]);
const LIFETIME = 20;
const DURATION = 45;

let sts: ExpiringSts;
const made: string[] = [];
const work = () => {
  const dir = mkdtempSync(join(tmpdir(), "awsrole-server-"));
  made.push(dir);
  writeFileSync(join(dir, "loop.cjs"), JS_LOOP);
  writeFileSync(join(dir, "probe.cjs"), PROBE);
  return dir;
};
const homeFor = () => {
  const home = makeHome(CONFIG, CREDENTIALS);
  made.push(home);
  return home;
};
const envFor = (home: string, dir: string, extra: Record<string, string> = {}) =>
  cleanEnv(home, { AWS_ENDPOINT_URL_STS: sts.url, WORK: dir, DURATION: String(DURATION), ...extra });

beforeAll(async () => {
  if (!haveTools) return;
  sts = await startExpiringSts();
});
afterAll(async () => {
  await sts?.stop();
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!haveTools)("exec --server", () => {
  it("keeps the AWS CLI and the JS SDK working across several expiries, renewing with the MFA session alone", async () => {
    sts.lifetimes.AssumeRole = LIFETIME;
    delete sts.lifetimes.GetSessionToken;
    const dir = work();
    const started = sts.calls.length;
    const r = await awsroleAlone(
      ["exec", "prod", "--server", "-t", "123456", "--", "bash", "-c", BOTH_LOOPS],
      envFor(homeFor(), dir),
    );
    const calls = sts.calls.slice(started);
    const js = readFileSync(join(dir, "js.log"), "utf8");
    const cli = readFileSync(join(dir, "cli.log"), "utf8");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const [summary, staticKeys] = r.stdout.trim().split("\n");
    // Every call succeeded, and CMD never held keys of its own.
    expect(summary).toMatch(/^cli ok=\d+ failed=0 js=0$/);
    expect(staticKeys).toBe("0");
    expect(js).not.toContain("FAIL");
    expect(
      cli
        .trim()
        .split("\n")
        .every((line) => line.startsWith(`arn:aws:sts::${ACCOUNT}:assumed-role/deployer/`)),
    ).toBe(true);

    // awsrole's calls: one MFA session with the code, then one AssumeRole per renewal signed
    // by that session, half a lifetime apart: nothing more.
    const own = calls.filter((c) => c.client === "awsrole");
    expect(own[0]).toMatchObject({ action: "GetSessionToken", signer: STATIC_KEY, tokenCode: "123456" });
    const mfaSession = own[0]?.issuedToken;
    expect(mfaSession).toBeTruthy();
    const roles = own.slice(1);
    expect(roles.every((c) => c.action === "AssumeRole" && c.signerToken === mfaSession && !c.tokenCode)).toBe(true);
    expect(roles.length).toBeGreaterThanOrEqual(Math.floor(DURATION / (LIFETIME / 2)));
    for (let i = 1; i < roles.length; i++) {
      expect((roles[i] as Call).at - (roles[i - 1] as Call).at).toBeGreaterThan((LIFETIME / 2 - 1) * 1000);
    }

    // The clients' calls: all accepted, each signed with a role session awsrole got, and the
    // keys changed as the sessions expired (the proxy refuses an expired one).
    const issued = roles.map((c) => c.issued);
    for (const client of ["cli", "js"] as const) {
      const mine = calls.filter((c) => c.client === client);
      expect(mine.length).toBeGreaterThan(5);
      expect(mine.every((c) => c.action === "GetCallerIdentity" && !c.rejected)).toBe(true);
      expect(mine.every((c) => issued.includes(c.signer))).toBe(true);
      expect(new Set(mine.map((c) => c.signer)).size).toBeGreaterThanOrEqual(4);
    }
  }, 120_000);

  it("gives its credentials only to a request with the run's token and its own Host, and ends with CMD", async () => {
    sts.lifetimes.AssumeRole = 900;
    delete sts.lifetimes.GetSessionToken;
    const dir = work();
    const env = envFor(homeFor(), dir);
    const runProbe = () =>
      awsroleAlone(["exec", "prod", "--server", "-t", "123456", "--", "node", join(dir, "probe.cjs")], env);
    const r = await runProbe();
    // CMD's exit status is awsrole's.
    expect(r.status).toBe(7);
    expect(r.stderr).toBe("");
    const seen = JSON.parse(r.stdout);
    expect(seen.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(seen.token.length).toBeGreaterThanOrEqual(40);
    expect(seen.keys).toEqual([]);
    const status = Object.fromEntries(seen.answers.map((a: { name: string; status: number }) => [a.name, a.status]));
    expect(status).toEqual({
      right: 200,
      "no token": 401,
      "wrong token": 401,
      "token prefix": 401,
      bearer: 401,
      "foreign host": 403,
      localhost: 403,
      // Node's server refuses an HTTP/1.1 request without Host itself.
      "no host": 400,
      post: 405,
      "other path": 404,
      preflight: 401,
    });
    const right = JSON.parse(seen.answers[0].body);
    expect(Object.keys(right).sort()).toEqual(["AccessKeyId", "Expiration", "SecretAccessKey", "Token"]);
    expect(right.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    for (const answer of seen.answers.slice(1)) {
      expect(answer.body).not.toContain(right.AccessKeyId);
      expect(answer.body).not.toContain(right.SecretAccessKey);
      expect(answer.body).not.toContain(right.Token);
    }
    for (const answer of seen.answers) {
      expect(Object.keys(answer.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
    }
    // Bound to 127.0.0.1 alone: another loopback address is refused.
    expect(seen.other).toBe("ECONNREFUSED");
    // The server ended with CMD.
    const after = await fetch(seen.url, { headers: { authorization: seen.token } }).then(
      () => "answered",
      (e) => e.cause?.code,
    );
    expect(after).toBe("ECONNREFUSED");
    // A new token every run.
    const again = JSON.parse((await runProbe()).stdout);
    expect(again.token).not.toBe(seen.token);
  });

  it("when a renewal needs an MFA code and there is no terminal, CMD's SDKs get an error and awsrole says so once", async () => {
    sts.lifetimes.AssumeRole = 6;
    sts.lifetimes.GetSessionToken = 6;
    const dir = work();
    const started = sts.calls.length;
    const script = `sleep 7
aws sts get-caller-identity > "$WORK/cli.log" 2>&1; echo "cli=$?"
DURATION=1 node "$WORK/loop.cjs" 1 > "$WORK/js.log" 2>&1; echo "js=$?"
sleep 6`;
    const r = await awsroleAlone(
      ["exec", "prod", "--server", "-t", "123456", "--", "bash", "-c", script],
      envFor(homeFor(), dir),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("cli=255\njs=1\n");
    const cli = readFileSync(join(dir, "cli.log"), "utf8");
    expect(cli).toContain("503");
    expect(cli).toContain("needs a new MFA code");
    // The JS SDK drops the body (fromHttp keeps only the status, then the chain's own message):
    // the README says its users find the reason on awsrole's stderr.
    expect(readFileSync(join(dir, "js.log"), "utf8")).toMatch(
      /^FAIL CredentialsProviderError: Could not load credentials from any providers$/m,
    );
    const lines = r.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    // Only what can reach a running server: another awsrole run (not -t or AWSROLE_TOKEN_CODE).
    expect(lines[0]).toMatch(
      /^awsrole: renewing the session of "prod" for "bash" needs a new MFA code, .* run `awsrole prod -q >\/dev\/null` \(or any awsrole run of prod\) in another terminal; awsrole picks up that session within 10 seconds\. \("bash" keeps its current keys until \d\d:\d\d, then gets this error from the SDK\.\)$/,
    );
    expect(lines[0]).not.toMatch(/token-code|-t |AWSROLE_TOKEN_CODE/);
    // Only the first session's calls: a renewal that needs a code calls nothing without one.
    expect(sts.calls.slice(started).map((c) => c.action)).toEqual(["GetSessionToken", "AssumeRole"]);
  }, 60_000);

  it.runIf(hasTool("tmux", ["-V"]))(
    "when a renewal needs an MFA code, never takes the terminal from CMD: one line, and another awsrole run renews it",
    async () => {
      // The first MFA session ends with the first role session: the first renewal needs a code.
      sts.lifetimes.AssumeRole = 6;
      sts.lifetimes.GetSessionToken = [6];
      const dir = work();
      const started = sts.calls.length;
      const env = envFor(homeFor(), dir, { TERM: "xterm" });
      const exports = Object.entries(env)
        .map(([k, v]) => `export ${k}='${v.replaceAll("'", "'\\''")}'`)
        .join("\n");
      // CMD reads a line from the keyboard, then, once the first keys have expired, calls AWS
      // until it gets an answer (503 until the server has found the new MFA session).
      const cmd = `read -r line; echo "got=$line" > "$WORK/read.log"; sleep 5; until aws sts get-caller-identity --query Arn --output text > "$WORK/cli.log" 2>&1; do sleep 1; done; stty -a > "$WORK/stty.log"`;
      writeFileSync(
        join(dir, "run.sh"),
        `${exports}\nnode ${CLI} exec prod --server -t 123456 -- bash -c '${cmd}'; echo "status=$?" > "$WORK/done"\nsleep 30\n`,
      );
      const socket = `awsrole-server-${process.pid}`;
      const tmux = (...args: string[]) => runTool("tmux", ["-L", socket, ...args]);
      const screen = () => tmux("capture-pane", "-p", "-J", "-t", "t");
      let seen = "";
      try {
        await tmux(
          "new-session",
          "-d",
          "-s",
          "t",
          "-x",
          "150",
          "-y",
          "40",
          `bash --norc --noprofile ${join(dir, "run.sh")}`,
        );
        const waitFor = async (found: () => Promise<boolean> | boolean) => {
          for (let i = 0; i < 300; i++) {
            if (await found()) return;
            await new Promise((r) => setTimeout(r, 100));
          }
          throw new Error(`timed out; screen:\n${await screen()}`);
        };
        await waitFor(async () => (await screen()).includes("needs a new MFA code"));
        // The keys typed go to CMD, not to a prompt of awsrole's.
        await tmux("send-keys", "-t", "t", "hello", "Enter");
        await waitFor(() => existsSync(join(dir, "read.log")));
        // What the line says to do, from another terminal: the server finds the new MFA session in the cache.
        const other = await awsroleAlone(["prod", "-t", "654321", "-q"], env, 20_000);
        expect(other.status).toBe(0);
        await waitFor(() => existsSync(join(dir, "done")));
        seen = await screen();
      } finally {
        await tmux("kill-server");
      }
      expect(readFileSync(join(dir, "read.log"), "utf8")).toBe("got=hello\n");
      expect(readFileSync(join(dir, "done"), "utf8")).toBe("status=0\n");
      expect(readFileSync(join(dir, "cli.log"), "utf8")).toMatch(/^arn:aws:sts::\d+:assumed-role\/deployer\//);
      // The terminal was left as CMD had it (cooked, echoing).
      expect(readFileSync(join(dir, "stty.log"), "utf8")).toMatch(/ icanon .* echo /s);
      expect(seen).not.toContain("Enter MFA code");
      expect(seen.split("needs a new MFA code")).toHaveLength(2);
      const own = sts.calls.slice(started).filter((c) => c.client === "awsrole");
      expect(own.slice(0, 3).map((c) => [c.action, c.tokenCode])).toEqual([
        ["GetSessionToken", "123456"],
        ["AssumeRole", undefined],
        ["GetSessionToken", "654321"],
      ]);
      // The rest (the other run's role and the server's renewals) use that MFA session: no more codes.
      const mfaSession = own[2]?.issuedToken;
      expect(own.slice(3).every((c) => c.action === "AssumeRole" && c.signerToken === mfaSession)).toBe(true);
      expect(own.length).toBeGreaterThanOrEqual(5);
    },
    90_000,
  );

  it("keeps the AWS CLI's older sources of keys from CMD: boto's [Credentials] and AWS_CREDENTIAL_FILE", async () => {
    sts.lifetimes.AssumeRole = 900;
    delete sts.lifetimes.GetSessionToken;
    const dir = work();
    const home = homeFor();
    // botocore reads both before the container endpoint (boto-config, ec2-credentials-file).
    const userKeys = "[Credentials]\naws_access_key_id = AKIABOTOEXAMPLE\naws_secret_access_key = boto-secret\n";
    writeFileSync(join(home, ".boto"), userKeys);
    writeFileSync(join(dir, "ec2-keys"), "AWSAccessKeyId=AKIAEC2FILEEXAMPLE\nAWSSecretKey=ec2-secret\n");
    writeFileSync(join(dir, "boto.cfg"), userKeys.replace("BOTO", "BOTOENV"));
    const arn = [
      "exec",
      "prod",
      "--server",
      "-t",
      "123456",
      "--",
      "aws",
      "sts",
      "get-caller-identity",
      "--query",
      "Arn",
    ];
    const runs = [
      await awsroleAlone([...arn], envFor(home, dir)),
      await awsroleAlone([...arn], envFor(home, dir, { AWS_CREDENTIAL_FILE: join(dir, "ec2-keys") })),
      await awsroleAlone([...arn], envFor(home, dir, { BOTO_CONFIG: join(dir, "boto.cfg") })),
    ];
    for (const r of runs) {
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(new RegExp(`^"arn:aws:sts::${ACCOUNT}:assumed-role/deployer/`));
    }
  });

  it("inside CMD, awsrole status reports the served role, and a nested run that needs the credentials file says why it has none", async () => {
    sts.lifetimes.AssumeRole = 900;
    delete sts.lifetimes.GetSessionToken;
    const script = `node ${CLI} status; echo "status=$?"; node ${CLI} status --offline; node ${CLI} prod -t 654321 >/dev/null; echo "nested=$?"`;
    const r = await awsroleAlone(
      ["exec", "prod", "--server", "-t", "123456", "--", "bash", "-c", script],
      envFor(homeFor(), work()),
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(
        `^arn +arn:aws:sts::${ACCOUNT}:assumed-role/deployer/.*\\naccount +${ACCOUNT}\\nserved +by awsrole exec --server for prod at http://127\\.0\\.0\\.1:\\d+/, renewed while the command runs\\nprofile +prod\\nexpires +\\S+ \\(1[45]m left\\)\\nstatus=0\\nprod served\\nnested=2\\n$`,
      ),
    );
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(
      /\(This runs inside awsrole exec --server for prod, which gives its command AWS_SHARED_CREDENTIALS_FILE=\/dev\/null so that \[default\]'s keys do not replace the role: run this outside it\.\)\n$/,
    );
  });

  it("passes on the signal that killed CMD", async () => {
    sts.lifetimes.AssumeRole = 900;
    delete sts.lifetimes.GetSessionToken;
    const r = await awsroleAlone(
      ["exec", "prod", "--server", "-t", "123456", "--", "bash", "-c", "kill -TERM $$"],
      envFor(homeFor(), work()),
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe("signal SIGTERM");
  });
});

describe("exec --server is refused where it cannot serve", () => {
  it.each([
    [["prod", "--server", "-f", "bash"], "--server serves the role to a command"],
    [["list", "--server"], "--server serves the role to a command"],
    [["status", "--server"], "--server serves the role to a command"],
    [
      ["exec", "prod", "--server", "--format", "json", "--", "true"],
      "it takes no --write-profile, --unset or --format",
    ],
    [["exec", "session-keys", "--server", "--", "true"], "already a session (aws_session_token)"],
    // Known only once the process has run (it makes no STS call): still before CMD starts.
    [
      ["exec", "process-session", "--server", "--", "true"],
      'the credentials of "process-session" (from its credential_process, which awsrole ran to find out) are a session without Expiration',
    ],
  ])("%j", async (args, message) => {
    const home = homeFor();
    // An unreachable STS: a refusal comes before any call.
    const r = await awsroleAlone(args, cleanEnv(home, { AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9" }), 20_000);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});
