import type { Format } from "./format.js";

/*
 * PowerShell single-quoted strings are verbatim: no `$` expansion, no backtick escapes, and a
 * newline is part of the string. The only special characters are the single quotes themselves,
 * and PowerShell's tokenizer takes four more code points as single quotes besides `'`: U+2018
 * ‘, U+2019 ’, U+201A ‚ and U+201B ‛ (what word processors turn quotes into). Any of them ends
 * the string unless it is doubled, and a doubled one stands for itself.
 * https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_quoting_rules
 * (section "Including quote characters in a string"). Only ASCII is ever quoted here (below), so
 * `'` is the one to double.
 *
 * `awsrole p | Invoke-Expression` evaluates each line of the output on its own, and
 * `Invoke-Expression (awsrole p)` refuses more than one line (its -Command is one string); so
 * the whole output is one line of statements that end themselves (`;`).
 *
 * The output is ASCII whatever the values: Windows PowerShell 5.1 (and pwsh with a legacy
 * [Console]::OutputEncoding) decodes a native program's output in the console's code page, so
 * `é` printed as UTF-8 arrives as `Ã©`. A value with any character outside printable ASCII, or a
 * CR or LF, is therefore spelled as `-join ('caf', [char]0x00E9)`: its ASCII runs single-quoted,
 * every other UTF-16 code unit as `[char]0xNNNN`, runs of CR and LF as "`r`n"
 * (about_Special_Characters). An array literal, not a `+` chain: a chain thousands of terms
 * long is compiled recursively and overflows the engine's stack. No cmdlet is used:
 * `$Env:K = $null` removes a variable, in Windows PowerShell 5.1 and PowerShell 7 alike, and
 * records no error when it is not set. test/powershell.test.ts runs this in the real engine.
 */
export function quotePowerShell(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return `'${value.replaceAll("'", "''")}'`;
  // Runs of printable ASCII, runs of line breaks, and one UTF-16 code unit of anything else.
  const parts = value.match(/[\x20-\x7e]+|[\r\n]+|[\s\S]/g) ?? [];
  const spelled = parts.map((part) =>
    /^[\x20-\x7e]/.test(part)
      ? `'${part.replaceAll("'", "''")}'`
      : /^[\r\n]/.test(part)
        ? `"${part.replaceAll("\r", "`r").replaceAll("\n", "`n")}"`
        : `[char]0x${part.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
  );
  return `-join (${spelled.join(", ")})`;
}

export const powershell: Format = {
  shell: true,
  description: "PowerShell code: awsrole PROFILE | Invoke-Expression",
  removes: true,
  pointsAtProfile: true,
  render: (changes) =>
    `${changes.map(({ key, value }) => (value === null ? `$Env:${key} = $null;` : `$Env:${key} = ${quotePowerShell(value)};`)).join(" ")}\n`,
};
