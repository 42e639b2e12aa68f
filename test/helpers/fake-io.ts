import { appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StsCaller } from "../../src/credentials/caller.js";
import { StsFailure } from "../../src/credentials/caller.js";
import { run } from "../../src/main.js";
import type { Io } from "../../src/system/io.js";
import { readText } from "../../src/system/process.js";

// The files live in memory at these paths; each run gets a fresh temporary HOME for the session
// cache (or the one a test passes to share it), never the machine's own.
export const CONFIG = "/aws/config";
export const CREDENTIALS = "/aws/credentials";
export const tempHome = () => mkdtempSync(join(tmpdir(), "awsrole-unit-"));
export const SOURCE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
export const SESSION_SECRET = "sessionSECRETsessionSECRETsessionSECRET1";
export const SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKENvalueEXAMPLETOKENvalue+/=";

interface StsCall {
  action: string;
  input?: unknown;
}

/** An STS stand-in that records calls and answers with a session, or with `fail`'s error. */
function fakeSts(fail?: () => Error | undefined): { sts: StsCaller; calls: StsCall[] } {
  const calls: StsCall[] = [];
  const answer = (action: string, input?: unknown) => {
    calls.push({ action, input });
    const error = fail?.();
    if (error) throw error;
    return {
      credentials: {
        accessKeyId: "ASIAEXAMPLE",
        secretAccessKey: SESSION_SECRET,
        sessionToken: SESSION_TOKEN,
        expiration: new Date("2026-11-23T03:00:00Z"),
      },
      arn: "arn:aws:sts::123456789012:assumed-role/admin/awsrole-user",
    };
  };
  const sts: StsCaller = {
    sourceCredentials: async (source) => {
      calls.push({ action: "sourceCredentials", input: source });
      const error = fail?.();
      if (error) throw error;
      return { accessKeyId: "AKIADEFAULT", secretAccessKey: "default-secret-default-secret" };
    },
    assumeRole: async (_c, _r, input) => answer("AssumeRole", input),
    assumeRoleWithWebIdentity: async (_r, input) => answer("AssumeRoleWithWebIdentity", input),
    getSessionToken: async (_c, _r, input) => answer("GetSessionToken", input),
    getCallerIdentity: async () => {
      calls.push({ action: "GetCallerIdentity" });
      const error = fail?.();
      if (error) throw error;
      return { arn: "arn:aws:sts::123456789012:assumed-role/admin/x", account: "123456789012" };
    },
  };
  return { sts, calls };
}

export const stsError = (code: string, message: string, network = false, errno?: string) =>
  new StsFailure(code, message, network, errno);

export interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
  calls: StsCall[];
  spawned: { command: string; args: readonly string[]; env: NodeJS.ProcessEnv }[];
  died: NodeJS.Signals[];
  /** The URLs given to openUrl (console --open). */
  opened: string[];
}

/** Runs the CLI in-process, with files in memory and an STS stand-in. */
export async function runCli(
  argv: string[],
  options: {
    files?: Record<string, string>;
    env?: NodeJS.ProcessEnv;
    fail?: () => Error | undefined;
    stdoutIsTTY?: boolean;
    prompt?: (message: string) => Promise<string | undefined>;
    home?: string;
    platform?: string;
    /** Told each path awsrole reads. */
    onRead?: (path: string) => void;
  } = {},
): Promise<Outcome> {
  const { sts, calls } = fakeSts(options.fail);
  const spawned: Outcome["spawned"] = [];
  const died: NodeJS.Signals[] = [];
  const opened: string[] = [];
  let stdout = "";
  let stderr = "";
  const files = options.files ?? {};
  const io: Io = {
    argv,
    env: { AWS_CONFIG_FILE: CONFIG, AWS_SHARED_CREDENTIALS_FILE: CREDENTIALS, ...options.env },
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutIsTTY: () => options.stdoutIsTTY ?? false,
    stderrIsTTY: () => false,
    readFile: (path) => {
      options.onRead?.(path);
      return files[path] ?? readIfReal(path);
    },
    home: options.home ?? tempHome(),
    get writableHome() {
      return this.home;
    },
    userName: () => "user",
    platform: options.platform ?? "linux",
    parentName: () => "bash",
    now: () => new Date("2026-11-23T02:00:00Z"),
    sts: async () => sts,
    prompt: options.prompt ?? (async () => undefined),
    runMfaProcess: (command) => {
      if (command === "fail") throw new Error("exit 1");
      return command;
    },
    terminalWidth: 80,
    runCredentialProcess: (command) => {
      if (command === "fail") throw new Error("exit 1");
      // A command named "session…" prints temporary credentials, as SSO helpers and saml2aws do.
      if (command.startsWith("session"))
        return JSON.stringify({
          Version: 1,
          AccessKeyId: "ASIAPROCESS",
          SecretAccessKey: "process-session-secret",
          SessionToken: "process-session-token",
          Expiration: "2026-11-23T02:45:00Z",
        });
      return JSON.stringify({ Version: 1, AccessKeyId: "AKIAPROCESS", SecretAccessKey: "process-secret-process" });
    },
    runTokenProgram: () => "buildkite.jwt.token",
    fetchText: async (url) =>
      url.includes("Action=getSigninToken")
        ? { status: 200, text: '{"SigninToken":"TOKEN"}' }
        : { status: 200, text: '{"value":"github.jwt.token"}' },
    // Commands are not looked for: `exec -- four` reaches the fake runChild (see exec.test.ts for a missing one).
    findProgram: (command) => command !== "no-such-command",
    runChild: async (command, args, env) => {
      spawned.push({ command, args, env });
      return { code: 7 };
    },
    dieBy: (signal) => {
      died.push(signal);
    },
    shellDir: join(process.cwd(), "shell"),
    appendFile: (path, text) => appendFileSync(path, text),
    openUrl: async (url) => {
      opened.push(url);
      return options.platform === "win32" ? "asked" : "opened";
    },
    randomId: () => "0123456789abcdef",
  };
  const code = await run(io);
  return { code, stdout, stderr, calls, spawned, died, opened };
}

/** Paths outside the in-memory files (a policy in a temporary folder) are read from disk. */
function readIfReal(path: string): string | undefined {
  return path.startsWith("/aws/") ? undefined : readText(path);
}
