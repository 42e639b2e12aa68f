import type { StsCaller } from "../credentials/caller.js";

/**
 * What a run of awsrole takes from its process: `main` (main.ts) fills it from the real one
 * (process.ts has the plumbing), the tests from memory. The commands get the words, the
 * environment, stdout, stderr and the terminal through it only; the files they write and
 * Node's constants (platform, pid) they use directly.
 */
export interface Io {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Asked only when needed: every check costs start-up time. */
  stdoutIsTTY: () => boolean;
  stderrIsTTY: () => boolean;
  /** A file's text; undefined when there is none; a ConfigError when it exists but cannot be read. */
  readFile: (path: string) => string | undefined;
  /** What `~` stands for, as botocore reads it (home.ts: HOME or the passwd entry; USERPROFILE on Windows). */
  home: string;
  /** The home folder awsrole may write its caches in; undefined when there is no usable one. */
  writableHome: string | undefined;
  /** The OS user name (for the default session name), asked only when needed. */
  userName: () => string;
  platform: string;
  /** The parent process's name, to detect the shell; undefined when unknown. */
  parentName: () => string | undefined;
  now: () => Date;
  /** Asks on the terminal; undefined when there is none. */
  prompt: (message: string) => Promise<string | undefined>;
  /** A profile's `mfa_process`, through the shell as aws-vault runs it; its stdout (process.ts says why). */
  runMfaProcess: (command: string) => string;
  /** A profile's `credential_process`, split as botocore splits it and run without a shell; its stdout. */
  runCredentialProcess: (command: string, where: string) => string;
  /** A CI agent's token command (buildkite-agent), given as words, no shell; its stdout. */
  runTokenProgram: (argv: string[]) => string;
  /** Whether `exec` could start this command (a path, or a name on PATH), asked before any prompt or call. */
  findProgram: (command: string) => boolean;
  /** Runs exec's command in the foreground, stdio inherited; resolves to how it ended. */
  runChild: (command: string, args: readonly string[], env: NodeJS.ProcessEnv) => Promise<ChildEnd>;
  /** Ends this process by the signal that ended exec's child, as the bare command would have ended. */
  dieBy: (signal: NodeJS.Signals) => void;
  appendFile: (path: string, text: string) => void;
  /** Opens a URL in the default browser: "asked" where the opener cannot tell whether it did (Windows). */
  openUrl: (url: string) => Promise<"opened" | "asked">;
  /** A random identifier (the GitHub Actions heredoc delimiter). */
  randomId: () => string;
  /** The folder of the shell integration scripts (shell/ in the package). */
  shellDir: string;
  /** The STS implementation; the SDK-backed one is loaded on first use. */
  sts: () => Promise<StsCaller>;
  /** An HTTP GET with headers (sign-in and token endpoints), ended by the signal. */
  fetchText: (
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ) => Promise<{ status: number; text: string }>;
  terminalWidth: number;
}

/** How a child ended: its exit code, or the signal that killed it. */
export type ChildEnd = { code: number } | { signal: NodeJS.Signals };
