// Whole-process start-up, as medians over interleaved runs and as ratios against `node -e 0`
// measured in the same run (so a slow or busy machine shifts both). Goals (README, Speed):
// --unset within 1.15x of bare Node, a cache hit within 1.15x, and within 1.3x with a
// 10,000-profile config file; and at least 5x faster than the AWS CLI v2 on the same cache hit.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const runs = Number(process.env.BENCH_RUNS ?? 41);
const cli = resolve("dist/cli.cjs");
const role = "arn:aws:iam::123456789012:role/r";

function makeHome(profiles) {
  const home = mkdtempSync(join(tmpdir(), "awsrole-bench-"));
  mkdirSync(join(home, ".aws", "cli", "cache"), { recursive: true });
  let config = `[profile p]\nrole_arn = ${role}\nsource_profile = s\n`;
  for (let i = 0; i < profiles; i++) {
    config += `\n[profile team-${i}]\nrole_arn = arn:aws:iam::123456789012:role/team-${i}\nsource_profile = s\nregion = ap-northeast-1\n`;
  }
  writeFileSync(join(home, ".aws", "config"), config);
  writeFileSync(join(home, ".aws", "credentials"), "[s]\naws_access_key_id = AKIAX\naws_secret_access_key = y\n");
  // A cached session under botocore's key for profile p: SHA-1 of {"RoleArn": "..."}.
  const key = createHash("sha1").update(`{"RoleArn": "${role}"}`).digest("hex");
  const expiration = new Date(Date.now() + 3600_000).toISOString();
  const entry = {
    Credentials: { AccessKeyId: "ASIAX", SecretAccessKey: "s", SessionToken: "t", Expiration: expiration },
  };
  writeFileSync(join(home, ".aws", "cli", "cache", `${key}.json`), JSON.stringify(entry));
  return { PATH: process.env.PATH, HOME: home, AWS_EC2_METADATA_DISABLED: "true" };
}

const small = makeHome(0);
const large = makeHome(10_000);
// A long config file is indexed once its times are two seconds old (README, The config index), as
// a user's config has long been by the time it is used: measured from then.
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2100);
// The AWS CLI v2 (Debian's awscli package puts it at /usr/bin/aws) does the same cache hit
// with `aws configure export-credentials`; v1 has no such command.
const awsV2 = ["/usr/bin/aws", "aws"].find((aws) =>
  (spawnSync(aws, ["--version"], { encoding: "utf8" }).stdout ?? "").startsWith("aws-cli/2"),
);
const cases = {
  "node -e 0": ["node", ["-e", "0"], small],
  "awsrole --unset": ["node", [cli, "--unset", "-f", "bash"], small],
  "awsrole p (cache hit)": ["node", [cli, "p", "-f", "bash"], small],
  "cache hit, 10k profiles": ["node", [cli, "p", "-f", "bash"], large],
  "Tab (--complete=)": ["node", [cli, "--complete="], small],
  "awsrole --help": ["node", [cli, "--help"], small],
  ...(awsV2 && {
    "aws v2 export-credentials": [
      awsV2,
      ["configure", "export-credentials", "--profile", "p", "--format", "env"],
      small,
    ],
  }),
};
const goals = { "awsrole --unset": 1.15, "awsrole p (cache hit)": 1.15, "cache hit, 10k profiles": 1.3 };

const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, [command, args, env]] of Object.entries(cases)) {
    const start = process.hrtime.bigint();
    const r = spawnSync(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
    if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times["node -e 0"]);
console.log(`Node ${process.version}, ${runs} runs each, interleaved; medians:`);
for (const name of Object.keys(cases)) {
  const m = median(times[name]);
  const goal = goals[name] ? `  (goal <= ${goals[name]}x: ${m / base <= goals[name] ? "met" : "MISSED"})` : "";
  console.log(`${name.padEnd(24)} ${m.toFixed(1).padStart(7)} ms  ${(m / base).toFixed(2)}x${goal}`);
}
if (awsV2) {
  const ratio = median(times["aws v2 export-credentials"]) / median(times["awsrole p (cache hit)"]);
  console.log(`awsrole's cache hit is ${ratio.toFixed(1)}x faster than the AWS CLI v2's (goal: at least 5x)`);
} else {
  console.log("AWS CLI v2 not installed (Debian: apt-get install awscli): no comparison with export-credentials.");
}
for (const env of [small, large]) rmSync(env.HOME, { recursive: true, force: true });
