// `awsrole exec` ends as the command it ran ended: killed by a signal, it dies by the same signal
// (the parent sees WIFSIGNALED and the shell 128+N), never through a handler of Node's (SIGUSR1
// would open Node's debugger, SIGPIPE is ignored by Node). A session in the cache, so no STS.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { hasTool } from "./helpers/tools.js";

const ROLE = "arn:aws:iam::123456789012:role/r";
/** Signals whose default action is not to end a process: no command dies of them. */
const NOT_DEADLY = new Set(["SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGWINCH"]);
/** Every signal a command can die of, by number, under its first name (SIGABRT, not SIGIOT). */
const DEADLY: { name: string; number: number }[] = [];
for (const [name, number] of Object.entries(constants.signals))
  if (!NOT_DEADLY.has(name) && !DEADLY.some((s) => s.number === number)) DEADLY.push({ name, number });

let home: string;
let env: Record<string, string>;
beforeAll(() => {
  home = makeHome(
    `[profile p]\nrole_arn = ${ROLE}\nsource_profile = s\n`,
    "[s]\naws_access_key_id = AKIAX\naws_secret_access_key = secretsecret\n",
  );
  // A session in the AWS CLI's cache under botocore's key for profile p: exec makes no call.
  const key = createHash("sha1").update(`{"RoleArn": "${ROLE}"}`).digest("hex");
  const expiration = new Date(Date.now() + 3600_000).toISOString();
  mkdirSync(join(home, ".aws", "cli", "cache"), { recursive: true });
  writeFileSync(
    join(home, ".aws", "cli", "cache", `${key}.json`),
    JSON.stringify({
      Credentials: {
        AccessKeyId: "ASIAX",
        SecretAccessKey: "sessionsecret",
        SessionToken: "t",
        Expiration: expiration,
      },
    }),
  );
  env = cleanEnv(home, { AWS_ENDPOINT_URL_STS: "http://127.0.0.1:9" });
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

it("covers at least the deadly signals a terminal, a supervisor or a crash sends", () => {
  const names = DEADLY.map((s) => s.name);
  for (const name of ["HUP", "INT", "QUIT", "ABRT", "USR1", "USR2", "PIPE", "TERM", "KILL", "SEGV"])
    expect(names).toContain(`SIG${name}`);
});

describe("exec dies by the signal that killed the command", () => {
  it.runIf(hasTool("python3"))("as a parent's waitpid sees it: WIFSIGNALED, WTERMSIG, nothing from Node", async () => {
    // One python3 parent runs every case: os.waitpid's raw status, read with WIFSIGNALED. No core
    // files: the limit is 0 for awsrole and the command.
    const script = `
import json, os, resource, subprocess, sys
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
out = {}
for number in json.loads(sys.argv[1]):
    child = subprocess.Popen(["node", sys.argv[2], "exec", "p", "--", "sh", "-c", "kill -%d $$" % number],
                             stderr=subprocess.PIPE, cwd=sys.argv[3], restore_signals=True)
    stderr = child.stderr.read().decode()
    _, status = os.waitpid(child.pid, 0)
    out[number] = [os.WIFSIGNALED(status), os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                   os.WEXITSTATUS(status) if os.WIFEXITED(status) else None, stderr]
print(json.dumps(out))
`;
    const r = await run("python3", ["-c", script, JSON.stringify(DEADLY.map((s) => s.number)), CLI, home], env, {
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const seen = JSON.parse(r.stdout) as Record<string, [boolean, number | null, number | null, string]>;
    for (const { name, number } of DEADLY) {
      const [signaled, termsig, exit, stderr] = seen[number] ?? [];
      expect({ name, signaled, termsig, exit, stderr }).toEqual({
        name,
        signaled: true,
        termsig: number,
        exit: null,
        stderr: "",
      });
    }
  });

  it.runIf(hasTool("bash"))("as the shell's $? says: 128+N for each", async () => {
    const lines = DEADLY.map(
      ({ number }) => `node '${CLI}' exec p -- sh -c 'kill -${number} $$' 2>>'${home}/stderr'; echo "${number} $?"`,
    );
    const r = await run("bash", ["-c", `ulimit -c 0; cd '${home}'\n${lines.join("\n")}`], env, { timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const expected = DEADLY.map(({ number }) => `${number} ${128 + number}`).join("\n");
    expect(r.stdout.trim()).toBe(expected);
    expect(existsSync(join(home, "stderr")) ? readFileSync(join(home, "stderr"), "utf8") : "").toBe("");
  });
});

it("a SIGUSR1 sent to awsrole while the command runs reaches the command, and no debugger opens", async () => {
  const started = join(home, "started");
  const child = spawn("node", [CLI, "exec", "p", "--", "sh", "-c", `echo > '${started}'; exec sleep 20`], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  const ended = new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on("exit", (code, signal) => done([code, signal])),
  );
  try {
    for (let i = 0; i < 200 && !existsSync(started); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGUSR1");
    const result = await Promise.race([ended, new Promise((r) => setTimeout(() => r("still running"), 3000))]);
    expect(stderr).not.toContain("Debugger");
    expect(result).toEqual([null, "SIGUSR1"]);
  } finally {
    child.kill("SIGKILL");
    rmSync(started, { force: true });
  }
});

it.each([
  ["SIGINT", 9],
  ["SIGQUIT", 10],
] as const)(
  "a %s sent to awsrole alone, with no terminal (a supervisor's kill), reaches the command",
  async (signal, exit) => {
    const started = join(home, `started-${signal}`);
    const trap = `trap 'exit ${exit}' ${signal.slice(3)}; echo > '${started}'; while :; do sleep 0.1; done`;
    // detached: a session of its own, so no terminal, whatever terminal the tests run from.
    const child = spawn("node", [CLI, "exec", "p", "--", "sh", "-c", trap], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
      detached: true,
    });
    const ended = new Promise<[number | null, NodeJS.Signals | null]>((done) =>
      child.on("exit", (code, signal) => done([code, signal])),
    );
    try {
      for (let i = 0; i < 200 && !existsSync(started); i++) await new Promise((r) => setTimeout(r, 50));
      child.kill(signal);
      const result = await Promise.race([ended, new Promise((r) => setTimeout(() => r("still running"), 3000))]);
      expect(result).toEqual([exit, null]);
    } finally {
      child.kill("SIGKILL");
      rmSync(started, { force: true });
    }
  },
);
