import { cmd } from "./cmd.js";
import { credentialProcess, dotenv, json } from "./data.js";
import { fish } from "./fish.js";
import type { Format } from "./format.js";
import { github } from "./github.js";
import { bash, sh, zsh } from "./posix.js";
import { powershell } from "./powershell.js";

export type { Format, SideEffects } from "./format.js";

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
 * `-`, Windows names end in `.exe`), else `$SHELL`, else the platform's own shell.
 */
export function detectShell(
  parentName: string | undefined,
  shellEnv: string | undefined,
  platform: string,
): FormatName {
  for (const candidate of [parentName, shellEnv]) {
    const base = candidate
      ?.trim()
      .split(/[\\/]/)
      .pop()
      ?.replace(/^-/, "")
      .replace(/\.exe$/i, "")
      .toLowerCase();
    const format = base === undefined ? undefined : SHELL_NAMES[base];
    if (format) return format;
  }
  return platform === "win32" ? "powershell" : "sh";
}
