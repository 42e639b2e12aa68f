// A vitest globalSetup: most test files run the built program (dist/cli.cjs), so a run first
// builds it when any source is newer (esbuild, under a second): `npx vitest run test/x.test.ts`
// never tests a dist/ older than src/. Only then: the build replaces dist/, which a second run
// going on in the same checkout would find half-written.
import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export default function setup(): void {
  let built = 0;
  try {
    built = statSync("dist/cli.cjs").mtimeMs;
  } catch {}
  const sources = Math.max(...["src", "shell", "build.mjs", "bundles.mjs", "package.json"].map(newest));
  if (sources > built) execFileSync("node", ["build.mjs"], { stdio: ["ignore", "ignore", "inherit"] });
}
