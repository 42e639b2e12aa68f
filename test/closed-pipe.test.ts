// A reader that stops early is a normal end: `awsrole list | head -1` exits 0 and says nothing,
// as `ls | head` does (process.ts, writeAll).
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, cleanEnv, makeHome, run } from "./helpers/home.js";

const PROFILES = Array.from(
  { length: 2000 },
  (_, i) => `[profile role-${i}]\nrole_arn = arn:aws:iam::123456789012:role/r${i}\nsource_profile = base\n`,
).join("");
const home = makeHome(PROFILES, "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = basesecret\n");
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("output into a pipe whose reader has gone", () => {
  it.each([
    ["list", "head -1"],
    ["list --format json", "head -1"],
    ["list --format names", "true"],
    ["--help", "true"],
    ["--version", "true"],
    ["init bash", "true"],
    ["init fish", "true"],
    ["--unset -f bash", "true"],
  ])("awsrole %s | %s: exit 0, nothing on stderr", async (args, reader) => {
    // The reader exits first (`true` before awsrole has started; head after one line), so
    // awsrole's write finds the pipe closed; PIPESTATUS holds awsrole's own status.
    const script = `node '${CLI}' ${args} 2>"$ERR" | ${reader} >/dev/null; echo "$\{PIPESTATUS[0]}"; cat "$ERR"`;
    const r = await run("bash", ["-c", script], cleanEnv(home, { ERR: `${home}/stderr` }));
    expect(r.stdout).toBe("0\n");
    expect(r.stderr).toBe("");
  });
});
