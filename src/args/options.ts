import { WEB_IDENTITY_SOURCES } from "../credentials/web-identity.js";
import { cut, shown, UsageError } from "../system/errors.js";
import { closest } from "../system/nearest.js";

/**
 * The subcommands; any other first word is a profile. The one list: the dispatch (main.ts),
 * help, completion and the entry's guess of a run that assumes no role (cli.ts) all read it.
 */
export const COMMANDS = ["init", "exec", "status", "list", "console", "login"] as const;
export type Command = (typeof COMMANDS)[number];

export function isCommand(word: string | undefined): word is Command {
  return (COMMANDS as readonly string[]).includes(word as string);
}

/** What init, list, status and login read (beyond --help and --version); any other flag would be ignored. */
const COMMAND_FLAGS: Partial<Record<Command, readonly Name[]>> = {
  init: [],
  list: ["format"],
  status: ["format", "offline"],
  login: ["device-code"],
};
/** Flags that only one subcommand reads. */
const ONE_COMMAND_FLAGS: Partial<Record<Name, Command>> = {
  offline: "status",
  open: "console",
  "switch-role-url": "console",
  server: "exec",
};

/** Whether a command (undefined: the assume path) reads a flag: what its --help lists. */
export function commandReads(command: Command | undefined, name: Name): boolean {
  if (name === "help" || name === "version") return true;
  const only = command === undefined ? undefined : COMMAND_FLAGS[command];
  if (only) return only.includes(name);
  const owner = ONE_COMMAND_FLAGS[name];
  if (owner !== undefined) return owner === command;
  // exec and console hand the role to a command or a URL: no output format, no file, no --unset.
  return command === undefined || !["format", "write-profile", "unset"].includes(name);
}

/**
 * Refuses what a command would silently ignore (a profile after `list`, `--token-code` after
 * `status`), so nobody believes it was used. exec says itself why it takes no --format.
 */
export function refuseIgnored(command: Command | undefined, args: readonly string[], flags: Flags): void {
  for (const name of (Object.keys(flags) as Name[]).filter((name) => flags[name] !== undefined)) {
    if (commandReads(command, name) || (command === "exec" && ONE_COMMAND_FLAGS[name] === undefined)) continue;
    const owner = ONE_COMMAND_FLAGS[name];
    if (owner !== undefined && (command === undefined || COMMAND_FLAGS[command] === undefined))
      throw new UsageError(`--${name} is for ${owner} only: awsrole ${owner} --${name}.`);
    throw new UsageError(`${command} takes no --${name}: it would be ignored. See awsrole ${command} --help.`);
  }
  if (flags.refresh && flags.cache === false)
    throw new UsageError("--refresh renews the cached session, and --no-cache uses no cache: give one of them.");
  if (command === "init" && args.length > 1)
    throw new UsageError(`init takes one shell (got ${args.length} words). Run awsrole init bash, for example.`);
  if ((command === "list" || command === "status") && args[0] !== undefined)
    throw new UsageError(`${command} takes no profile (got ${shown(args[0])}). Run awsrole ${command} alone.`);
}

/**
 * Every flag, as data: the parser, the unknown-flag check, completion (complete.ts) and the
 * help text (help.ts) are all built from this one table. Names follow `aws sts assume-role` where it has one.
 */
export const OPTIONS = {
  "role-arn": { type: "string", group: "role", desc: "ARN of the role to assume (no profile needed)" },
  "source-profile": { type: "string", group: "role", desc: "profile whose credentials call STS" },
  "serial-number": { type: "string", group: "role", alias: ["mfa-serial"], desc: "MFA device ARN or serial" },
  "token-code": { type: "string", group: "role", alias: ["t"], desc: "six-digit MFA code (or AWSROLE_TOKEN_CODE)" },
  "duration-seconds": {
    type: "string",
    group: "role",
    alias: ["d", "duration"],
    desc: "session length: seconds, or 15m, 1h, 12h (900-43200)",
  },
  "role-session-name": { type: "string", group: "role", alias: ["n"], desc: "session name (default: your user name)" },
  "external-id": { type: "string", group: "role", desc: "external ID the role's trust policy requires" },
  policy: { type: "string", group: "role", desc: "session policy: JSON text or file://PATH" },
  "policy-arns": {
    type: "array",
    group: "role",
    desc: "managed policy ARN to narrow the session (repeatable, max 10)",
  },
  "source-identity": { type: "string", group: "role", desc: "source identity to set on the session" },
  tag: { type: "array", group: "role", desc: "session tag KEY=VALUE (repeatable)" },
  region: { type: "string", group: "role", desc: "region to set (and to call STS in)" },
  "web-identity": {
    type: "optional",
    group: "ci",
    choices: WEB_IDENTITY_SOURCES,
    desc: "assume with the CI's OIDC token (AssumeRoleWithWebIdentity); SOURCE: file, github, gitlab, circleci, buildkite (default: detected)",
  },
  "web-identity-token-file": {
    type: "string",
    group: "ci",
    desc: "file holding the OIDC token (or AWS_WEB_IDENTITY_TOKEN_FILE)",
  },
  "web-identity-env": {
    type: "string",
    group: "ci",
    desc: "GitLab: the id_tokens variable (default GITLAB_OIDC_TOKEN)",
  },
  audience: { type: "string", group: "ci", desc: "audience of the OIDC token asked for (default sts.amazonaws.com)" },
  format: { type: "string", group: "output", alias: ["f", "shell"], desc: "output format (default: detected shell)" },
  "write-profile": { type: "string", group: "output", desc: "write the keys to this credentials-file profile" },
  unset: { type: "boolean", group: "output", desc: "print code that clears every variable awsrole sets" },
  cache: {
    type: "boolean",
    group: "behaviour",
    negatable: true,
    desc: "use the session cache (--no-cache: neither read nor write)",
  },
  refresh: { type: "boolean", group: "behaviour", desc: "ignore a cached session and get a new one" },
  prompt: {
    type: "boolean",
    group: "behaviour",
    negatable: true,
    desc: "ask for a missing MFA code (--no-prompt: fail instead)",
  },
  open: { type: "boolean", group: "behaviour", desc: "console: open the sign-in URL in a browser" },
  "switch-role-url": {
    type: "boolean",
    group: "behaviour",
    desc: "console: print the console's switch-role link; no call",
  },
  server: {
    type: "boolean",
    group: "behaviour",
    desc: "exec: serve the role to the command as ECS does (a loopback endpoint), renewed before expiry",
  },
  "device-code": {
    type: "boolean",
    group: "behaviour",
    desc: "login (and the sign-in offered on a terminal): a code to confirm in any browser, for machines without one",
  },
  offline: { type: "boolean", group: "behaviour", desc: "status: no call, just profile and time left (for prompts)" },
  quiet: { type: "boolean", group: "behaviour", alias: ["q"], desc: "no success line on stderr" },
  verbose: { type: "boolean", group: "behaviour", alias: ["v"], desc: "say where each value came from" },
  help: { type: "boolean", group: "behaviour", alias: ["h"], desc: "show this help" },
  version: { type: "boolean", group: "behaviour", desc: "show the version" },
} as const satisfies Record<string, OptionSpec>;

export interface OptionSpec {
  /** `optional`: a flag that may be followed by one of its `choices`. */
  type: "string" | "array" | "boolean" | "optional";
  group: "role" | "ci" | "output" | "behaviour";
  alias?: readonly string[];
  /**
   * A boolean that is on unless turned off: its `--no-NAME` is one users type, and Tab offers it.
   * The parser takes `--no-NAME` for every boolean; for the others it changes nothing.
   */
  negatable?: true;
  choices?: readonly string[];
  desc: string;
}

export type Name = keyof typeof OPTIONS;
type ValueOf<T extends OptionSpec> = T["type"] extends "boolean"
  ? boolean
  : T["type"] extends "array"
    ? string[]
    : T["type"] extends "optional"
      ? true | string
      : string;
type Alias<K extends Name> = (typeof OPTIONS)[K] extends { alias: readonly (infer A extends string)[] } ? A : never;
/** A word awsrole reads as a subcommand or a flag (`init`, `--help`, `-h`), for lists of words kept elsewhere. */
export type CommandOrFlag = Command | { [K in Name]: `--${K}` | `-${Alias<K>}` }[Name];

export type Flags = { -readonly [K in Name]?: ValueOf<(typeof OPTIONS)[K]> };

export interface ParsedArgs {
  /** Words before `--` that are not options: a subcommand, a profile. */
  positionals: string[];
  /** Words after `--`: the command of `exec`, else profile names (so `awsrole -- list` assumes a profile named list). */
  rest: string[];
  flags: Flags;
}

// Hand-written because start-up is the budget: `--unset` must stay within 1.15x of bare Node
// (README, Speed; npm run bench). yargs-parser adds about a quarter to Node's start-up and util.parseArgs
// about 2 ms of internal module loading; this loop over the table costs neither. It reads the
// AWS CLI's and getopt's forms: `--name value`, `--name=value`, `-t value`, `-t123456`, `-qv`,
// `--no-cache`, `--` and `--policy-arns A B C`.
/** Every spelling of every flag (`--token-code`, `-t`, `--no-cache`) to its option. */
export const FLAGS = new Map<string, { name: Name; negated: boolean }>();
for (const [name, spec] of Object.entries(OPTIONS) as [Name, OptionSpec][]) {
  for (const alias of [name, ...(spec.alias ?? [])]) {
    FLAGS.set(alias.length === 1 ? `-${alias}` : `--${alias}`, { name, negated: false });
  }
  if (spec.type === "boolean") FLAGS.set(`--no-${name}`, { name, negated: true });
}

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const flags: Record<string, unknown> = {};
  const positionals: string[] = [];
  let listOpen = false;
  const set = (name: Name, value: unknown) => {
    const type = OPTIONS[name].type;
    // A repeated string flag keeps its last value, as in the AWS CLI; arrays keep them all.
    flags[name] = type === "array" ? [...((flags[name] as string[]) ?? []), value] : value;
    listOpen = name === "policy-arns";
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") return { positionals, rest: argv.slice(i + 1), flags: flags as Flags };
    if (!arg.startsWith("-") || arg === "-") {
      if (listOpen && /^arn[=:]/.test(arg)) (flags["policy-arns"] as string[]).push(arg);
      else {
        positionals.push(arg);
        listOpen = false;
      }
      continue;
    }
    if (!arg.startsWith("--")) {
      // Short flags: bundled booleans (-qv), and a value attached to the last (-t123456) or next.
      for (let at = 1; at < arg.length; at++) {
        const flag = `-${arg[at]}`;
        const option = FLAGS.get(flag);
        if (!option)
          throw new UsageError(
            `unknown option ${flag}${arg.length > 2 ? ` in ${shown(arg)}` : ""}. See awsrole --help.`,
          );
        if (OPTIONS[option.name].type === "boolean") {
          set(option.name, true);
          continue;
        }
        const attached = arg.slice(at + 1);
        const value = attached !== "" ? attached : argv[++i];
        if (value === undefined || (attached === "" && value.startsWith("-") && value.length > 1)) {
          throw new UsageError(`option ${flag} needs a value; for one that starts with "-", write ${flag}VALUE.`);
        }
        set(option.name, value);
        break;
      }
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const option = FLAGS.get(flag);
    if (!option) {
      const near = closest(
        flag,
        [...FLAGS.keys()].filter((name) => name.startsWith("--")),
      );
      throw new UsageError(`unknown option ${cut(flag)}.${near ? ` Did you mean ${near}?` : ""} See awsrole --help.`);
    }
    const spec: OptionSpec = OPTIONS[option.name];
    if (spec.type === "boolean") {
      if (eq > 0) throw new UsageError(`option ${flag} takes no value. See awsrole --help.`);
      set(option.name, !option.negated);
      continue;
    }
    if (spec.type === "optional") {
      const next = argv[i + 1];
      const value = eq > 0 ? arg.slice(eq + 1) : next !== undefined && spec.choices?.includes(next) ? argv[++i] : true;
      set(option.name, value);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith("-") && value.length > 1)) {
      throw new UsageError(`option ${flag} needs a value; for one that starts with "-", write ${flag}=VALUE.`);
    }
    set(option.name, value);
  }
  return { positionals, rest: [], flags: flags as Flags };
}
