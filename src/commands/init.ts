import { join } from "node:path";
import { UsageError } from "../system/errors.js";

/** The files in shell/ that make each shell's integration: the single source `init` prints. */
const SCRIPTS = {
  bash: ["awsrole.sh", "complete.bash", "refresh.bash"],
  zsh: ["awsrole.sh", "complete.zsh", "refresh.zsh"],
  fish: ["awsrole.fish"],
  powershell: ["awsrole.ps1"],
  cmd: ["awsrole.cmd"],
} as const;

/** The shells `init` knows, for its message and for completion. */
export const INIT_SHELLS = Object.keys(SCRIPTS) as (keyof typeof SCRIPTS)[];

/**
 * What the PowerShell function runs: on Windows node and awsrole's cli.cjs themselves, since
 * npm's `awsrole` there is a batch file (awsrole.cmd) through which cmd.exe would read the words
 * again (`&`, `|`, `%VAR%`); elsewhere the `awsrole` on PATH (undefined).
 */
interface PowershellProgram {
  node: string;
  cli: string;
}

/** A PowerShell single-quoted string: its quote characters (PowerShell reads ‘ ’ ‚ ‛ as ' too) doubled. */
const psQuoted = (text: string) => `'${text.replace(/['\u2018-\u201B]/g, "$&$&")}'`;

export function initScript(
  shell: string | undefined,
  shellDir: string,
  readFile: (path: string) => string | undefined,
  powershellProgram?: PowershellProgram,
): string {
  if (!shell || !Object.hasOwn(SCRIPTS, shell)) {
    const known = INIT_SHELLS;
    const shells = `${known.slice(0, -1).join(", ")} or ${known.at(-1)}`;
    throw new UsageError(
      `${shell ? `init does not know the shell ${JSON.stringify(shell)}` : "init needs a shell"}: ${shells}. Run awsrole init bash, for example (or awsrole exec PROFILE -- CMD in any shell).`,
    );
  }
  const files = SCRIPTS[shell as keyof typeof SCRIPTS].map((name) => join(shellDir, name));
  // cmd.exe has no eval: its integration is a doskey macro calling the batch file in shell/.
  if (shell === "cmd") return `doskey awsrole=call "${files[0]}" $*\r\n`;
  const script = files
    .map((file) => {
      const text = readFile(file);
      if (text === undefined) throw new UsageError(`cannot read ${file}: reinstall awsrole.`);
      return text;
    })
    .join("\n");
  return (
    script
      // A function: a path may hold `$&`, which a replacement string would read as a pattern.
      .replaceAll("'@AWSROLE_NODE@'", () => psQuoted(powershellProgram?.node ?? ""))
      .replaceAll("'@AWSROLE_CLI@'", () => psQuoted(powershellProgram?.cli ?? ""))
      .replaceAll("@AWSROLE_FORMAT@", shell)
  );
}
