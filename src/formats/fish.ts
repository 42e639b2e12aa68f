import { type Format, renderLines } from "./format.js";

// In fish's single quotes only `\'` and `\\` are escapes; everything else, newline included,
// is literal. https://fishshell.com/docs/current/language.html#quotes
// `eval (awsrole p)` splits the output at line breaks and joins the lines with spaces, so a
// line break is written outside the quotes as fish's own escape (`\n`, `\r`), which the next
// quoted part joins: every statement stays on one line and ends itself (`;`).
export const quoteFish = (value: string) =>
  `'${value
    .replaceAll("\\", "\\\\")
    .replaceAll("'", "\\'")
    .replace(/[\r\n]/g, (c) => (c === "\n" ? "'\\n'" : "'\\r'"))}'`;

export const fish: Format = {
  shell: true,
  description: "fish code: awsrole PROFILE | source",
  removes: true,
  pointsAtProfile: true,
  // `set -e` of a variable that does not exist is silent but fails; `or true` keeps $status 0.
  render: (changes) =>
    renderLines(changes, ({ key, value }) =>
      value === null ? `set -e ${key}; or true;` : `set -gx ${key} ${quoteFish(value)};`,
    ),
};
