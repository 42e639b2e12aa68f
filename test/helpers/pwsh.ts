import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { run } from "./home.js";
import { hasTool } from "./tools.js";

/** The .NET program that hosts the PowerShell engine (test/pwsh-host); .ci/run builds it. */
const PROJECT = resolve("test/pwsh-host");
const HOST = resolve("test/pwsh-host/bin/out/PwshHost.dll");

export interface PwshJob {
  script: string;
  env?: Record<string, string | null>;
  read?: string[];
}

export interface PwshResult {
  output: string[];
  errors: string[];
  /** $Error.Count after the script: records even of errors the script silenced. */
  errorRecords: number;
  lastExitCode: number;
  env: Record<string, string | null>;
}

/**
 * Whether the engine can run here: dotnet on PATH, and the host built (it is built here when
 * missing). Locally a missing dotnet skips the PowerShell tests loudly; under CI=true it fails.
 */
export function hasPwsh(): boolean {
  if (!hasTool("dotnet", ["--version"])) return false;
  if (!existsSync(HOST)) {
    const built = spawnSync("dotnet", ["build", PROJECT, "-c", "Release", "-o", resolve(PROJECT, "bin/out")], {
      encoding: "utf8",
    });
    if (built.status !== 0)
      throw new Error(`building the PowerShell test host failed:\n${built.stdout}${built.stderr}`);
  }
  return true;
}

/**
 * Runs the jobs in one engine process, one runspace, in order. Asynchronous: the tests' STS
 * proxy lives in this process, and a synchronous spawn would block it.
 */
export async function pwsh(jobs: PwshJob[], env: Record<string, string> = {}): Promise<PwshResult[]> {
  // A HOME of its own unless the test gives one: the engine and `awsrole init powershell` write
  // caches there (~/.cache/powershell, ~/.cache/awsrole), never in the real home.
  const ownHome = env.HOME === undefined ? mkdtempSync(join(tmpdir(), "awsrole-pwsh-home-")) : undefined;
  const hostEnv = {
    PATH: process.env.PATH ?? "",
    HOME: ownHome,
    LANG: "C.UTF-8",
    DOTNET_NOLOGO: "1",
    TMPDIR: process.env.TMPDIR,
    ...env,
  };
  const result = await run("dotnet", [HOST], definedOnly(hostEnv), {
    input: JSON.stringify(jobs),
    timeout: 300_000,
  }).finally(() => ownHome && rmSync(ownHome, { recursive: true, force: true }));
  if (result.status !== 0) throw new Error(`PowerShell host failed (${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout);
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
