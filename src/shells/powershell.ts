import type { Format } from "./format.js";

/*
 * PowerShell single-quoted strings are verbatim: no `$` expansion, no backtick escapes, and a
 * newline is part of the string. The only special characters are the single quotes themselves,
 * and PowerShell's tokenizer takes four more code points as single quotes besides `'`: U+2018
 * ‘, U+2019 ’, U+201A ‚ and U+201B ‛ (what word processors turn quotes into). Any of them ends
 * the string unless it is doubled, and a doubled one stands for itself.
 * https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_quoting_rules
 * (section "Including quote characters in a string").
 *
 * `awsrole p | Invoke-Expression` evaluates each line of the output on its own, and
 * `Invoke-Expression (awsrole p)` refuses more than one line (its -Command is one string); so
 * the whole output is one line of statements that end themselves (`;`), and a CR or LF in a
 * value is written as its double-quoted escape ("`r", "`n", about_Special_Characters) joined to
 * the quoted parts with `+`. No cmdlet is used:
 * `$Env:K = $null` removes a variable, in Windows PowerShell 5.1 and PowerShell 7 alike, and
 * records no error when it is not set. test/powershell.test.ts runs this in the real engine.
 */
export const quotePowerShell = (value: string) =>
  `'${value.replace(/['\u2018-\u201B]/g, "$&$&").replace(/\r|\n/g, (c) => `' + "${c === "\n" ? "`n" : "`r"}" + '`)}'`;

export const powershell: Format = {
  shell: true,
  description: "PowerShell code: awsrole PROFILE | Invoke-Expression",
  render: (changes) =>
    `${changes.map(({ key, value }) => (value === null ? `$Env:${key} = $null;` : `$Env:${key} = ${quotePowerShell(value)};`)).join(" ")}\n`,
};
