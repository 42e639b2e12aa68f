// Loaded only for --help: yargs lays the option table out in columns and wraps it to the
// terminal. Parsing itself uses yargs-parser (options.ts), which costs a fraction of the start-up.
import yargs from "yargs";
import { OPTIONS, type OptionSpec } from "./options.js";
import { FORMATS } from "./shells/index.js";

const GROUPS: Record<OptionSpec["group"], string> = {
  role: "Role and session:",
  ci: "CI (OIDC, no stored keys):",
  output: "Output:",
  behaviour: "Behaviour:",
};

export async function helpText(width: number): Promise<string> {
  const wrapAt = Math.min(width, 100);
  const formats = Object.entries(FORMATS)
    .map(([name, f]) => `  ${name.padEnd(20)}${wrap(f.description, wrapAt - 22).join(`\n${" ".repeat(22)}`)}`)
    .join("\n");
  let y = yargs([])
    .scriptName("awsrole")
    .usage(
      [
        "awsrole - become an AWS IAM role, with MFA, in any shell",
        "",
        "Usage:",
        'eval "$(awsrole PROFILE [options])"         bash, zsh, sh',
        "awsrole PROFILE [options] | source          fish",
        "awsrole PROFILE | Invoke-Expression         PowerShell",
        'eval "$(awsrole --role-arn ARN [options])"  no profile needed',
        'eval "$(awsrole --unset)"                   clear what awsrole set',
        "awsrole init bash|zsh|fish|powershell|cmd   integration for your rc file",
        "awsrole exec PROFILE [options] -- CMD ARGS  run CMD with the role",
        "awsrole status [--offline] [-f json]        whose credentials, time left",
        "awsrole list [-f json|names]                the profiles",
        "awsrole console [PROFILE] [--open]          console sign-in URL",
        "awsrole login [PROFILE] [--device-code]     sign in to IAM Identity Center (SSO)",
      ].join("\n"),
    )
    .help(false)
    .version(false)
    .wrap(Math.min(width, 100));
  for (const [name, spec] of Object.entries(OPTIONS) as [string, OptionSpec][]) {
    y = y.option(name, {
      type: spec.type === "optional" ? "string" : spec.type,
      alias: spec.alias ? [...spec.alias] : undefined,
      describe: spec.desc,
      group: GROUPS[spec.group],
    });
  }
  // The formats table is laid out here, not in yargs' epilog, which wraps each line back to the
  // left margin; a description that wraps stays in its column.
  const tail = [
    "Formats (--format):",
    formats,
    "",
    ...wrap(
      "Exit status: 0 success; 1 the call failed (denied, expired, network); 2 usage or configuration error; 130 interrupted.",
      wrapAt,
    ),
    ...wrap(
      "Values come from ~/.aws/config and ~/.aws/credentials (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE); flags override them.",
      wrapAt,
    ),
  ];
  return `${await y.getHelp()}\n\n${tail.join("\n")}`;
}

/** Words into lines of at most `width` characters (a longer word stands alone). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}
