import { type Format, renderLines } from "./format.js";

// POSIX sh single quotes keep every byte literally, newline included; a quote cannot appear
// inside them, so `'` is closed, written as `\'`, and reopened: `'\''`.
// https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_02_02
// bash, zsh and dash all follow this rule (zsh too, unless RC_QUOTES is set, which only adds `''`).
export const quotePosix = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

function posix(name: string): Format {
  return {
    shell: true,
    description: `${name} code: eval "$(awsrole PROFILE)"`,
    render: (changes) =>
      renderLines(changes, ({ key, value }) =>
        value === null ? `unset ${key}` : `export ${key}=${quotePosix(value)}`,
      ),
  };
}

export const bash = posix("bash");
export const zsh = posix("zsh");
export const sh = posix("POSIX sh (dash, ash, ksh)");
