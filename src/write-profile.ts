// Loaded only for --write-profile (its lock library stays out of every other run's start-up).
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import lockfile from "proper-lockfile";
import { writeAtomic } from "./cache.js";
import type { Credentials } from "./caller.js";
import { replaceSection } from "./credentials-file.js";

/**
 * Writes the session into `[name]` of the credentials file. Under a lock (a second awsrole
 * writing at the same moment waits, so neither loses the other's section), through a temporary
 * file and a rename (a reader sees the old file or the new one, never half), keeping the file's
 * mode (0600 for a new file).
 */
export async function writeProfile(path: string, name: string, credentials: Required<Credentials>): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const release = await lockfile.lock(path, {
    realpath: false,
    lockfilePath: `${path}.awsrole.lock`,
    stale: 15_000,
    retries: { retries: 40, minTimeout: 25, maxTimeout: 250 },
  });
  try {
    let text = "";
    let mode = 0o600;
    try {
      text = readFileSync(path, "utf8");
      mode = statSync(path).mode & 0o777;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    const updated = replaceSection(text, name, {
      aws_access_key_id: credentials.accessKeyId,
      aws_secret_access_key: credentials.secretAccessKey,
      aws_session_token: credentials.sessionToken,
      x_security_token_expires: credentials.expiration.toISOString().replace(/\.\d{3}Z$/, "Z"),
    });
    writeAtomic(path, updated, mode);
  } finally {
    await release();
  }
}
