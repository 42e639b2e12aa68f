import type { Change } from "./changes.js";
import { type Format, renderLines, throwRefusal } from "./format.js";

/*
 * cmd.exe has no quoting that carries every byte. `set "K=v"` protects & | < > and spaces, but
 * `%` expands even inside quotes, `!` expands under delayed expansion, `^` is an escape when the
 * line is re-read by `for /f` (how the wrapper runs it), `"` ends the quoted part, and a line
 * ends at CR or LF. And `for /f` decodes awsrole's output in the console's code page (437, 850,
 * 932…), never as UTF-8, so a character beyond ASCII would arrive as other characters. Such a
 * value is refused rather than set to something else.
 * https://learn.microsoft.com/windows-server/administration/windows-commands/set_1 ;
 * https://ss64.com/nt/syntax-esc.html. Not installable here: test/shells.test.ts checks this rule.
 */
const UNSAFE = /["%!^\r\n\u0080-\uffff]/;

/** The first value cmd.exe cannot carry. */
function refuse(changes: readonly Change[]): string | undefined {
  for (const { key, value } of changes) {
    const bad = value === null ? undefined : UNSAFE.exec(value)?.[0];
    if (bad !== undefined)
      return `the value of ${key} contains ${JSON.stringify(bad)}, which cmd.exe cannot carry. Use --format powershell or awsrole exec instead.`;
  }
  return undefined;
}

export const cmd: Format = {
  shell: true,
  description: "cmd.exe code, one `set` per line, run through the awsrole init cmd macro",
  removes: true,
  pointsAtProfile: true,
  refuse,
  render: (changes) => {
    throwRefusal(refuse(changes));
    return renderLines(changes, ({ key, value }) => `set "${key}=${value ?? ""}"`, "\r\n");
  },
};
