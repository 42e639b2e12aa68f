// Property: any string awsrole renders for a Unix shell comes back byte for byte after that
// real shell evaluates it. Hundreds of random strings per shell per run, rich in the characters
// that break naive quoting.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FORMATS } from "../src/shells/index.js";
import { run } from "./helpers/home.js";
import { hasTool } from "./helpers/tools.js";

const SHELLS = [
  { shell: "bash", format: "bash", args: ["--norc", "--noprofile", "-c"], print: "printf '%s\\0'" },
  { shell: "zsh", format: "zsh", args: ["-f", "-c"], print: "printf '%s\\0'" },
  { shell: "dash", format: "sh", args: ["-c"], print: "printf '%s\\0'" },
  { shell: "fish", format: "fish", args: ["--no-config", "-c"], print: "printf '%s\\0'" },
] as const;

const tricky = fc.constantFrom(
  "'",
  '"',
  "$",
  "`",
  "\\",
  "%",
  "!",
  "\n",
  "\r",
  "\t",
  " ",
  "#",
  ";",
  "(",
  ")",
  "{",
  "~",
  "*",
  "é",
  "‘",
  "’",
  "日",
  "🙂",
  "\u00a0",
  "\uf600",
);
const char = fc.oneof(tricky, fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));
// Environment values are C strings (no NUL) of well-formed Unicode.
const value = fc.string({ unit: char, maxLength: 40 }).filter((s) => !s.includes("\0") && s.isWellFormed());

describe.each(SHELLS.filter((s) => hasTool(s.shell, ["-c", "true"])))("$shell evaluates what awsrole prints", (s) => {
  it("gets every byte back, for random strings", async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 30 }), async (values) => {
        const changes = values.map((v, i) => ({ key: `V${i}`, value: v }));
        const print = `${s.print} ${values.map((_, i) => `"$V${i}"`).join(" ")}\n`;
        const script = `${FORMATS[s.format].render(changes)}${print}`;
        const r = await run(s.shell, [...s.args, script], { PATH: process.env.PATH ?? "", LANG: "C.UTF-8" });
        cases += values.length;
        // One comparison of everything the shell did, so a failure shows its status and stderr too.
        expect(r).toEqual({ status: 0, stderr: "", stdout: values.map((v) => `${v}\0`).join("") });
      }),
      { numRuns: 25 },
    );
    expect(cases).toBeGreaterThan(100);
  });
});
