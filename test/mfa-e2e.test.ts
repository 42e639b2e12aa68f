// MFA asked once, end to end: the built CLI against moto behind a counting proxy, the AWS CLI
// sharing the cache both ways, and the prompt typed into a real terminal (tmux).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cacheDir } from "../src/credentials/cache.js";
import { awsrole, CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const CONFIG = `[profile handson-admin]
role_arn = arn:aws:iam::123456789012:role/Myhandson-cli-role
source_profile = handson-cli-usr
mfa_serial = arn:aws:iam::123456789012:mfa/handson-cli-usr

[profile handson-readonly]
role_arn = arn:aws:iam::123456789012:role/Myhandson-readonly
source_profile = handson-cli-usr
mfa_serial = arn:aws:iam::123456789012:mfa/handson-cli-usr

[profile target1]
role_arn = arn:aws:iam::333344445555:role/target1-role
source_profile = handson-cli-usr
`;
const CREDENTIALS = `[handson-cli-usr]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`;

const haveAws = hasTool("aws");
const haveTmux = hasTool("tmux", ["-V"]);
// tmux's socket in the run's temporary folder: kill-server leaves it behind in /tmp/tmux-UID.
const tmuxBase = { PATH: process.env.PATH ?? "", TMUX_TMPDIR: tmpdir() };
const haveSetsid = hasTool("setsid", ["--version"]);

let sts: StsServer;
beforeAll(async () => {
  sts = await startStsServer();
});
afterAll(() => sts?.stop());

function freshUser() {
  const home = makeHome(CONFIG, CREDENTIALS);
  return { home, env: cleanEnv(home, { AWS_ENDPOINT_URL_STS: sts.url, AWS_DEFAULT_REGION: "us-east-1" }) };
}

/** What awsrole (not the AWS CLI's own identity checks) sent to STS since `from`. */
const callsSince = (from: number) => sts.requests.slice(from).filter((r) => r.Action !== "GetCallerIdentity");

describe("one MFA code for many roles", () => {
  it("caches: a second run makes no STS call, a second role sends no code, --refresh calls again", async () => {
    const { env } = freshUser();
    let from = sts.requests.length;
    expect((await awsrole(["handson-admin", "-t", "123456", "-f", "bash"], env)).status).toBe(0);
    expect(callsSince(from).map((c) => c.Action)).toEqual(["GetSessionToken", "AssumeRole"]);
    expect(callsSince(from)[0]).toMatchObject({ TokenCode: "123456", DurationSeconds: "28800" });
    expect(callsSince(from)[1]).not.toHaveProperty("TokenCode");

    from = sts.requests.length;
    const hit = await awsrole(["handson-admin", "-f", "bash"], env);
    expect(hit.status).toBe(0);
    expect(hit.stdout).toContain("export AWS_SESSION_TOKEN=");
    expect(callsSince(from)).toEqual([]);

    from = sts.requests.length;
    expect((await awsrole(["handson-readonly", "-f", "bash"], env)).status).toBe(0);
    expect(callsSince(from)).toHaveLength(1);
    expect(callsSince(from)[0]).toMatchObject({
      Action: "AssumeRole",
      RoleArn: "arn:aws:iam::123456789012:role/Myhandson-readonly",
    });
    expect(callsSince(from)[0]).not.toHaveProperty("TokenCode");

    from = sts.requests.length;
    expect((await awsrole(["handson-admin", "--refresh", "-f", "bash"], env)).status).toBe(0);
    expect(callsSince(from).map((c) => c.Action)).toEqual(["AssumeRole"]);
  });

  it("two processes at once both succeed and leave a valid entry", async () => {
    const { home, env } = freshUser();
    const [a, b] = await Promise.all([
      awsrole(["target1", "-f", "json"], env),
      awsrole(["target1", "-f", "json"], env),
    ]);
    expect([a.status, b.status]).toEqual([0, 0]);
    const entries = readdirSync(cacheDir(home) as string);
    expect(entries).toHaveLength(1);
    expect(
      JSON.parse(readFileSync(join(cacheDir(home) as string, entries[0] as string), "utf8")).Credentials.SessionToken,
    ).toBeTruthy();
  });

  it.runIf(haveSetsid)("with no terminal and no code: exit 2 within a second, naming --token-code", async () => {
    const { env } = freshUser();
    const from = sts.requests.length;
    const started = Date.now();
    const r = await run("setsid", ["-w", "node", CLI, "handson-admin", "-f", "bash"], env);
    expect(Date.now() - started).toBeLessThan(1000 + 500);
    expect(r).toMatchObject({ status: 2, stdout: "" });
    expect(r.stderr).toMatch(/no terminal to ask on\. Pass --token-code CODE/);
    expect(callsSince(from)).toEqual([]);
  });
});

describe.runIf(haveAws && haveSetsid)("the AWS CLI shares the cache", () => {
  const whoAmI = (profile: string, env: Record<string, string>) =>
    run(
      "setsid",
      ["-w", "aws", "--profile", profile, "sts", "get-caller-identity", "--query", "Arn", "--output", "text"],
      env,
    );

  it("uses a session awsrole cached, without asking for a code", async () => {
    const { env } = freshUser();
    expect((await awsrole(["handson-admin", "-t", "123456", "-q", "-f", "bash"], env)).status).toBe(0);
    const from = sts.requests.length;
    const r = await whoAmI("handson-admin", env);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toMatch(/^arn:aws:sts::123456789012:assumed-role\/Myhandson-cli-role\//);
    expect(sts.requests.slice(from).map((c) => c.Action)).toEqual(["GetCallerIdentity"]);
  });

  it("and awsrole uses a session the AWS CLI cached", async () => {
    const { env } = freshUser();
    expect((await whoAmI("target1", env)).status).toBe(0);
    const from = sts.requests.length;
    const r = await awsrole(["target1", "-f", "json"], env);
    expect(r.status).toBe(0);
    expect(callsSince(from)).toEqual([]);
  });
});

describe.runIf(haveTmux && haveAws)("the prompt, in a real terminal", () => {
  const socket = `awsrole-test-${process.pid}`;
  afterAll(() => run("tmux", ["-L", socket, "kill-server"], tmuxBase));

  /** Starts a script in a tmux pane and returns helpers to read the screen and type. */
  async function terminal(name: string, script: string, env: Record<string, string>) {
    const file = join(env.HOME as string, `${name}.sh`);
    const exports = Object.entries(env)
      .map(([k, v]) => `export ${k}='${v.replaceAll("'", "'\\''")}'`)
      .join("\n");
    writeFileSync(file, `${exports}\n${script}\n`);
    const tmuxEnv = { ...tmuxBase, TERM: "xterm" };
    expect(
      (
        await run(
          "tmux",
          ["-L", socket, "new-session", "-d", "-s", name, "-x", "150", "-y", "40", `bash --norc --noprofile ${file}`],
          tmuxEnv,
        )
      ).status,
    ).toBe(0);
    const screen = async () => (await run("tmux", ["-L", socket, "capture-pane", "-p", "-t", name], tmuxEnv)).stdout;
    const waitFor = async (pattern: RegExp | (() => boolean)) => {
      for (let i = 0; i < 150; i++) {
        if (typeof pattern === "function" ? pattern() : pattern.test(await screen())) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for ${pattern}; screen:\n${await screen()}`);
    };
    const type = (...keys: string[]) => run("tmux", ["-L", socket, "send-keys", "-t", name, ...keys], tmuxEnv);
    return { screen, waitFor, type };
  }

  it("takes the code typed at the prompt, asks again for a malformed one, and the shell holds the role", async () => {
    const { home, env } = freshUser();
    const from = sts.requests.length;
    const out = join(home, "out");
    const t = await terminal(
      "prompt",
      `eval "$(node ${CLI} handson-admin -f bash)"\naws sts get-caller-identity --query Arn --output text > ${out}.tmp; mv ${out}.tmp ${out}\nsleep 30`,
      env,
    );
    await t.waitFor(/Enter MFA code for arn:aws:iam::123456789012:mfa\/handson-cli-usr \(profile handson-admin\):/);
    await t.type("12345", "Enter");
    await t.waitFor(/That is not six digits/);
    await t.type("654321", "Enter");
    await t.waitFor(() => existsSync(out));
    expect(readFileSync(out, "utf8").trim()).toMatch(/^arn:aws:sts::123456789012:assumed-role\/Myhandson-cli-role\//);
    // Nothing typed is echoed: each prompt line ends at its colon.
    expect(await t.screen()).not.toMatch(/:\s*\d+\s*$/m);
    const calls = callsSince(from);
    expect(calls.map((c) => c.Action)).toEqual(["GetSessionToken", "AssumeRole"]);
    expect(calls[0]?.TokenCode).toBe("654321");
  });

  it("exits 130 with stdout empty on Ctrl-C", async () => {
    const { home, env } = freshUser();
    const out = join(home, "rc");
    const t = await terminal(
      "interrupt",
      `node ${CLI} handson-admin -f bash > ${home}/stdout; echo $? > ${out}.tmp; mv ${out}.tmp ${out}\nsleep 30`,
      env,
    );
    await t.waitFor(/Enter MFA code/);
    await t.type("12", "C-c");
    await t.waitFor(() => existsSync(out));
    expect(readFileSync(out, "utf8").trim()).toBe("130");
    expect(readFileSync(join(home, "stdout"), "utf8")).toBe("");
  });

  it("ends the prompt with exit 2 and a clear line on Ctrl-D", async () => {
    const { home, env } = freshUser();
    const out = join(home, "rc");
    const t = await terminal(
      "eof",
      `node ${CLI} handson-admin -f bash > ${home}/stdout 2> ${home}/stderr; echo $? > ${out}.tmp; mv ${out}.tmp ${out}\nsleep 30`,
      env,
    );
    await t.waitFor(/Enter MFA code/);
    await t.type("C-d");
    await t.waitFor(() => existsSync(out));
    expect(readFileSync(out, "utf8").trim()).toBe("2");
    expect(readFileSync(join(home, "stdout"), "utf8")).toBe("");
    expect(readFileSync(join(home, "stderr"), "utf8")).toMatch(/no MFA code was entered \(Ctrl-D\)/);
  });

  it("exec: one Ctrl-C reaches the child once, and the child's environment holds nothing of awsrole's", async () => {
    const { home, env } = freshUser();
    const count = join(home, "count");
    const child = `let n = 0; const fs = require("fs"); fs.writeFileSync("${home}/ready", JSON.stringify(process.env)); process.on("SIGINT", () => { n++; fs.writeFileSync("${count}.tmp", String(n)); setTimeout(() => { fs.renameSync("${count}.tmp", "${count}"); process.exit(0); }, 700); }); setInterval(() => {}, 1000);`;
    writeFileSync(join(home, "child.js"), child);
    const t = await terminal(
      "exec-once",
      `AWSROLE_TOKEN_CODE=123456 node ${CLI} exec handson-admin -- node ${home}/child.js; echo "exit=$?" > ${home}/status\nsleep 30`,
      env,
    );
    await t.waitFor(() => existsSync(join(home, "ready")));
    await t.type("C-c");
    await t.waitFor(() => existsSync(count) && existsSync(join(home, "status")));
    expect(readFileSync(count, "utf8")).toBe("1");
    expect(readFileSync(join(home, "status"), "utf8").trim()).toBe("exit=0");
    const childEnv = JSON.parse(readFileSync(join(home, "ready"), "utf8"));
    expect(childEnv.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/);
    expect(childEnv).not.toHaveProperty("AWSROLE_TOKEN_CODE");
    expect(childEnv).not.toHaveProperty("AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED");
  });

  it("exec: a SIGHUP sent to awsrole alone reaches the child once; closing the terminal sends it one SIGHUP, not two", async () => {
    const { home, env } = freshUser();
    // The child counts SIGHUPs in a file and stays a while, so that a second one would be counted.
    const child = (name: string) =>
      `const fs = require("fs"); let n = 0; process.on("SIGHUP", () => { n++; fs.writeFileSync("${home}/${name}.tmp", String(n)); fs.renameSync("${home}/${name}.tmp", "${home}/${name}"); setTimeout(() => process.exit(0), 1500); }); fs.writeFileSync("${home}/${name}.pid", String(process.ppid)); setInterval(() => {}, 1000);`;
    writeFileSync(join(home, "alone.js"), child("alone"));
    writeFileSync(join(home, "hangup.js"), child("hangup"));
    const exec = (name: string) =>
      `AWSROLE_TOKEN_CODE=123456 node ${CLI} exec handson-admin -- node ${home}/${name}.js`;
    await terminal("exec-hup-alone", `${exec("alone")}\nsleep 30`, env);
    await terminal("exec-hup-close", `${exec("hangup")}\nsleep 30`, env);
    const pidFile = (name: string) => join(home, `${name}.pid`);
    for (let i = 0; i < 150 && !(existsSync(pidFile("alone")) && existsSync(pidFile("hangup"))); i++)
      await new Promise((r) => setTimeout(r, 100));
    // The terminal is there: a SIGHUP to awsrole's pid alone is passed on.
    process.kill(Number(readFileSync(pidFile("alone"), "utf8")), "SIGHUP");
    // The terminal goes away: the kernel sends the job SIGHUP, and awsrole does not add its own.
    await run("tmux", ["-L", socket, "kill-session", "-t", "exec-hup-close"], tmuxBase);
    await new Promise((r) => setTimeout(r, 1200));
    expect(existsSync(join(home, "alone")) ? readFileSync(join(home, "alone"), "utf8") : "none").toBe("1");
    expect(existsSync(join(home, "hangup")) ? readFileSync(join(home, "hangup"), "utf8") : "none").toBe("1");
  });

  it("exec: a child killed by Ctrl-C kills awsrole by the same signal, so a shell loop stops", async () => {
    const { home, env } = freshUser();
    const log = join(home, "log");
    const t = await terminal(
      "exec-loop",
      `export AWSROLE_TOKEN_CODE=123456\nfor i in 1 2 3; do node ${CLI} exec handson-admin -- sh -c 'echo started > ${home}/started; exec sleep 5'; echo "after $i rc=$?" >> ${log}; done\necho loop-ended >> ${log}\nsleep 30`,
      env,
    );
    await t.waitFor(() => existsSync(join(home, "started")));
    await t.type("C-c");
    await new Promise((r) => setTimeout(r, 1500));
    // bash saw awsrole die of SIGINT and ended the script: no second round, no line after the loop.
    expect(existsSync(log) ? readFileSync(log, "utf8") : "").toBe("");
  });
});
