import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** What botocore made of one config/credentials pair (test/oracle/botocore_read.py). */
export interface Oracle {
  config: { sections?: Record<string, unknown>; error?: string };
  credentials: { sections?: Record<string, unknown>; error?: string };
  profiles?: Record<string, unknown>;
}

/** The AWS CLI's reading of many file pairs, in one Python process. */
export function botocoreRead(pairs: [string, string][]): Oracle[] {
  const result = spawnSync("python3", [join(__dirname, "..", "oracle", "botocore_read.py")], {
    input: JSON.stringify(pairs),
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, LANG: "C.UTF-8" },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}
