// Where home is, for reading (~ as botocore expands it) and for writing (awsrole's caches).
// Apart from process.ts because the entry (cli.ts) needs it before the rest of awsrole loads.
import { existsSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, win32 } from "node:path";
import { windowsHome } from "./ntpath.js";

/**
 * What `~` means, as botocore's expanduser reads it: on POSIX HOME when it is set (even empty),
 * else the passwd entry; on Windows USERPROFILE (else HOMEDRIVE and HOMEPATH), never HOME, which
 * Git for Windows and MSYS set to something else. Empty when Windows has neither.
 */
export function tildeHome(env: NodeJS.ProcessEnv, platform: string): string {
  if (platform === "win32") return windowsHome(env) ?? "";
  if (env.HOME !== undefined) return env.HOME;
  try {
    // Loaded only here: node:os costs every other run start-up time.
    return process.getBuiltinModule("node:os").homedir();
  } catch {
    return "";
  }
}

/**
 * A home folder awsrole may write in: an absolute path to a folder that exists. HOME empty or
 * relative, or a passwd entry's /nonexistent, is none: then nothing is cached, rather than
 * written under the current directory or a folder created for the occasion.
 */
export function usableHome(home: string): string | undefined {
  if (home === "" || !isAbsolute(home)) return undefined;
  try {
    return statSync(home).isDirectory() ? home : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The folder for awsrole's compiled code: $XDG_CACHE_HOME/awsrole when that is absolute (the
 * XDG rules ignore a relative one), else ~/.cache/awsrole; none without a usable home. On Windows
 * %LOCALAPPDATA%\awsrole, where programs keep their caches (else ~\.cache\awsrole).
 */
export function codeCacheDir(
  env: NodeJS.ProcessEnv,
  home: string | undefined,
  platform = process.platform,
): string | undefined {
  if (platform === "win32") {
    if (!home) return undefined;
    const local = env.LOCALAPPDATA;
    return local && win32.isAbsolute(local) ? win32.join(local, "awsrole") : win32.join(home, ".cache", "awsrole");
  }
  const xdg = env.XDG_CACHE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, "awsrole");
  return home ? join(home, ".cache", "awsrole") : undefined;
}

/**
 * The folder on a path that is a file instead (`~/.aws` a file): reading treats the path as no
 * file, as botocore does, and a message names the file. Undefined when there is none.
 */
export function fileOnPath(path: string): string | undefined {
  for (let at = dirname(path); dirname(at) !== at; at = dirname(at)) {
    try {
      if (!statSync(at).isDirectory()) return at;
    } catch {}
  }
  return undefined;
}

/** Why a HOME that is set finds no files: relative (read from wherever awsrole runs) or missing. */
export function homeProblem(home: string): string {
  const fix = "set it to your home folder, or set AWS_CONFIG_FILE";
  if (!isAbsolute(home)) return ` (HOME ${JSON.stringify(home)} is not an absolute path; ${fix})`;
  return existsSync(home) ? "" : ` (HOME ${JSON.stringify(home)} does not exist; ${fix})`;
}
