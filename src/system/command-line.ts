import { shlexSplit } from "./shlex.js";

/**
 * A command line split into words as botocore's compat_shell_split splits `credential_process`:
 * Python's shlex.split everywhere but Windows, where `\` is a path separator, not an escape.
 * Throws (an Error with the reason) on an unclosed quote.
 */
export function splitCommandLine(command: string, platform: string): string[] {
  return platform === "win32" ? windowsSplit(command) : shlexSplit(command);
}

/**
 * botocore.compat._windows_shell_split: the Microsoft C runtime's rules for a command line. Only
 * space and tab separate words; `"` is the only quote; backslashes are literal unless a run of
 * them ends at a `"`, where each pair is one backslash and an odd one escapes the quote.
 * https://learn.microsoft.com/cpp/cpp/main-function-command-line-args#parsing-c-command-line-arguments
 */
function windowsSplit(command: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quoted = false;
  let backslashes = 0;
  const add = (text: string) => {
    word = (word ?? "") + text;
  };
  const addBackslashes = (count: number) => {
    if (count > 0) add("\\".repeat(count));
  };
  for (const c of command) {
    if (c === "\\") {
      backslashes++;
      continue;
    }
    if (c === '"') {
      addBackslashes(Math.floor(backslashes / 2));
      const escaped = backslashes % 2 === 1;
      backslashes = 0;
      if (escaped) add('"');
      else {
        quoted = !quoted;
        // A pair of quotes makes a word even when nothing is between them.
        add("");
      }
      continue;
    }
    addBackslashes(backslashes);
    backslashes = 0;
    if ((c === " " || c === "\t") && !quoted) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else add(c);
  }
  if (quoted) throw new Error("No closing quotation");
  addBackslashes(backslashes);
  if (word !== undefined) words.push(word);
  return words;
}
