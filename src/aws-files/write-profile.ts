// Loaded only for --write-profile (its lock library stays out of every other run's start-up).
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readlinkSync,
  type Stats,
  statSync,
  writeSync,
} from "node:fs";
import { dirname, resolve } from "node:path";
import lockfile from "proper-lockfile";
import type { SessionCredentials } from "../credentials/caller.js";
import { writeAtomic } from "../system/atomic-write.js";
import { ConfigError } from "../system/errors.js";
import { replaceSection, sessionKeys } from "./credentials-file.js";

/**
 * Where the bytes really live: a symlinked credentials file (a dotfiles repo) stays a link, and
 * a link whose target does not exist yet gets that target created, as the link asks.
 */
function credentialsTarget(path: string): string {
  let file = path;
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      link = readlinkSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // EINVAL: not a link; ENOENT, ENOTDIR: nothing there yet (checkWritable names a file in the way).
      if (code === "EINVAL" || code === "ENOENT" || code === "ENOTDIR") return file;
      throw new ConfigError(`cannot follow ${file} (${code}). Check the credentials file's path.`);
    }
    file = resolve(dirname(file), link);
  }
  throw new ConfigError(`${path} is a loop of symbolic links. Point it at a file.`);
}

/**
 * Refuses, before any call, a credentials file awsrole could not write: the lock, the temporary
 * file and a new file are all made in its folder (or the nearest folder that exists, where the
 * missing ones will be created), so that folder must be writable.
 */
export function checkWritable(path: string): void {
  const file = credentialsTarget(path);
  refuseUnlessFile(file, existing(file));
  let dir = dirname(file);
  for (;;) {
    let isFolder: boolean;
    try {
      isFolder = statSync(dir).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const up = dirname(dir);
      if ((code === "ENOENT" || code === "ENOTDIR") && up !== dir) {
        dir = up;
        continue;
      }
      throw new ConfigError(`cannot write ${file}: cannot look at ${dir} (${code}).`);
    }
    if (!isFolder)
      throw new ConfigError(
        `cannot write ${file}: ${dir} is a file, not a folder. Move it away, or set AWS_SHARED_CREDENTIALS_FILE.`,
      );
    break;
  }
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new ConfigError(
      `cannot write ${file}: its folder ${dir} is not writable (${(error as NodeJS.ErrnoException).code}). Fix the folder's permissions, or set AWS_SHARED_CREDENTIALS_FILE.`,
    );
  }
}

/** The file's status, or undefined when there is none yet. */
function existing(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new ConfigError(`cannot write ${file}: cannot look at it (${code}).`);
  }
}

/**
 * Only a regular file is rewritten: a rename would put a file in place of a device such as
 * /dev/null (a common AWS_SHARED_CREDENTIALS_FILE that keeps keys out of any file), a pipe or a
 * socket. A directory has its own message (commands/assume.ts).
 */
function refuseUnlessFile(file: string, stats: Stats | undefined): void {
  if (!stats || stats.isFile() || stats.isDirectory()) return;
  const kind = stats.isCharacterDevice()
    ? "a character device"
    : stats.isBlockDevice()
      ? "a block device"
      : stats.isFIFO()
        ? "a named pipe"
        : stats.isSocket()
          ? "a socket"
          : "not a regular file";
  throw new ConfigError(
    `--write-profile writes the credentials file, and ${file} is ${kind}, not a file. Point AWS_SHARED_CREDENTIALS_FILE at a file, or run without --write-profile.`,
  );
}

/**
 * Writes the session into `[name]` of the credentials file. Under a lock (a second awsrole
 * writing at the same moment waits, so neither loses the other's section), through a synced
 * temporary file and a rename (a reader sees the old file or the new one, never half), keeping
 * the file's mode, owner and group (0600 for a new file). A file that cannot be renamed over (a
 * bind mount) or has other hard links is rewritten in place, still under the lock.
 */
export async function writeProfile(path: string, name: string, credentials: SessionCredentials): Promise<void> {
  const file = credentialsTarget(path);
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
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ELOCKED")
      throw new ConfigError(
        `cannot make the lock ${file}.awsrole.lock (${code}). Check that ${dirname(file)} is writable.`,
      );
    throw new ConfigError(
      `another awsrole is writing ${file} (its lock ${file}.awsrole.lock is being kept fresh). Try again; if no awsrole is running, remove the lock folder.`,
    );
  }
  try {
    const stats = existing(file);
    refuseUnlessFile(file, stats);
    const text = stats ? readFileSync(file, "utf8") : "";
    const updated = replaceSection(path, text, name, sessionKeys(credentials));
    // A file with other hard links is rewritten in place: a rename would leave the other names
    // on the old bytes. (Not atomic: a reader at that moment may see it half written.)
    if (stats && stats.nlink > 1) {
      rewriteInPlace(file, updated);
      return;
    }
    // The file keeps its mode, owner and group (0600 and the writer's own when it is new).
    const owner = stats && process.platform !== "win32" ? { uid: stats.uid, gid: stats.gid } : undefined;
    try {
      writeAtomic(file, updated, stats ? stats.mode & 0o7777 : 0o600, owner);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // EPERM is also a chown to an owner this user may not give (a group it is not in): the
      // file is then rewritten in place, which keeps its owner.
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
