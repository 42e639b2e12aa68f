// Every file awsrole writes whole (the code cache, the session and token caches, the credentials
// file) is written by writeAtomic: a reader sees the old file or the new one, never half of one.
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  openSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";

/**
 * Windows has no O_NOFOLLOW: Node leaves `constants.O_NOFOLLOW` undefined there, so it is named 0
 * on purpose. writeAtomic does not need it there: its temporary name is new and random, created
 * exclusively (O_EXCL fails on any existing name, a link included), and the rename replaces
 * whatever is at the target, a link too, rather than writing through it.
 */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Replaces a file whole: write an exclusive temporary file beside it (a new name, never an
 * existing file or link), give it the mode (fchmod too, as the umask may have narrowed it), sync
 * it to disk (else a crash can leave the new name on a file not yet written), rename it over the
 * target. The temporary file is removed on every failure.
 */
export function writeAtomic(
  path: string,
  data: string | Uint8Array,
  mode: number,
  owner?: { uid: number; gid: number },
): void {
  const temp = `${path}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, mode);
  try {
    try {
      // The file replaced keeps its owner and group (root rewriting a user's file); before the
      // mode, since chown clears set-id bits.
      if (owner) fchownSync(fd, owner.uid, owner.gid);
      fchmodSync(fd, mode);
      const bytes = typeof data === "string" ? Buffer.from(data) : data;
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameRetrying(temp, path);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {}
    throw error;
  }
}

/** How long a rename is retried on Windows: a reader lets go within milliseconds, a scanner within a second. */
const RENAME_RETRY_MS = 2000;

/**
 * renameSync, retried briefly on Windows: there a rename over a file another program holds open
 * (the AWS CLI reading the same cache entry, an antivirus or indexer scanning it) fails with
 * EPERM, EACCES or EBUSY until it lets go. graceful-fs retries these codes on Windows with a pause
 * growing by 10 ms up to 100 ms, for up to 60 s (and only while the target is missing); a
 * command line waits 2 s, target or not, then reports the error. Elsewhere the error is final.
 */
export function renameRetrying(
  from: string,
  to: string,
  platform: NodeJS.Platform = process.platform,
  rename: (from: string, to: string) => void = renameSync,
  sleep: (ms: number) => void = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms),
  now: () => number = Date.now,
): void {
  const start = now();
  for (let pause = 0; ; pause = Math.min(pause + 10, 100)) {
    try {
      rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const held = code === "EPERM" || code === "EACCES" || code === "EBUSY";
      if (platform !== "win32" || !held || now() - start >= RENAME_RETRY_MS) throw error;
      sleep(pause);
    }
  }
}
