import { type Format, renderLines } from "./format.js";

/*
 * POSIX sh single quotes keep every byte literally, newline included; a quote cannot appear
 * inside them, so `'` is closed, written as `\'`, and reopened: `'\''`.
 * https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_02_02
 * bash, zsh, dash and mksh all follow this rule (zsh too, unless RC_QUOTES is set, which only adds `''`).
 *
 * People also write the eval unquoted, `eval $(awsrole p)` (as ssh-agent's manual does). Then the
 * shell splits the output at white space, expands globs in each word, and eval joins the words
 * with single spaces (§2.6.5, §2.6.6, and eval). So each statement ends itself (`;`), and two
 * more characters are written outside the quotes, backslash-escaped: a space (`'\ '`), so that a
 * run of spaces comes back as written, and `*`, `?`, `[`, so that no word is a glob pattern.
 * Tab, CR and LF cannot survive the split; the quoted forms carry them (README, "Formats").
 */
export const quotePosix = (value: string) =>
  `'${value.replace(/['* ?[]/g, (c) => (c === "'" ? "'\\''" : `'\\${c}'`))}'`;

function posix(name: string): Format {
  return {
    shell: true,
    description: `${name} code: eval "$(awsrole PROFILE)"`,
    removes: true,
    pointsAtProfile: true,
    render: (changes) =>
      renderLines(changes, ({ key, value }) =>
        value === null ? `unset ${key};` : `export ${key}=${quotePosix(value)};`,
      ),
  };
}

export const bash = posix("bash");
export const zsh = posix("zsh");
export const sh = posix("POSIX sh (dash, ash, ksh, mksh)");

/** A word for a command shown to a person: as it is when the shell reads it so, else quoted. */
export const posixWord = (value: string) => (/^[\w@%+=:,./-]+$/.test(value) ? value : quotePosix(value));
