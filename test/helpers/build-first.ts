// A vitest globalSetup: most test files run the built program (dist/cli.cjs), so every run
// builds it first (esbuild, under a second) and `npx vitest run test/x.test.ts` never tests a
// dist/ older than src/.
import { execFileSync } from "node:child_process";

export default function setup(): void {
  execFileSync("node", ["build.mjs"], { stdio: ["ignore", "ignore", "inherit"] });
}
