// The dispatch (dist/main.cjs, which the entry cli.ts loads): reads the words and runs what they
// name. `main` builds an `Io` (system/io.ts) from the real process and sets the exit code; `run`
// and every command take the words, the environment, stdout, stderr and the terminal from that
// `Io` only, which is the tests' seam (they fill it from memory). --unset and the commands that
// assume a role (commands/assume.ts, exec.ts, console.ts) are in this bundle; the other commands
// and --help are lazy bundles of their own (bundles.mjs).
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { type Flags, isCommand, OPTIONS, parseArgs, refuseIgnored } from "./args/options.js";
import { wroteSection } from "./aws-files/credentials-file.js";
import { tildeHome } from "./aws-files/home.js";
import { awsFilePaths, loadProfiles, type ProfileFiles } from "./aws-files/profiles.js";
import { assumeCommand } from "./commands/assume.js";
import { consoleCommand } from "./commands/console.js";
import { execCommand } from "./commands/exec.js";
import { unsetChanges } from "./formats/changes.js";
import { quoteFish } from "./formats/fish.js";
import { detectShell, FORMATS, type Format, type FormatName, isFormatName } from "./formats/index.js";
import { quotePowerShell } from "./formats/powershell.js";
import { cut, isAwsroleError, shown, UsageError } from "./system/errors.js";
import type { Io } from "./system/io.js";
import { paint } from "./system/paint.js";
import * as proc from "./system/process.js";
import { Secrets } from "./system/secrets.js";

declare const __AWSROLE_VERSION__: string;

export async function run(io: Io): Promise<number> {
  const status = await answer(io);
  // for /f drops the exit status of the command it reads: the cmd wrapper reads it here, and
  // runs only the lines it knows (shell/awsrole.cmd).
  if (io.argv[0] === `${WRAPPER}cmd`) io.stdout(`exit ${status}\r\n`);
  return status;
}

async function answer(io: Io): Promise<number> {
  const secrets = new Secrets();
  try {
    return (await dispatch(io, secrets)) ?? 0;
  } catch (error) {
    const known = isAwsroleError(error);
    const message =
      (known ? error.message : `unexpected error: ${(error as Error).message}. Set AWSROLE_DEBUG=1 for details.`) +
      insideServer(io.env, (error as Error).message);
    const color = await paint(io);
    io.stderr(`${color.red("awsrole:")} ${secrets.redact(message).replace(/\s*\n\s*/g, " ")}\n`);
    if (io.env.AWSROLE_DEBUG === "1") io.stderr(`${secrets.redact(String((error as Error).stack))}\n`);
    return known ? error.awsroleExit : 1;
  }
}

/**
 * `awsrole exec --server` gives CMD no credentials file when its [default] holds keys: an awsrole
 * run inside CMD that fails on that file (a profile or its keys not found in /dev/null) says why.
 */
function insideServer(env: NodeJS.ProcessEnv, message: string): string {
  const devNull = process.getBuiltinModule("node:os").devNull;
  if (env.AWS_SHARED_CREDENTIALS_FILE !== devNull || !env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return "";
  if (!message.includes(devNull)) return "";
  return ` (This runs inside awsrole exec --server${env.AWSROLE_PROFILE ? ` for ${env.AWSROLE_PROFILE}` : ""}, which gives its command AWS_SHARED_CREDENTIALS_FILE=${devNull} so that [default]'s keys do not replace the role: run this outside it.)`;
}

/** Flags that only the assume path reads: with --unset they would be ignored, so they are refused. */
const ASSUME_ONLY = (Object.keys(OPTIONS) as (keyof typeof OPTIONS)[]).filter(
  (name) => OPTIONS[name].group === "role" || OPTIONS[name].group === "ci" || name === "write-profile",
);

/**
 * The wrappers in shell/ call `awsrole --wrapper=SHELL ARGS…`: awsrole parses ARGS itself and
 * answers with code for SHELL alone. Hidden: not in the option table, so neither help nor
 * completion shows it, and it counts only as the first word.
 */
const WRAPPER = "--wrapper=";

/**
 * What a wrapper runs when ARGS set no variables (a subcommand, help, version, an explicit
 * format): awsrole again, plainly, with the same words, so its output reaches the terminal.
 * Evaluated inside the wrapper's function, where these name its arguments. cmd's wrapper reads
 * the word `run` instead: it has no eval.
 */
const PASS_THROUGH: Record<string, string> = {
  bash: 'command awsrole "$@"\n',
  zsh: 'command awsrole "$@"\n',
  fish: "command awsrole $argv\n",
  // An array, not @splatting: splatting drops a word `--%`, and a function loses a bare `--`.
  powershell: "& $global:AwsroleProgram $global:AwsroleProgramArgs $awsroleArgs\n",
  cmd: "run\r\n",
};

/**
 * Tab completion in every shell calls `awsrole --complete=WORD WORDS…`: WORD is the word at the
 * cursor as typed so far, WORDS those before it (after `awsrole`), unquoted. Hidden and first
 * only, as --wrapper=; the current word rides on it because Windows PowerShell drops an empty
 * argument. The answer is one candidate a line (src/commands/complete.ts).
 */
const COMPLETE = "--complete=";

async function dispatch(io: Io, secrets: Secrets): Promise<number | undefined> {
  if (io.argv[0]?.startsWith(COMPLETE)) {
    const { completions } = await import("./commands/complete.js");
    const profiles = () =>
      loadProfiles(awsFilePaths(io.env, io.home, io.platform), io.readFile)
        .names()
        .sort();
    const words = completions(io.argv.slice(1), io.argv[0].slice(COMPLETE.length), profiles);
    io.stdout(words.map((word) => `${word}\n`).join(""));
    return;
  }
  const wrapper = io.argv[0]?.startsWith(WRAPPER) ? io.argv[0].slice(WRAPPER.length) : undefined;
  if (wrapper !== undefined) {
    if (!Object.hasOwn(PASS_THROUGH, wrapper)) {
      throw new UsageError(`unknown wrapper ${shown(wrapper)}. Load the wrapper again: awsrole init SHELL.`);
    }
    io = { ...io, argv: io.argv.slice(1) };
  }
  const { positionals, rest, flags } = parseArgs(io.argv);
  // A subcommand is a word before `--`; after it every word is a profile (`awsrole -- list`).
  const command = isCommand(positionals[0]) ? positionals[0] : undefined;
  if (wrapper !== undefined) {
    // Only the assume path and --unset set variables in the shell; anything else runs plainly.
    if (command !== undefined || flags.help || flags.version || flags.format !== undefined) {
      io.stdout(PASS_THROUGH[wrapper] as string);
      return;
    }
    flags.format = wrapper;
  }
  const others = (Object.keys(flags) as (keyof Flags)[]).filter(
    (name) => name !== "version" && flags[name] !== undefined,
  );
  if (flags.version && !flags.help && (others.length || positionals.length || rest.length)) {
    const word = others.length ? `--${others[0]}` : shown((positionals[0] ?? rest[0]) as string);
    throw new UsageError(
      `--version prints the version and nothing else; it takes no ${word}. Run awsrole --version alone.`,
    );
  }
  // On stdout, as with every CLI (`awsrole --help | less`); the wrappers pass them through.
  // `awsrole exec --help` is exec's own.
  if (flags.help) {
    const { helpText } = await import("./args/help.js");
    io.stdout(`${await helpText(io.terminalWidth, command)}\n`);
    return;
  }
  if (flags.version) {
    io.stdout(`${__AWSROLE_VERSION__}\n`);
    return;
  }
  const args = command === undefined ? positionals : positionals.slice(1);
  if (command !== "exec" && rest.length) args.push(...rest);
  if (flags.server && command !== "exec") {
    throw new UsageError(
      "--server serves the role to a command, so it goes with exec. Run awsrole exec PROFILE --server -- CMD.",
    );
  }
  refuseIgnored(command, args, flags);
  switch (command) {
    case "init": {
      // Commands other than the assume path load their modules on demand, off everyone's start-up.
      // Each is destructured where it loads, so knip sees which exports are used.
      const { initScript } = await import("./commands/init.js");
      io.stdout(
        initScript(
          args[0],
          io.shellDir,
          io.readFile,
          // This node and this cli.cjs (beside shell/ in the package), for PowerShell on Windows.
          io.platform === "win32"
            ? { node: process.execPath, cli: join(io.shellDir, "..", "dist", "cli.cjs") }
            : undefined,
        ),
      );
      return;
    }
    case "list": {
      // Names alone are what completion asks for, on every tab: no resolution, no cache look-ups.
      if (flags.format === "names") {
        const names = loadProfiles(awsFilePaths(io.env, io.home, io.platform), io.readFile)
          .names()
          .sort();
        io.stdout(names.map((name) => `${name}\n`).join(""));
        return;
      }
      const { listCommand } = await import("./commands/list.js");
      return listCommand(io, flags);
    }
    case "status": {
      const { statusCommand } = await import("./commands/status.js");
      return statusCommand(io, flags, secrets);
    }
    case "exec":
      return execCommand(io, args, rest, flags, secrets);
    case "console":
      return consoleCommand(io, args, flags, secrets);
    case "login": {
      const { loginCommand } = await import("./commands/login.js");
      return loginCommand(io, args, flags, secrets);
    }
  }
  const formatName = chooseFormat(io, flags);
  const format: Format = FORMATS[formatName];
  if (format.shell && io.stdoutIsTTY()) {
    // Secrets must never land in terminal scrollback: show how to use the output instead.
    throw new UsageError(`this prints ${formatName} code to evaluate: ${howToEvaluate(formatName, io.argv)}.`);
  }

  if (flags.unset) {
    if (args.length) throw new UsageError(`--unset takes no profile (got ${shown(args[0] as string)}).`);
    const ignored = ASSUME_ONLY.find((name) => flags[name] !== undefined);
    if (ignored) throw new UsageError(`--unset clears the variables; it takes no --${ignored}. Run it alone.`);
    if (!format.removes) {
      throw new UsageError(`--unset prints code that removes variables; --format ${formatName} cannot remove any.`);
    }
    // Only an awsrole session needs the files read: a plain --unset stays at Node's start-up cost.
    // AWS_PROFILE alone (a second terminal set to a profile awsrole wrote, without AWSROLE_PROFILE)
    // needs the credentials file alone.
    const label = io.env.AWSROLE_PROFILE;
    const profile = io.env.AWS_PROFILE;
    const { files, problem } = label ? readForUnset(io) : profile ? readForUnset(io, false) : {};
    const region = label && !problem ? files?.get(label)?.values.region : undefined;
    const regionSet = typeof region === "string" ? region : undefined;
    // AWS_PROFILE is awsrole's when it names a profile awsrole wrote (--write-profile).
    const wrote = profile !== undefined && wroteSection(files?.get(profile)?.inCredentials);
    io.stdout(format.render(unsetChanges(io.env, regionSet, wrote)));
    if (problem) {
      const left = [...(label ? ["AWS_REGION", "AWS_DEFAULT_REGION"] : []), ...(files ? [] : ["AWS_PROFILE"])].filter(
        (key) => io.env[key] !== undefined,
      );
      const kept = left.length ? `, but left ${left.join(", ")} as ${left.length > 1 ? "they are" : "it is"}` : "";
      io.stderr(`${(await paint(io)).yellow("awsrole:")} cleared the session${kept}: ${problem}\n`);
    }
    return;
  }

  return assumeCommand(io, args, flags, format, formatName, secrets);
}

/**
 * The two files, for what --unset decides from them: the region awsrole set, the profile it
 * wrote. Clearing works whatever they hold, so a file that cannot be read is `problem` (its
 * message), not an error: the region is then left alone, and the credentials file, read
 * alone, still tells whether AWS_PROFILE is awsrole's. Without AWSROLE_PROFILE there is no
 * region to decide, so `withConfig` false reads the credentials file alone.
 */
function readForUnset(io: Io, withConfig = true): { files?: ProfileFiles; problem?: string } {
  const paths = awsFilePaths(io.env, io.home, io.platform);
  const withoutConfig = (path: string) => (path === paths.configPath ? undefined : io.readFile(path));
  try {
    return { files: loadProfiles(paths, withConfig ? io.readFile : withoutConfig) };
  } catch (error) {
    if (!isAwsroleError(error)) throw error;
    if (!withConfig) return { problem: error.message };
    try {
      return { files: loadProfiles(paths, withoutConfig), problem: error.message };
    } catch {
      return { problem: error.message };
    }
  }
}

/**
 * The hint for shell code on a terminal: the same words, quoted for that shell where they need it,
 * and the wrapper only for the shells `init` has one for (there is none for sh).
 */
function howToEvaluate(formatName: FormatName, argv: readonly string[]): string {
  // POSIX: plain single quotes (quotePosix also escapes for an unquoted eval, which this is not).
  const quote =
    formatName === "fish"
      ? quoteFish
      : formatName === "powershell"
        ? quotePowerShell
        : (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
  const line = cut(argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : quote(word))).join(" "), 200, "");
  const init = `, or set up the wrapper: awsrole init ${formatName}`;
  if (formatName === "fish") return `run awsrole ${line} | source${init}`;
  if (formatName === "powershell") return `run awsrole ${line} | Invoke-Expression${init}`;
  if (formatName === "cmd") return "in cmd.exe, set up the wrapper: awsrole init cmd";
  return `run eval "$(awsrole ${line})"${formatName === "sh" ? "" : init}`;
}

function chooseFormat(io: Io, flags: Flags): FormatName {
  const name = flags.format;
  if (name === undefined) return detectShell(io.parentName(), io.env, io.platform);
  if (isFormatName(name)) return name;
  throw new UsageError(`unknown format ${shown(name)}. Use one of: ${Object.keys(FORMATS).join(", ")}.`);
}

/** Whether awsrole itself switched the SDK's Node-version warning off (the child of exec must not inherit that). */
let sdkWarningOff = false;

/**
 * Runs the program, called by the entry (cli.ts), which looked up the home folder awsrole may
 * write in and loads the bundles that have a code cache (the AWS SDK's); tests call `run` instead.
 */
export async function main(writableHome: string | undefined, loadSdk: () => unknown): Promise<void> {
  const env = process.env;
  const home = tildeHome(env, process.platform);
  const code = await run({
    argv: process.argv.slice(2),
    env,
    stdout: (text) => proc.writeAll(1, text),
    stderr: (text) => proc.writeAll(2, text),
    stdoutIsTTY: () => proc.isTerminal(1),
    stderrIsTTY: () => proc.isTerminal(2),
    readFile: proc.readText,
    home,
    writableHome,
    userName: proc.osUserName,
    platform: process.platform,
    parentName: proc.parentProcessName,
    now: () => new Date(),
    // Loaded only to ask: node:tty costs start-up time every other run would pay.
    prompt: async (message) => {
      const { askOnTerminal } = await import("./system/prompt.js");
      return askOnTerminal(message, process.platform);
    },
    runMfaProcess: proc.runMfaProcess,
    runCredentialProcess: proc.runCredentialProcess,
    runTokenProgram: proc.runTokenProgram,
    fetchText: proc.fetchText,
    sts: async () => {
      // The SDK warns on stderr about future Node versions; awsrole's stderr is for the user's role.
      if (env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED === undefined) {
        env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
        sdkWarningOff = true;
      }
      return (loadSdk() as typeof import("./credentials/sts.js")).sts;
    },
    terminalWidth: Number(env.COLUMNS) || 80,
    dieBy: proc.dieBy,
    findProgram: (command) => proc.findProgram(command, env, process.platform),
    runChild: (command, args, childEnv) => {
      if (sdkWarningOff) delete childEnv.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
      return proc.runChild(command, args, childEnv);
    },
    openUrl: (url) => proc.openUrl(url, env, process.platform, proc.runChild),
    appendFile: (path, text) => appendFileSync(path, text),
    randomId: () => process.getBuiltinModule("node:crypto").randomUUID(),
    // The bundles are in dist/; the scripts ship beside it in shell/.
    shellDir: join(__dirname, "..", "shell"),
  });
  if (code !== 0) process.exitCode = code;
  // Output is written synchronously; nothing left running (a socket the deadline gave up on)
  // may hold the process past its answer. A run with nothing left exits at once: process.exit
  // skips tearing down V8's heap, which a natural end does page by page (~1 ms of a cache hit).
  if (process.getActiveResourcesInfo().length === 0) process.exit();
  setTimeout(() => process.exit(), 50).unref();
}
