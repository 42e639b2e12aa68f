// The assume path (role.cjs) compiled from a code cache: compiling it is most of what a cache
// hit costs beyond Node's start-up. The cache is code that will run as the caller, so it trusts
// nothing it did not make:
// - Node >= 22.1: Node's own module.enableCompileCache, which keys entries on a hash of the source;
// - Node 20: V8's code cache by hand, the bundle's content hash (made at build time) in the file
//   name, so a rebuild of the same length never runs old code (V8 checks only the length);
// - either way, only in a folder that is a real directory owned by the caller and writable by
//   no one else (else no cache at all), with files that are the caller's, writable by no one
//   else, opened without following links, and written through an exclusive temporary file and
//   a rename, which replaces a planted link rather than writing through it.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";

/** A folder of the caller's own, created 0700 when missing; undefined when it is not safe. */
export function ownFolder(dir: string): string | undefined {
  try {
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(dir);
    } catch {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      stat = lstatSync(dir);
    }
    const uid = process.getuid?.();
    if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** The file's bytes when it is a regular file of the caller's that no one else can write. */
function readOwnFile(path: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    const stat = fstatSync(fd);
    const uid = process.getuid?.();
    if (!stat.isFile() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) return undefined;
    const buffer = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes through an exclusive temporary file (never an existing one, never a link) and a rename. */
export function writeOwnFile(path: string, data: Uint8Array): void {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, data);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
}

/**
 * require() of a bundle beside this one, through the code cache in `dir` when it is safe.
 * `hash` is the bundle's content hash, fixed at build time.
 */
export function requireCompiled(bundleDir: string, file: string, hash: string, dir: string | undefined): unknown {
  const path = join(bundleDir, file);
  const folder = dir === undefined ? undefined : ownFolder(dir);
  const module = process.getBuiltinModule("node:module") as typeof import("node:module") & {
    enableCompileCache?: (dir: string) => unknown;
  };
  if (folder === undefined || typeof module.enableCompileCache === "function") {
    if (folder !== undefined) module.enableCompileCache?.(folder);
    return require(path);
  }
  const fs = process.getBuiltinModule("node:fs");
  const { Script } = process.getBuiltinModule("node:vm");
  const cachePath = join(folder, `${file}.${hash}.${process.version}.v8cache`);
  const cachedData = readOwnFile(cachePath);
  const loaded = { exports: {} };
  const wrapper = module.wrap(fs.readFileSync(path, "utf8"));
  const script = new Script(wrapper, { filename: path, cachedData });
  script.runInThisContext()(loaded.exports, require, loaded, path, bundleDir);
  if (!cachedData || script.cachedDataRejected) {
    // Written at exit, so the functions this run compiled are in it too; any failure only means
    // compiling as usual next time.
    process.once("exit", () => {
      try {
        writeOwnFile(cachePath, script.createCachedData());
        // Earlier builds' files are of no more use.
        for (const old of fs.readdirSync(folder)) {
          if (old.startsWith(`${file}.`) && old.endsWith(".v8cache") && join(folder, old) !== cachePath) {
            fs.unlinkSync(join(folder, old));
          }
        }
      } catch {}
    });
  }
  return loaded.exports;
}
