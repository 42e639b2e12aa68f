import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Whether an outside program (a shell, the AWS CLI, moto) is here. Locally a missing tool skips
 * its tests with a loud reason; under CI=true it fails them, so CI can never pass by skipping.
 */
export function hasTool(command: string, args: string[] = ["--version"]): boolean {
  // A HOME of its own: `fish -c true` alone writes ~/.config/fish and ~/.local/share/fish.
  const home = mkdtempSync(join(tmpdir(), "awsrole-tool-"));
  const found = spawnSync(command, args, { stdio: "ignore", env: { ...process.env, HOME: home } }).status === 0;
  rmSync(home, { recursive: true, force: true });
  if (!found) {
    if (process.env.CI === "true") throw new Error(`${command} is required under CI=true but is not installed`);
    console.warn(`\n*** SKIPPING tests that need ${command}: it is not installed ***\n`);
  }
  return found;
}
