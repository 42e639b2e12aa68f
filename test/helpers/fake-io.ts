import type { StsCaller } from "../../src/caller.js";
import { StsFailure } from "../../src/caller.js";
import { type Io, run } from "../../src/cli.js";

export const HOME = "/home/user";
export const CONFIG = `${HOME}/.aws/config`;
export const CREDENTIALS = `${HOME}/.aws/credentials`;
export const SOURCE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
export const SESSION_SECRET = "sessionSECRETsessionSECRETsessionSECRET1";
export const SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLETOKENvalueEXAMPLETOKENvalue+/=";

export interface StsCall {
  action: string;
  input?: unknown;
}

/** An STS stand-in that records calls and answers with a session, or with `fail`'s error. */
export function fakeSts(fail?: () => Error): { sts: StsCaller; calls: StsCall[] } {
  const calls: StsCall[] = [];
  const answer = (action: string, input?: unknown) => {
    calls.push({ action, input });
    if (fail) throw fail();
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
      if (fail) throw fail();
      return { accessKeyId: "AKIADEFAULT", secretAccessKey: "default-secret-default-secret" };
    },
    assumeRole: async (_c, _r, input) => answer("AssumeRole", input),
    getSessionToken: async (_c, _r, input) => answer("GetSessionToken", input),
    getCallerIdentity: async () => {
      calls.push({ action: "GetCallerIdentity" });
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
}

/** Runs the CLI in-process, with files in memory and an STS stand-in. */
export async function runCli(
  argv: string[],
  options: { files?: Record<string, string>; env?: NodeJS.ProcessEnv; fail?: () => Error; stdoutIsTTY?: boolean } = {},
): Promise<Outcome> {
  const { sts, calls } = fakeSts(options.fail);
  let stdout = "";
  let stderr = "";
  const files = options.files ?? {};
  const io: Io = {
    argv,
    env: options.env ?? {},
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdoutIsTTY: () => options.stdoutIsTTY ?? false,
    stderrIsTTY: () => false,
    readFile: (path) => files[path],
    home: HOME,
    userName: () => "user",
    platform: "linux",
    parentName: () => "bash",
    now: () => new Date("2026-11-23T02:00:00Z"),
    sts: async () => sts,
    terminalWidth: 80,
  };
  const code = await run(io);
  return { code, stdout, stderr, calls };
}
