// The output formats (`--format`), one registry: shell code to eval (posix.ts, fish.ts,
// powershell.ts, cmd.ts) or data for another program (data.ts, github.ts), each rendering the
// ordered changes of changes.ts; and, without --format, which shell will eval the output.
import { windowsEnv } from "../aws-files/ntpath.js";
import { cmd } from "./cmd.js";
import { credentialProcess, dotenv, json } from "./data.js";
import { fish } from "./fish.js";
import type { Format } from "./format.js";
import { github } from "./github.js";
import { bash, sh, zsh } from "./posix.js";
import { powershell } from "./powershell.js";

export type { Format } from "./format.js";

/** Every `--format`, in the order `--help` lists them. */
export const FORMATS = {
  bash,
  zsh,
  sh,
  fish,
  powershell,
  cmd,
  json,
  dotenv,
  "credential-process": credentialProcess,
  github,
} satisfies Record<string, Format>;

export type FormatName = keyof typeof FORMATS;

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}

/** Process names of shells, to the format they eval. */
const SHELL_NAMES: Record<string, FormatName> = {
  bash: "bash",
  zsh: "zsh",
  sh: "sh",
  dash: "sh",
  ash: "sh",
  ksh: "sh",
  mksh: "sh",
  busybox: "sh",
  fish: "fish",
  pwsh: "powershell",
  powershell: "powershell",
  cmd: "cmd",
};

/**
 * The shell that will eval our output: the parent process (a login shell's name starts with
 * `-`, Windows names end in `.exe`), else what the environment tells, else the platform's own
 * shell. The parent is known only on Linux (/proc); elsewhere, and under a pwsh that runs as
 * .NET's global tool (its process is `dotnet`), the environment decides:
 * - PSModulePath, which pwsh sets in its session on every platform (Windows sets one too, with
 *   only the system's folders, so there it counts only when it holds the user's own module
 *   folder, which PowerShell adds: `%USERPROFILE%\Documents\[Windows]PowerShell\Modules`);
 * - $SHELL (fish, zsh; Git for Windows' bash sets it);
 * - on Windows, PROMPT, which cmd.exe sets and PowerShell does not; else PowerShell.
 * The wrappers from `awsrole init` pass --format, so this decides only the bare forms
 * (`awsrole p | Invoke-Expression`, `eval "$(awsrole p)"`).
 */
export function detectShell(parentName: string | undefined, env: NodeJS.ProcessEnv, platform: string): FormatName {
  const parent = shellFormat(parentName);
  if (parent) return parent;
  const windows = platform === "win32";
  const variable = (name: string) => (windows ? windowsEnv(env, name) : env[name]);
  const modules = variable("PSModulePath");
  const inPowerShell = windows ? hasUserModules(modules, variable("USERPROFILE")) : modules !== undefined;
  if (inPowerShell && (windows || parentName === undefined || isDotnet(parentName))) return "powershell";
  const shell = shellFormat(variable("SHELL"));
  if (shell) return shell;
  if (windows) return variable("PROMPT") !== undefined && !inPowerShell ? "cmd" : "powershell";
  return "sh";
}

/** A process or program name (`-zsh`, `C:\\…\\pwsh.exe`, `/bin/bash`) to the format its shell evals. */
function shellFormat(name: string | undefined): FormatName | undefined {
  const base = name
    ?.trim()
    .split(/[\\/]/)
    .pop()
    ?.replace(/^-/, "")
    .replace(/\.exe$/i, "")
    .toLowerCase();
  return base === undefined ? undefined : SHELL_NAMES[base];
}

const isDotnet = (name: string) => shellFormat(name) === undefined && /^dotnet(\.exe)?$/i.test(name.trim());

/** Whether PSModulePath holds a module folder in the user's profile, as PowerShell's sessions add. */
function hasUserModules(modules: string | undefined, profile: string | undefined): boolean {
  if (!modules || !profile) return false;
  const home = `${profile.replace(/[\\/]+$/, "").toLowerCase()}\\`;
  return modules
    .split(";")
    .some((folder) => folder.toLowerCase().startsWith(home) && /powershell[\\/]modules[\\/]?$/i.test(folder));
}
