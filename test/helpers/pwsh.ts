import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
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
export function pwsh(jobs: PwshJob[], env: Record<string, string> = {}): Promise<PwshResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn("dotnet", [HOST], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        LANG: "C.UTF-8",
        DOTNET_NOLOGO: "1",
        ...env,
      },
      stdio: ["pipe", "pipe", "pipe"],
      timeout: 300_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (status) =>
      status === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`PowerShell host failed (${status}): ${stderr}`)),
    );
    child.stdin.end(JSON.stringify(jobs));
  });
}
