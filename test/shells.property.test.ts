// Property: what awsrole prints for a Unix shell comes back byte for byte after the real shell
// evaluates it, in every form people write: quoted and unquoted eval, backticks, `.`/source of
// a file, `source <(…)`; in fish `| source`, `eval (…)` and `source FILE`. Hundreds of random
// strings per shell and form per run, rich in the characters that break naive quoting. The
// unquoted forms split at the shell's white space, so their values hold no tab or line break
// (README, "Formats": what each form carries).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FORMATS } from "../src/formats/index.js";
import { run } from "./helpers/home.js";
import { hasTool } from "./helpers/tools.js";

type Form = { name: string; line: (file: string) => string; exact: boolean };
const POSIX_FORMS: Form[] = [
  { name: 'eval "$(…)"', line: (f) => `eval "$(cat '${f}')"`, exact: true },
  { name: "eval $(…)", line: (f) => `eval $(cat '${f}')`, exact: false },
  { name: "eval `…`", line: (f) => `eval \`cat '${f}'\``, exact: false },
  { name: ". FILE", line: (f) => `. '${f}'`, exact: true },
];
const PROCESS_SUBSTITUTION: Form = { name: "source <(…)", line: (f) => `source <(cat '${f}')`, exact: true };
const SHELLS = [
  {
    shell: "bash",
    format: "bash",
    args: ["--norc", "--noprofile", "-c"],
    forms: [...POSIX_FORMS, PROCESS_SUBSTITUTION],
  },
  { shell: "zsh", format: "zsh", args: ["-f", "-c"], forms: [...POSIX_FORMS, PROCESS_SUBSTITUTION] },
  { shell: "dash", format: "sh", args: ["-c"], forms: POSIX_FORMS },
  { shell: "mksh", format: "sh", args: ["-c"], forms: POSIX_FORMS },
  {
    shell: "fish",
    format: "fish",
    args: ["--no-config", "-c"],
    forms: [
      { name: "| source", line: (f: string) => `cat '${f}' | source`, exact: true },
      { name: "eval (…)", line: (f: string) => `eval (cat '${f}')`, exact: true },
      { name: "source FILE", line: (f: string) => `source '${f}'`, exact: true },
    ],
  },
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
  "  ",
  "#",
  ";",
  "(",
  ")",
  "{",
  "~",
  "*",
  "?",
  "[",
  "]",
  "&",
  "|",
  "<",
  "é",
  "‘",
  "’",
  "日",
  "🙂",
  "\u00a0",
  "\uf600",
  "+/=",
);
const char = fc.oneof(tricky, fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));
// Environment values are C strings (no NUL) of well-formed Unicode.
const anyValue = fc.string({ unit: char, maxLength: 40 }).filter((s) => !s.includes("\0") && s.isWellFormed());
const splittable = anyValue.map((s) => s.replace(/[\t\n]/g, "_"));

const dir = mkdtempSync(join(tmpdir(), "awsrole-shells-"));
let files = 0;

describe.each(SHELLS.filter((s) => hasTool(s.shell, ["-c", "true"])))("$shell evaluates what awsrole prints", (s) => {
  it.each(s.forms.map((f) => [f.name, f] as const))("%s gets every byte back, for random strings", async (_, form) => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(form.exact ? anyValue : splittable, { minLength: 10, maxLength: 30 }),
        async (values) => {
          const changes = values.map((v, i) => ({ key: `V${i}`, value: v }));
          const file = join(dir, `${files++}.out`);
          writeFileSync(file, FORMATS[s.format].render(changes));
          const print = `printf '%s\\0' ${values.map((_, i) => `"$V${i}"`).join(" ")}`;
          // A HOME of the test's own: without one fish makes ~/.config/fish and ~/.local/share/fish
          // in the passwd entry's home.
          const r = await run(s.shell, [...s.args, `${form.line(file)}\n${print}\n`], {
            PATH: process.env.PATH ?? "",
            LANG: "C.UTF-8",
            HOME: dir,
          });
          cases += values.length;
          // One comparison of everything the shell did, so a failure shows its status and stderr too.
          expect(r).toEqual({ status: 0, stderr: "", stdout: values.map((v) => `${v}\0`).join("") });
        },
      ),
      { numRuns: 20 },
    );
    expect(cases).toBeGreaterThanOrEqual(200);
  });
});
