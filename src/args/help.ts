// Loaded only for --help: yargs lays the option table out in columns and wraps it to the
// terminal. Parsing is options.ts's own loop over the same table: yargs would cost every run.
import yargs from "yargs";
import { FORMATS } from "../formats/index.js";
import { type Command, commandReads, type Name, OPTIONS, type OptionSpec } from "./options.js";

const GROUPS: Record<OptionSpec["group"], string> = {
  role: "Role and session:",
  ci: "CI (OIDC, no stored keys):",
  output: "Output:",
  behaviour: "Behaviour:",
};

/** The usage lines and what each command does, for `awsrole COMMAND --help`. */
const COMMAND_USAGE: Record<Command, string[]> = {
  init: [
    "Usage: awsrole init SHELL",
    "",
    "Prints the integration for SHELL's start-up file.",
    "  SHELL: bash, zsh, fish, powershell, cmd",
    "After it, `awsrole PROFILE` sets the role in the shell itself, and Tab completes profiles and flags.",
    "  bash, zsh: in ~/.bashrc, ~/.zshrc (zsh: after compinit)",
    '    eval "$(awsrole init bash)"',
    "  fish: in ~/.config/fish/config.fish",
    "    awsrole init fish | source",
    "  PowerShell: in $PROFILE",
    "    awsrole init powershell | Out-String | Invoke-Expression",
    "  cmd.exe: see the README (a doskey macro run by AutoRun)",
  ],
  exec: [
    "Usage: awsrole exec PROFILE [options] -- CMD [ARGS…]",
    "",
    "Runs CMD with the role's variables (no eval needed) and exits as CMD does; one Ctrl-C reaches CMD once.",
  ],
  status: [
    "Usage: awsrole status [--offline] [-f json]",
    "",
    "Whose credentials this shell has (GetCallerIdentity), the awsrole profile and the time left; exit 1 when there are none or STS refuses them.",
    "--offline makes no call and prints one short line for a prompt (`handson-admin 42m`), nothing when no role is set (exit 1).",
  ],
  list: [
    "Usage: awsrole list [-f json|names]",
    "",
    "Every profile: role, source, whether it needs MFA, region, and a cached session's minutes left. Reads the files only.",
  ],
  console: [
    "Usage: awsrole console [PROFILE] [options] [--open | --switch-role-url]",
    "",
    "Prints a console sign-in URL for the role (AWSROLE_PROFILE when no PROFILE is given); --open opens it in the browser.",
  ],
  login: [
    "Usage: awsrole login [PROFILE] [--device-code]",
    "",
    "Signs in to the IAM Identity Center session PROFILE uses (AWS_PROFILE, else default) and writes the token where the AWS CLI keeps it (~/.aws/sso/cache).",
    "--device-code prints a URL and a code to confirm in any browser, for machines without one.",
  ],
};

/** What an option means for one command, where the table's words are the assume path's. */
const COMMAND_DESC: Partial<Record<Command, Partial<Record<Name, string>>>> = {
  status: { format: "json: the status as one JSON object (default: text)" },
  list: { format: "json: one JSON object per profile; names: the names alone (default: a table)" },
};

const ENVIRONMENT: [string, string][] = [
  ["AWSROLE_TOKEN_CODE", "the MFA code, when no -t is given"],
  ["AWSROLE_MFA_SESSION_DURATION", "length of the MFA session (default 8h; 900-129600 s, or 12h)"],
  ["AWSROLE_TIMEOUT", "budget of all the run's network calls (default 10 s; 0.1-600 s)"],
  ["AWSROLE_DEBUG=1", "stack traces with errors"],
  ["AWSROLE_PROFILE", "set by awsrole: the profile the shell holds (status, --unset, console)"],
  ["AWSROLE_EXPIRES_EPOCH", "set by awsrole: when the keys expire (seconds since 1970), for the prompt's renewal"],
  ["AWSROLE_ACCESS_KEY_ID", "set by awsrole: its key id; the prompt renews only while AWS_ACCESS_KEY_ID is still it"],
  ["AWSROLE_NO_REFRESH=1", "the shells of awsrole init do not renew the keys at the prompt"],
  ["AWS_CONFIG_FILE", "the config file (default ~/.aws/config)"],
  ["AWS_SHARED_CREDENTIALS_FILE", "the credentials file (default ~/.aws/credentials)"],
  ["AWS_ENDPOINT_URL_STS", "another STS endpoint, an http(s) URL (else AWS_ENDPOINT_URL)"],
  ["AWS_ENDPOINT_URL_SIGNIN", "another sign-in endpoint for console, an http(s) URL"],
  ["AWS_ENDPOINT_URL_SSO", "another IAM Identity Center portal endpoint"],
  ["AWS_ENDPOINT_URL_SSO_OIDC", "another IAM Identity Center OIDC endpoint (login, token refresh)"],
  ["BROWSER", "the browser login and console --open start"],
];

export async function helpText(width: number, command?: Command): Promise<string> {
  const wrapAt = Math.min(width, 100);
  // Two columns, the second wrapped within its own column.
  const table = (rows: [string, string][], column: number) =>
    rows
      .map(
        ([name, text]) => `  ${name.padEnd(column - 2)}${wrap(text, wrapAt - column).join(`\n${" ".repeat(column)}`)}`,
      )
      .join("\n");
  const formats = table(
    Object.entries(FORMATS).map(([name, f]) => [name, f.description]),
    22,
  );
  const usage = command
    ? COMMAND_USAGE[command].flatMap((line) => (line.startsWith(" ") ? [line] : wrap(line, wrapAt)))
    : [
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
        "awsrole -- list                             a profile named like a command",
        "awsrole COMMAND --help                      one command's options",
      ];
  // The usage lines are laid out here, not by yargs' usage(), which wraps every line again and
  // would break a command line to copy (`… | Out-String |` / `Invoke-Expression`).
  let y = yargs([]).scriptName("awsrole").help(false).version(false).wrap(wrapAt);
  for (const [name, spec] of Object.entries(OPTIONS) as [Name, OptionSpec][]) {
    // The general help lists every option (the README promises it); a command's, those it reads.
    if (command && (!commandReads(command, name) || name === "help" || name === "version")) continue;
    // No type: yargs prints "[string]" right after a description that fills its column, glued to
    // its last word ("call STS[string]"); each description says what the value is.
    y = y.option(name, {
      alias: spec.alias ? [...spec.alias] : undefined,
      describe: (command && COMMAND_DESC[command]?.[name]) || spec.desc,
      group: GROUPS[spec.group],
    });
  }
  const head = `${usage.join("\n")}\n\n`;
  if (command) return `${head}${await y.getHelp()}`.trimEnd();
  // The formats table is laid out here, not in yargs' epilog, which wraps each line back to the
  // left margin; a description that wraps stays in its column.
  const tail = [
    "Formats (--format):",
    formats,
    "",
    "Environment:",
    table(ENVIRONMENT, 32),
    "",
    ...wrap(
      "Profile keys: the AWS CLI's (role_arn, source_profile, credential_source, mfa_serial, duration_seconds, role_session_name, external_id, region, credential_process, web_identity_token_file, sso_*), and mfa_process: a command that prints the MFA code.",
      wrapAt,
    ),
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
  return `${head}${await y.getHelp()}\n\n${tail.join("\n")}`;
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
