import { join } from "node:path";
import { UsageError } from "../errors.js";
import { OPTIONS, type OptionSpec } from "../options.js";

/** The integration script of each shell, in shell/: the single source `init` prints. */
const SCRIPTS = {
  bash: "awsrole.bash",
  zsh: "awsrole.zsh",
  fish: "awsrole.fish",
  powershell: "awsrole.ps1",
  cmd: "awsrole.cmd",
} as const;

export const COMMANDS = ["init", "exec", "status", "list", "console"];

/** Every long flag, for completion; generated from the option table so it cannot drift. */
export function longFlags(): string[] {
  return Object.entries(OPTIONS as Record<string, OptionSpec>).flatMap(([name, spec]) => [
    `--${name}`,
    ...(spec.alias ?? []).filter((a) => a.length > 1).map((a) => `--${a}`),
    ...(spec.type === "boolean" && (name === "cache" || name === "prompt") ? [`--no-${name}`] : []),
  ]);
}

export function initScript(
  shell: string | undefined,
  shellDir: string,
  readFile: (path: string) => string | undefined,
): string {
  if (!shell || !Object.hasOwn(SCRIPTS, shell)) {
    throw new UsageError(`init needs a shell: awsrole init ${Object.keys(SCRIPTS).join("|")}.`);
  }
  const file = join(shellDir, SCRIPTS[shell as keyof typeof SCRIPTS]);
  // cmd.exe has no eval: its integration is a doskey macro calling the batch file in shell/.
  if (shell === "cmd") return `doskey awsrole=call "${file}" $*\r\n`;
  const script = readFile(file);
  if (script === undefined) throw new UsageError(`cannot read ${file}: reinstall awsrole.`);
  return script
    .replaceAll("@AWSROLE_FLAGS@", longFlags().join(" "))
    .replaceAll("@AWSROLE_COMMANDS@", COMMANDS.join(" "));
}
