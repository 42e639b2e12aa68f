import { type Format, renderLines } from "./format.js";

/*
 * PowerShell single-quoted strings are verbatim: no `$` expansion, no backtick escapes, and a
 * newline is part of the string. The only special characters are the single quotes themselves,
 * and PowerShell's tokenizer takes four more code points as single quotes besides `'`: U+2018
 * ‘, U+2019 ’, U+201A ‚ and U+201B ‛ (what word processors turn quotes into). Any of them ends
 * the string unless it is doubled, and a doubled one stands for itself.
 * https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_quoting_rules
 * (section "Including quote characters in a string"). Not installable on this project's machines:
 * test/shells.test.ts checks this rule with a decoder written from that page.
 */
export const quotePowerShell = (value: string) => `'${value.replace(/['\u2018-\u201B]/g, "$&$&")}'`;

export const powershell: Format = {
  shell: true,
  description: "PowerShell code: awsrole PROFILE | Invoke-Expression",
  render: (changes) =>
    renderLines(changes, ({ key, value }) =>
      value === null
        ? `Remove-Item Env:${key} -ErrorAction SilentlyContinue`
        : `$Env:${key} = ${quotePowerShell(value)}`,
    ),
};
