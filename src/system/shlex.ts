/**
 * Python's `shlex.split(s)` (posix, no comments), which botocore uses for the names of
 * `[profile …]` sections (configloader.build_profile_map) and to split `credential_process`
 * (compat.compat_shell_split off Windows). It is not a POSIX shell: `$'…'` and `$"…"` are a `$`
 * and a quoted word (npm's shlex reads them as ANSI-C quoting, so `[profile $'prod']` would be
 * `prod` there and `$prod` to the CLI); inside "…" a backslash escapes only `"` and `\`; a
 * backslash-newline is a newline. Follows Lib/shlex.py `read_token` state by state;
 * test/python.oracle.test.ts compares it with python3 on generated strings.
 * Throws "No closing quotation" / "No escaped character" where Python raises ValueError.
 */
export function shlexSplit(text: string): string[] {
  const words: string[] = [];
  let word = "";
  /** Whether a word has begun: a quote begins one too, so `''` is a word, the empty string. */
  let inWord = false;
  /** The open quote, or undefined outside quotes. */
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"') {
        const next = text[++i];
        if (next === undefined) throw new Error("No escaped character");
        word += next === '"' || next === "\\" ? next : `\\${next}`;
      } else word += c;
    } else if (c === " " || c === "\t" || c === "\r" || c === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\") {
      const next = text[++i];
      if (next === undefined) throw new Error("No escaped character");
      word += next;
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new Error("No closing quotation");
  if (inWord) words.push(word);
  return words;
}
