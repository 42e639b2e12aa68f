import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const CLI = resolve("dist/cli.cjs");

/** A temporary HOME with ~/.aws/config and ~/.aws/credentials: never the machine's own. */
export function makeHome(config: string, credentials = ""): string {
  const home = mkdtempSync(join(tmpdir(), "awsrole-home-"));
  mkdirSync(join(home, ".aws"), { mode: 0o700 });
  writeFileSync(join(home, ".aws", "config"), config);
  writeFileSync(join(home, ".aws", "credentials"), credentials, { mode: 0o600 });
  return home;
}

/** `bin` (made if need be) with `awsrole` in it, as npm installs it: a program that runs the build. */
export function awsroleBin(bin: string): string {
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "awsrole"), `#!/bin/sh\nexec node '${CLI}' "$@"\n`);
  chmodSync(join(bin, "awsrole"), 0o755);
  return bin;
}

/** The environment of a clean machine pointed at a test STS server: no stray AWS settings. */
export function cleanEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    LANG: "C.UTF-8",
    // The run's own temporary folder (test/helpers/leave-nothing.ts), removed when it ends.
    TMPDIR: process.env.TMPDIR,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined,
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program with no terminal, stdin closed (or given `input`). Asynchronous on purpose: the
 * STS proxy of the tests lives in this process, and a synchronous spawn would block it.
 */
export function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: { input?: string; timeout?: number } = {},
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const stdin = options.input === undefined ? "ignore" : "pipe";
    const child = spawn(command, args, { env, stdio: [stdin, "pipe", "pipe"], timeout: options.timeout ?? 60_000 });
    if (options.input !== undefined) child.stdin?.end(options.input);
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs the built CLI as a user would. */
export const awsrole = (args: string[], env: Record<string, string>) => run("node", [CLI, ...args], env);
