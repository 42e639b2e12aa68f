import { spawnSync } from "node:child_process";

/**
 * Whether an outside program (a shell, the AWS CLI, moto) is here. Locally a missing tool skips
 * its tests with a loud reason; under CI=true it fails them, so CI can never pass by skipping.
 */
export function hasTool(command: string, args: string[] = ["--version"]): boolean {
  const found = spawnSync(command, args, { stdio: "ignore" }).status === 0;
  if (!found) {
    if (process.env.CI === "true") throw new Error(`${command} is required under CI=true but is not installed`);
    console.warn(`\n*** SKIPPING tests that need ${command}: it is not installed ***\n`);
  }
  return found;
}
