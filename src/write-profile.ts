// Loaded only for --write-profile (its lock library stays out of every other run's start-up).
import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  statSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";
import lockfile from "proper-lockfile";
import { writeAtomic } from "./cache.js";
import type { SessionCredentials } from "./caller.js";
import { replaceSection } from "./credentials-file.js";
import { ConfigError } from "./errors.js";

/** The lines awsrole writes for a session (x_security_token_expires only when the expiry is known). */
export function sessionKeys(credentials: SessionCredentials): Record<string, string> {
  return {
    aws_access_key_id: credentials.accessKeyId,
    aws_secret_access_key: credentials.secretAccessKey,
    aws_session_token: credentials.sessionToken,
    ...(credentials.expiration
      ? { x_security_token_expires: credentials.expiration.toISOString().replace(/\.\d{3}Z$/, "Z") }
      : {}),
  };
}

/** Where the bytes really live: a symlinked credentials file (a dotfiles repo) stays a link. */
function target(path: string): string {
  try {
    return realpathSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return path;
    throw error;
  }
}

/**
 * Writes the session into `[name]` of the credentials file. Under a lock (a second awsrole
 * writing at the same moment waits, so neither loses the other's section), through a synced
 * temporary file and a rename (a reader sees the old file or the new one, never half), keeping
 * the file's mode (0600 for a new file). A file that cannot be renamed over (a bind mount) is
 * rewritten in place, still under the lock.
 */
export async function writeProfile(path: string, name: string, credentials: SessionCredentials): Promise<void> {
  const file = target(path);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(file, {
      realpath: false,
      lockfilePath: `${file}.awsrole.lock`,
      // A holder refreshes the lock every 2.5 s; one a killed run left is taken over after 5 s.
      stale: 5_000,
      retries: { retries: 40, minTimeout: 25, maxTimeout: 250 },
    });
  } catch {
    throw new ConfigError(
      `another awsrole is writing ${file} (its lock ${file}.awsrole.lock is being kept fresh). Try again; if no awsrole is running, remove the lock folder.`,
    );
  }
  try {
    let text = "";
    let mode = 0o600;
    try {
      text = readFileSync(file, "utf8");
      mode = statSync(file).mode & 0o7777;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    const updated = replaceSection(path, text, name, sessionKeys(credentials));
    try {
      writeAtomic(file, updated, mode);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EBUSY" && code !== "EXDEV" && code !== "EPERM") throw error;
      rewriteInPlace(file, updated);
    }
  } finally {
    await release();
  }
}

function rewriteInPlace(path: string, text: string): void {
  const fd = openSync(path, "r+");
  try {
    const bytes = Buffer.from(text);
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at, at);
    ftruncateSync(fd, bytes.length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
