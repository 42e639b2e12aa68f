// The process plumbing behind main.ts's Io: output without Node's stream stack, terminals, the
// files awsrole reads, child processes and signals. Each function is here
// because the obvious Node API costs start-up time or gets an edge wrong; the comment says which.
// Programs are started in one way per job, each named for it:
// - runChild: exec's CMD (and console --open's opener) in the foreground, to its end;
// - runMfaProcess: a profile's mfa_process, through the shell, as aws-vault runs it;
// - runCredentialProcess: a profile's credential_process, without a shell, as botocore runs it;
// - runTokenProgram: a CI agent's token command (buildkite-agent);
// - startDetached: the browser `login` opens, left running.
import { accessSync, closeSync, constants, fstatSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { splitCommandLine } from "./command-line.js";
import { CallError, ConfigError, cut, shown, UsageError } from "./errors.js";
import type { ChildEnd } from "./io.js";

/** The descriptors whose reader has gone (EPIPE): what is written to them later is dropped. */
const closedPipes = new Set<number>();

/**
 * Writes straight to the file descriptor: creating process.stdout for a pipe loads Node's whole
 * stream and socket stack, a sizeable part of the start-up budget. The output is small and
 * written once, before exit; a non-blocking pipe that is full answers EAGAIN, so retry. A reader
 * that stops early (`awsrole list | head -1`) is a normal end, as it is for `ls | head`: the rest
 * is dropped quietly and the run ends as it would have (Node ignores SIGPIPE, so the write
 * answers EPIPE where ls would have died of the signal).
 */
export function writeAll(fd: number, text: string): void {
  if (closedPipes.has(fd)) return;
  let buffer = Buffer.from(text);
  while (buffer.length > 0) {
    try {
      buffer = buffer.subarray(writeSync(fd, buffer));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EPIPE") {
        closedPipes.add(fd);
        return;
      }
      if (code !== "EAGAIN") throw error;
    }
  }
}

/**
 * tty.isatty loads Node's socket and stream modules (net), which costs more than the rest of
 * `--unset` together. On POSIX a terminal is a character device other than /dev/null; Windows
 * keeps the real check.
 */
export function isTerminal(fd: number): boolean {
  if (process.platform === "win32") return (require("node:tty") as typeof import("node:tty")).isatty(fd);
  try {
    const stat = fstatSync(fd);
    return stat.isCharacterDevice() && stat.rdev !== statSync("/dev/null").rdev;
  } catch {
    return false;
  }
}

const ABSENT = new Set(["ENOENT", "ENOTDIR", "EISDIR"]);

/**
 * A file's text as Python reads it for botocore: UTF-8, strictly (a file that is not UTF-8 is
 * refused, as the CLI refuses it), a BOM kept as text. Missing, or not a regular file: undefined
 * (botocore's isfile). Present but unreadable: an error naming it — where the CLI silently reads
 * nothing (configparser skips files it cannot open), which would hide why a profile is missing.
 */
export function readText(path: string): string | undefined {
  let text: string;
  try {
    // A long file as bytes, then text: on Node 20 readFileSync(path, "utf8") took ~2.5 ms for a
    // 1.1 MB config (10,000 profiles) where this takes ~1 ms; for a small file it is the quicker.
    // ASCII bytes (nearly every long config) decoded as latin1 are the same text, and from ~1 MB
    // Node keeps that text outside V8's heap: a 10,000-profile cache hit then runs no garbage
    // collection (it ran one, ~0.8 ms, for the 1.1 MB string).
    if (statSync(path).size > 65536) {
      const bytes = readFileSync(path);
      text = process.getBuiltinModule("node:buffer").isAscii(bytes) ? bytes.toString("latin1") : bytes.toString();
    } else text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (ABSENT.has(code)) return undefined;
    // Past V8's longest string (or Node's 2 GiB read), the file cannot be held as text at all.
    if (code === "ERR_STRING_TOO_LONG" || code === "ERR_FS_FILE_TOO_LARGE") {
      const mb = (bytes: number) => Math.floor(bytes / 2 ** 20);
      const limit = process.getBuiltinModule("node:buffer").constants.MAX_STRING_LENGTH;
      throw new ConfigError(
        `${path} is ${mb(statSync(path).size)} MB, more than awsrole can read (${mb(limit)} MB). Check that it is the file you meant, or make it smaller.`,
      );
    }
    throw new ConfigError(`cannot read ${path} (${code}). Check its permissions.`);
  }
  // Decoding replaced invalid bytes with U+FFFD; only then is the strict decoder worth running.
  if (text.includes("\uFFFD")) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(path));
    } catch {
      throw new ConfigError(`${path} is not UTF-8 text; the AWS CLI cannot read it either. Save it as UTF-8.`);
    }
  }
  return text;
}

export function parentProcessName(): string | undefined {
  // Linux names the parent in /proc; elsewhere $SHELL is the fallback (detectShell).
  try {
    return readFileSync(`/proc/${process.ppid}/comm`, "utf8").trim();
  } catch {
    return undefined;
  }
}

export function osUserName(): string {
  try {
    return process.getBuiltinModule("node:os").userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
    return process.env.USER || process.env.USERNAME || "user";
  }
}

/**
 * runChild: exec's CMD (and console --open's opener, see openUrl), run as the command it wraps
 * would run: in awsrole's process group, so a Ctrl-C from the terminal reaches it once, directly
 * (awsrole does not send SIGINT and SIGQUIT a second time while it is in the terminal's foreground
 * group; when it is not, or has no terminal, the terminal cannot have sent them, so they were sent
 * to awsrole alone, by a supervisor's kill -INT, and are passed on); SIGTERM, SIGHUP, SIGUSR1 and
 * SIGUSR2 sent to awsrole alone are passed on (SIGUSR1 would otherwise open Node's debugger, on a
 * port any local user can reach, while the role's keys are in memory). A SIGHUP that comes with
 * the terminal hanging up is not: the kernel (or the shell) sends that one to the whole job, the
 * child included. Resolves to how it ended, so the caller can die by the same signal.
 * (tapjs/foreground-child re-raises the signal too, but forwards every one.)
 */
export function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ChildEnd> {
  const { spawn } = childProcesses();
  const terminal = hasTerminal();
  return new Promise((resolve, reject) => {
    let child: ReturnType<typeof spawn> | undefined;
    // The handlers are in place before the command starts: a signal sent to awsrole the moment
    // the command is up (a supervisor that waits for it) would otherwise kill awsrole by the
    // default action, and leave the command running. Node runs them from the event loop, so
    // after spawn below has returned.
    const forward = (signal: NodeJS.Signals) => child?.kill(signal);
    const unlessFromTerminal = (signal: NodeJS.Signals) => (inForeground() ? undefined : forward(signal));
    const handlers: [NodeJS.Signals, (signal: NodeJS.Signals) => void][] = [
      ["SIGINT", unlessFromTerminal],
      ["SIGQUIT", unlessFromTerminal],
      ["SIGTERM", forward],
      ["SIGUSR1", forward],
      ["SIGUSR2", forward],
      ["SIGHUP", (signal) => (!terminal || hasTerminal() ? forward(signal) : undefined)],
    ];
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const done = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
    try {
      child = spawn(command, [...args], { stdio: "inherit", env });
    } catch (error) {
      done();
      // Node refuses some commands before starting anything (a NUL byte in an argument).
      const code = (error as NodeJS.ErrnoException).code;
      return reject(new UsageError(`cannot run ${shown(command)} (${code}). Check the command after --.`));
    }
    child.on("error", (error: NodeJS.ErrnoException) => {
      done();
      reject(new UsageError(`cannot run ${shown(command)} (${error.code}). Check the command after --.`));
    });
    child.on("exit", (code, signal) => {
      done();
      resolve(signal ? { signal } : { code: code ?? 1 });
    });
  });
}

/**
 * Opens a URL with the platform's opener (the URL one argument, never parsed by a shell), run by
 * `run` (runChild). Resolves to "opened" when the opener says it opened it, or "asked" on
 * Windows, where the opener cannot say: rundll32 exits 0 whether url.dll's FileProtocolHandler
 * started a browser or not (it returns nothing to rundll32), so its status is not read at all.
 * A start that fails, or an opener that reports failure (xdg-open, open), is a CallError.
 */
export async function openUrl(
  url: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  run: (command: string, args: readonly string[], env: NodeJS.ProcessEnv) => Promise<ChildEnd>,
): Promise<"opened" | "asked"> {
  const [opener, ...args] = browserOpener(platform);
  let end: ChildEnd;
  try {
    end = await run(opener as string, [...args, url], env);
  } catch {
    throw new CallError(`no browser opener (${opener}) on this machine. Run without --open and open the URL yourself.`);
  }
  if (platform === "win32") return "asked";
  if (!("code" in end) || end.code !== 0)
    throw new CallError(`${opener} could not open the browser. Run without --open and open the URL yourself.`);
  return "opened";
}

/** The platform's command that opens a URL (given as its last argument) in the default browser. */
export function browserOpener(platform: string): string[] {
  return platform === "darwin"
    ? ["open"]
    : platform === "win32"
      ? ["rundll32", "url.dll,FileProtocolHandler"]
      : ["xdg-open"];
}

/**
 * Whether spawning `command` would find a program, by the rules that will start it: a path as
 * written; a bare name in each PATH folder (an empty entry is the current folder), executable on
 * POSIX. On Windows as cross-spawn finds it (through the `which` package): the current folder
 * first, then PATH, trying each PATHEXT extension (the name as written first only when it has a
 * dot), and a file runs only with one of those extensions.
 */
export function findProgram(command: string, env: NodeJS.ProcessEnv, platform: string): boolean {
  const windows = platform === "win32";
  // Variable names ignore case on Windows (Path); process.env does too, a copy does not.
  const variable = (name: string) =>
    windows ? Object.entries(env).find(([key]) => key.toUpperCase() === name)?.[1] : env[name];
  const extensions = windows ? (variable("PATHEXT") || ".EXE;.CMD;.BAT;.COM").split(";").filter(Boolean) : [""];
  const suffixes = windows ? [...(command.includes(".") ? [""] : []), ...extensions] : [""];
  const runnable = (path: string) => {
    try {
      if (!statSync(path).isFile()) return false;
      if (windows) return extensions.some((ext) => path.toUpperCase().endsWith(ext.toUpperCase()));
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  const hasFolder = windows ? /[\\/]/.test(command) : command.includes("/");
  const folders = hasFolder
    ? [""]
    : [...(windows ? [process.cwd()] : []), ...(variable("PATH") ?? "").split(windows ? ";" : ":")];
  return folders.some((folder) =>
    suffixes.some((suffix) => runnable(hasFolder ? command + suffix : join(folder || ".", command + suffix))),
  );
}

/**
 * How programs are started: on Windows through cross-spawn, which finds a bare name through
 * PATHEXT (`npx` is npx.cmd) and runs .cmd and .bat files through cmd.exe with its escaping — Node's
 * own spawn finds only .exe by name and, since the April 2024 fix (CVE-2024-27980), refuses a
 * batch file without `shell` (EINVAL). Elsewhere cross-spawn is Node's spawn, so it is not loaded.
 */
function childProcesses(): Pick<typeof import("cross-spawn"), "spawn" | "sync"> {
  if (process.platform === "win32") return require("cross-spawn") as typeof import("cross-spawn");
  const { spawn, spawnSync } = process.getBuiltinModule("node:child_process");
  return { spawn, sync: spawnSync } as Pick<typeof import("cross-spawn"), "spawn" | "sync">;
}

/**
 * Ends this process by `signal` with the signal's default action, so that its parent sees it
 * killed by that signal (WIFSIGNALED), as the command `exec` ran was. Never through a handler of
 * Node's: Node ignores SIGPIPE and opens its debugger on SIGUSR1. Listening to a signal and then
 * no longer listening sets it back to the default (libuv's uv_signal_stop restores SIG_DFL when
 * the last listener goes); SIGKILL and SIGSTOP take no listener and need none.
 */
export function dieBy(signal: NodeJS.Signals): void {
  if (signal !== "SIGKILL" && signal !== "SIGSTOP") {
    const none = () => {};
    process.removeAllListeners(signal);
    process.on(signal, none);
    process.off(signal, none);
  }
  process.kill(process.pid, signal);
}

/**
 * Whether this process is in its terminal's foreground process group, the one a Ctrl-C is sent
 * to (tpgid equals pgrp). Linux tells in /proc/self/stat, other systems through ps. Windows has
 * no process groups of this kind (a console's Ctrl-C reaches every process attached): treated as
 * in the foreground, as before. A signal cannot tell who sent it (Node gives no siginfo), so a
 * kill -INT to awsrole while it is in the foreground is still taken as the terminal's (and dropped).
 */
function inForeground(): boolean {
  if (process.platform === "win32") return true;
  let pgrp: number;
  let tpgid: number;
  try {
    // pid (comm) state ppid pgrp session tty_nr tpgid …: comm may hold spaces and parentheses.
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    pgrp = Number(fields[2]);
    tpgid = Number(fields[5]);
  } catch {
    const out = childProcesses().sync("ps", ["-o", "pgid=", "-o", "tpgid=", "-p", String(process.pid)], {
      encoding: "utf8",
    });
    [pgrp, tpgid] = String(out.stdout ?? "")
      .trim()
      .split(/\s+/)
      .map(Number) as [number, number];
  }
  // Not known (no ps): as in the foreground, so a terminal's Ctrl-C is never sent twice.
  if (!Number.isInteger(pgrp) || !Number.isInteger(tpgid)) return true;
  return pgrp === tpgid;
}

/** Whether the process has a controlling terminal: once it has hung up, /dev/tty no longer opens. */
function hasTerminal(): boolean {
  try {
    closeSync(openSync("/dev/tty", "r"));
    return true;
  } catch {
    return false;
  }
}

/**
 * runMfaProcess: a profile's `mfa_process`, run as aws-vault runs it (the key is aws-vault's; the
 * AWS CLI has none): one command line through the shell, `/bin/sh -c` (cmd.exe on Windows), so a
 * pipe or a variable in it works as it does there (99designs/aws-vault vault/mfa.go,
 * ProcessMfaProvider). stdin and stderr stay the user's (a key may ask to be touched), stdout is
 * the code. credential_process is the AWS CLI's key, so it is run as botocore runs it, without a
 * shell (runCredentialProcess): each key means what it means in the tool that defines it, and
 * one config file works the same in both.
 */
export function runMfaProcess(command: string): string {
  // execSync runs `/bin/sh -c command` (cmd.exe /d /s /c "command" on Windows). Loaded when
  // called, not imported: node:child_process loads the socket stack at start-up.
  return process.getBuiltinModule("node:child_process").execSync(command, {
    encoding: "utf8",
    stdio: ["inherit", "pipe", "inherit"],
    timeout: 60_000,
  });
}

/**
 * runCredentialProcess: a profile's `credential_process`, as botocore's ProcessProvider runs it:
 * split as botocore splits it (command-line.ts: shlex, or the C runtime's rules on Windows) and
 * run without a shell; stdin and the terminal stay the user's (it may prompt), stdout is the
 * answer, stderr is kept for the message when it fails.
 */
export function runCredentialProcess(command: string, where: string): string {
  let argv: string[];
  try {
    argv = splitCommandLine(command, process.platform);
  } catch (error) {
    throw new ConfigError(`${where} cannot be split into words (${(error as Error).message}). Fix its quotes.`);
  }
  const [program, ...args] = argv;
  if (!program) throw new ConfigError(`${where} is empty. Set it to the command that prints the credentials.`);
  const result = childProcesses().sync(program, args, {
    encoding: "utf8",
    stdio: ["inherit", "pipe", "pipe"],
    timeout: 60_000,
    maxBuffer: 1 << 20,
  });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new CallError(`${where} could not run ${shown(program)} (${code}). Check the command.`);
  }
  if (result.status !== 0) {
    const said = cut((result.stderr ?? "").trim().split("\n").at(-1) ?? "", 200, "");
    throw new CallError(`${where} failed (exit ${result.status ?? result.signal})${said ? `: ${said}` : ""}.`);
  }
  return result.stdout;
}

/**
 * runTokenProgram: a CI agent's command that prints an OIDC token (buildkite-agent), given as
 * words: no shell, no stdin; stdout is the token, stderr goes into the error's message.
 */
export function runTokenProgram(argv: string[]): string {
  const [program, ...args] = argv;
  return process.getBuiltinModule("node:child_process").execFileSync(program as string, args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 10_000,
  });
}

/**
 * startDetached: a program that outlives awsrole (the browser `login` opens) is started and left
 * running, its output dropped: resolves true once it started, false when it could not start.
 * Detached on POSIX, so closing awsrole's terminal does not close the browser with it.
 */
export function startDetached(command: string, args: readonly string[], platform: string): Promise<boolean> {
  const { spawn } = process.getBuiltinModule("node:child_process");
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { stdio: ["ignore", "ignore", "ignore"], detached: platform !== "win32" });
      child.on("error", () => resolve(false));
      child.on("spawn", () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}

/** An HTTP GET that the deadline's signal can end at any point (connect, headers or body). */
export async function fetchText(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { headers, signal });
  return { status: response.status, text: await response.text() };
}
