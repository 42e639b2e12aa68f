// Whole-process start-up, as medians over interleaved runs and as ratios against `node -e 0`
// measured in the same run (so a slow or busy machine shifts both). Goals from the issues:
// --unset within 1.15x of bare Node.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const runs = Number(process.env.BENCH_RUNS ?? 41);
const cli = resolve("dist/cli.cjs");
const home = mkdtempSync(join(tmpdir(), "awsrole-bench-"));
mkdirSync(join(home, ".aws"));
writeFileSync(
  join(home, ".aws", "config"),
  "[profile p]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = s\n",
);
writeFileSync(join(home, ".aws", "credentials"), "[s]\naws_access_key_id = AKIAX\naws_secret_access_key = y\n");
const env = { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: "true" };

const cases = {
  "node -e 0": ["node", ["-e", "0"]],
  "awsrole --unset": ["node", [cli, "--unset", "-f", "bash"]],
  "awsrole --help": ["node", [cli, "--help"]],
};
const goals = { "awsrole --unset": 1.15 };

const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, [cmd, args]] of Object.entries(cases)) {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times["node -e 0"]);
console.log(`${runs} runs each, interleaved; medians:`);
for (const name of Object.keys(cases)) {
  const m = median(times[name]);
  const goal = goals[name] ? `  (goal <= ${goals[name]}x: ${m / base <= goals[name] ? "met" : "MISSED"})` : "";
  console.log(`${name.padEnd(20)} ${m.toFixed(1).padStart(7)} ms  ${(m / base).toFixed(2)}x${goal}`);
}
