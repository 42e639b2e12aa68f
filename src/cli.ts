// The only file that touches process.argv, process.env, stdout and the exit code. Everything
// below it takes its inputs as arguments; `run` takes them as `Io`, which is the test seam.
// It holds only what --unset, --help and completion need; the assume path is commands/role.ts.
import { appendFileSync, fstatSync, readFileSync, statSync, writeSync } from "node:fs";
import { homedir, userInfo } from "node:os";
import { join } from "node:path";
import type { StsCaller } from "./caller.js";
import { unsetChanges } from "./changes.js";
import { CallError, isAwsroleError, UsageError } from "./errors.js";
import { type Flags, parseArgs } from "./options.js";
import { paint } from "./paint.js";
import { awsFilePaths, loadProfiles } from "./profiles.js";
import { detectShell, FORMATS, type Format, type FormatName, isFormatName } from "./shells/index.js";

declare const __AWSROLE_VERSION__: string;
/** Defined by build.mjs in the bundle; undefined when the sources run under the tests. */
declare const __AWSROLE_BUNDLE__: boolean | undefined;

export interface Io {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Asked only when needed: every check costs start-up time. */
  stdoutIsTTY: () => boolean;
  stderrIsTTY: () => boolean;
  readFile: (path: string) => string | undefined;
  home: string;
  /** The OS user name (for the default session name), asked only when needed. */
  userName: () => string;
  platform: string;
  /** The parent process's name, to detect the shell; undefined when unknown. */
  parentName: () => string | undefined;
  now: () => Date;
  /** Asks on the terminal; undefined when there is none. */
  prompt: (message: string) => Promise<string | undefined>;
  /** Runs an `mfa_process` command and returns its stdout. */
  runProcess: (command: string) => string;
  /** Runs a command for `exec` with stdio inherited and signals forwarded; resolves to its exit status. */
  spawn: (command: string, args: readonly string[], env: NodeJS.ProcessEnv) => Promise<number>;
  appendFile: (path: string, text: string) => void;
  /** Opens a URL in the default browser. */
  openUrl: (url: string) => Promise<void>;
  /** A random identifier (the GitHub Actions heredoc delimiter). */
  randomId: () => string;
  /** The folder of the shell integration scripts (shell/ in the package). */
  shellDir: string;
  /** The STS implementation; the SDK-backed one is loaded on first use. */
  sts: () => Promise<StsCaller>;
  terminalWidth: number;
}

/** Values no message may carry; a function is asked only when a message is about to be printed. */
export type Secrets = Set<string | (() => string[])>;

export async function run(io: Io): Promise<number> {
  const secrets: Secrets = new Set();
  try {
    return (await dispatch(io, secrets)) ?? 0;
  } catch (error) {
    const known = isAwsroleError(error);
    const message = known
      ? error.message
      : `unexpected error: ${(error as Error).message}. Set AWSROLE_DEBUG=1 for details.`;
    const color = await paint(io);
    io.stderr(`${color.red("awsrole:")} ${redact(message.replace(/\s*\n\s*/g, " "), secrets)}\n`);
    if (io.env.AWSROLE_DEBUG === "1") io.stderr(`${redact(String((error as Error).stack), secrets)}\n`);
    return known ? error.awsroleExit : 1;
  }
}

async function dispatch(io: Io, secrets: Secrets): Promise<number | undefined> {
  const { positionals, rest, flags } = parseArgs(io.argv);
  if (flags.help || flags.version) {
    // Help never lands on a pipe a wrapper might eval: it goes to stderr unless stdout is a terminal.
    const text = flags.help ? await (await import("./help.js")).helpText(io.terminalWidth) : __AWSROLE_VERSION__;
    (io.stdoutIsTTY() ? io.stdout : io.stderr)(`${text}\n`);
    return;
  }
  switch (positionals[0]) {
    case "init":
      // Commands other than the assume path load their modules on demand, off everyone's start-up.
      io.stdout((await import("./commands/init.js")).initScript(positionals[1], io.shellDir, io.readFile));
      return;
    case "list":
      // Names alone are what completion asks for, on every tab: no resolution, no cache look-ups.
      if (flags.format === "names") {
        const names = loadProfiles(awsFilePaths(io.env, io.home), io.readFile).names().sort();
        io.stdout(names.map((name) => `${name}\n`).join(""));
        return;
      }
      return (await role()).listCommand(io, flags);
    case "status":
      return (await import("./commands/status.js")).statusCommand(io, flags);
    case "exec":
      return (await role()).execCommand(io, positionals.slice(1), rest, flags, secrets);
    case "console":
      return (await role()).consoleCommand(io, positionals.slice(1), flags, secrets);
  }
  const formatName = chooseFormat(io, flags);
  const format: Format = FORMATS[formatName];
  if (format.shell && io.stdoutIsTTY()) {
    // Secrets must never land in terminal scrollback: show how to use the output instead.
    const args = io.argv.join(" ");
    throw new UsageError(
      formatName === "fish" || formatName === "powershell"
        ? `this prints ${formatName} code to evaluate: run awsrole ${args} | ${formatName === "fish" ? "source" : "Invoke-Expression"}, or set up awsrole init ${formatName}.`
        : `this prints shell code to evaluate: run eval "$(awsrole ${args})", or set up awsrole init ${formatName}.`,
    );
  }

  if (flags.unset) {
    if (positionals.length) throw new UsageError(`--unset takes no profile (got ${JSON.stringify(positionals[0])}).`);
    // Only an awsrole session needs the files read: a plain --unset stays at Node's start-up cost.
    const label = io.env.AWSROLE_PROFILE;
    const files = label ? loadProfiles(awsFilePaths(io.env, io.home), io.readFile) : undefined;
    const regionSet = label ? (flags.region ?? files?.get(label)?.values.region) : undefined;
    // AWS_PROFILE is awsrole's when it names a profile awsrole wrote (--write-profile).
    const profile = io.env.AWS_PROFILE;
    const wrote = profile !== undefined && files?.get(profile)?.values.x_security_token_expires !== undefined;
    io.stdout(format.render(unsetChanges(io.env, regionSet, wrote), { appendFile: () => {}, randomId: () => "" }));
    return;
  }

  return (await role()).assumeCommand(io, positionals, flags, format, secrets);
}

function chooseFormat(io: Io, flags: Flags): FormatName {
  const name = flags.format;
  if (name === undefined) return detectShell(io.parentName(), io.env.SHELL, io.platform);
  if (isFormatName(name)) return name;
  throw new UsageError(`unknown format ${JSON.stringify(name)}. Use one of: ${Object.keys(FORMATS).join(", ")}.`);
}

function redact(text: string, secrets: Secrets): string {
  let out = text;
  for (const secret of [...secrets].flatMap((s) => (typeof s === "string" ? [s] : s()))) {
    out = out.replaceAll(secret, "[redacted]");
  }
  return out;
}

/** The assume path (commands/role.ts): in the bundle, role.cjs, through V8's code cache. */
async function role(): Promise<typeof import("./commands/role.js")> {
  if (typeof __AWSROLE_BUNDLE__ === "undefined") return import("./commands/role.js");
  return requireWithCodeCache("role.cjs") as typeof import("./commands/role.js");
}

/**
 * require() of a bundle beside this one, compiled from V8's code cache when a previous run left
 * one: compiling role.cjs is most of what a cache hit costs beyond Node's start-up, and Node 20
 * has no module.enableCompileCache. The cache lives in ~/.cache/awsrole (0700, files 0600; the
 * user's own, never a shared temporary folder), one file per awsrole and Node version; V8 rejects
 * a stale one, and any failure here only means compiling as usual.
 */
function requireWithCodeCache(file: string): unknown {
  const fs = process.getBuiltinModule("node:fs");
  const { Script } = process.getBuiltinModule("node:vm");
  const path = join(__dirname, file);
  const dir = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "awsrole");
  const cachePath = join(dir, `${file}.${__AWSROLE_VERSION__}.${process.version}.v8cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cachePath);
  } catch {}
  const module = { exports: {} };
  const wrapper = process.getBuiltinModule("node:module").wrap(fs.readFileSync(path, "utf8"));
  const script = new Script(wrapper, { filename: path, cachedData });
  script.runInThisContext()(module.exports, require, module, path, __dirname);
  if (!cachedData || script.cachedDataRejected) {
    // Written at exit, so the functions this run compiled are in it too.
    process.once("exit", () => {
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        fs.writeFileSync(cachePath, script.createCachedData(), { mode: 0o600 });
      } catch {}
    });
  }
  return module.exports;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Runs CMD for `exec`: stdio shared, signals passed on, its exit status (128+N for signal N) returned. */
function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { spawn } = process.getBuiltinModule("node:child_process");
  const { constants } = process.getBuiltinModule("node:os");
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
    for (const signal of signals) process.on(signal, forward);
    const done = () => {
      for (const signal of signals) process.off(signal, forward);
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      done();
      reject(new UsageError(`cannot run ${JSON.stringify(command)} (${error.code}). Check the command after --.`));
    });
    child.on("exit", (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

/**
 * Writes straight to the file descriptor: creating process.stdout for a pipe loads Node's whole
 * stream and socket stack, a sizeable part of the start-up budget. The output is small and
 * written once, before exit; a non-blocking pipe that is full answers EAGAIN, so retry.
 */
function writeAll(fd: number, text: string): void {
  let buffer = Buffer.from(text);
  while (buffer.length > 0) {
    try {
      buffer = buffer.subarray(writeSync(fd, buffer));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
    }
  }
}

/**
 * tty.isatty loads Node's socket and stream modules (net), which costs more than the rest of
 * `--unset` together. On POSIX a terminal is a character device other than /dev/null; Windows
 * keeps the real check.
 */
function isTerminal(fd: number): boolean {
  if (process.platform === "win32") return (require("node:tty") as typeof import("node:tty")).isatty(fd);
  try {
    const stat = fstatSync(fd);
    return stat.isCharacterDevice() && stat.rdev !== statSync("/dev/null").rdev;
  } catch {
    return false;
  }
}

function parentProcessName(): string | undefined {
  // Linux names the parent in /proc; elsewhere $SHELL is the fallback (detectShell).
  return readText(`/proc/${process.ppid}/comm`)?.trim();
}

function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
    return process.env.USER || process.env.USERNAME || "user";
  }
}

/** Runs when this file is the program (the bundle's entry), not when a test imports it. */
export async function main(): Promise<void> {
  process.exitCode = await run({
    argv: process.argv.slice(2),
    env: process.env,
    stdout: (text) => writeAll(1, text),
    stderr: (text) => writeAll(2, text),
    stdoutIsTTY: () => isTerminal(1),
    stderrIsTTY: () => isTerminal(2),
    readFile: readText,
    home: homedir(),
    userName: osUserName,
    platform: process.platform,
    parentName: parentProcessName,
    now: () => new Date(),
    // Loaded only to ask: node:tty costs start-up time every other run would pay.
    prompt: async (message) => (await import("./prompt.js")).askOnTerminal(message, process.platform),
    // getBuiltinModule, not an import: node:child_process loads the socket stack at start-up.
    runProcess: (command) =>
      process.getBuiltinModule("node:child_process").execSync(command, {
        encoding: "utf8",
        stdio: ["inherit", "pipe", "inherit"],
        timeout: 60_000,
      }),
    sts: async () => {
      // The SDK warns on stderr about future Node versions; awsrole's stderr is for the user's role.
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
      return (await import("./sts.js")).sts;
    },
    terminalWidth: Number(process.env.COLUMNS) || 80,
    spawn: runChild,
    openUrl: async (url) => {
      // The platform's own opener; the URL is one argument, never parsed by a shell.
      const [command, ...args] =
        process.platform === "darwin"
          ? ["open"]
          : process.platform === "win32"
            ? ["rundll32", "url.dll,FileProtocolHandler"]
            : ["xdg-open"];
      const status = await runChild(command as string, [...args, url], process.env);
      if (status !== 0)
        throw new CallError(
          `${command} could not open the browser (exit ${status}). Run without --open and open the URL yourself.`,
        );
    },
    appendFile: (path, text) => appendFileSync(path, text),
    randomId: () => process.getBuiltinModule("node:crypto").randomUUID(),
    // The bundle is dist/cli.cjs; the scripts ship beside it in shell/.
    shellDir: join(__dirname, "..", "shell"),
  });
}
