// awsrole's code (main.cjs) compiled from a code cache: compiling it is most of what a cache hit
// costs beyond Node's start-up. V8's code cache by hand, on every Node version: written at exit,
// it holds every function the run compiled, where Node's own module.enableCompileCache (22.1+)
// keeps only what was compiled up front, and measured slower (README, "The code cache"). The
// cache is code that will run as the caller, so it trusts nothing it did not make:
// - the bundle's content hash (made at build time) and the Node version are in the file name,
//   so a rebuild of the same length never runs old code (V8 checks only the length);
// - only in a folder that is a real directory owned by the caller and writable by no one else
//   (else no cache at all), with files that are the caller's, writable by no one else, opened
//   without following links, and written through an exclusive temporary file and a rename,
//   which replaces a planted link rather than writing through it;
// - a file that is not whole (a flipped bit, a short write) is never handed to V8, which does
//   not check its data and crashes on it (a fatal error on every run): each file holds the data
//   twice, and is used only when the copies are equal; it is synced to disk before its rename.
// On Windows modes mean nothing (Node reports 0o666 for every file) and there is no uid, so
// trust there is place: see ownFolder.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  unlinkSync,
} from "node:fs";
import { join, relative } from "node:path";
import { writeAtomic } from "./atomic-write.js";

/** Windows has none (Node leaves it undefined): there readOwnFile refuses a link by lstat first. */
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/**
 * A folder of the caller's own, created 0700 when missing; undefined when it is not safe. On
 * Windows: a folder inside the caller's profile folder (`profile`, USERPROFILE, which only they,
 * SYSTEM and Administrators may write by default), neither it nor a folder between them a reparse
 * point (a symbolic link or junction, which lstat reports as a link) that could lead elsewhere.
 */
export function ownFolder(dir: string, profile?: string, platform: string = process.platform): string | undefined {
  if (platform === "win32") return profile !== undefined && realFolderInside(dir, profile) ? dir : undefined;
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

/** Windows: `dir` lies inside `profile`, and every folder from the profile to it is a real one (created when missing). */
function realFolderInside(dir: string, profile: string): boolean {
  const below = relative(profile, dir);
  if (below === "" || below.startsWith("..") || /^[a-zA-Z]:|^[\\/]/.test(below)) return false;
  try {
    // One folder at a time, so nothing is created beyond a link.
    let at = profile;
    for (const name of below.split(/[\\/]/)) {
      at = join(at, name);
      let stat: ReturnType<typeof lstatSync>;
      try {
        stat = lstatSync(at);
      } catch {
        mkdirSync(at);
        stat = lstatSync(at);
      }
      if (!stat.isDirectory()) return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The file's bytes when it is a regular file of the caller's that no one else can write (else,
 * and on any failure, undefined), in memory of its own: allocUnsafe of more than 4 KiB, which
 * malloc aligns to 16 bytes.
 */
export function readOwnFile(path: string, platform = process.platform): Buffer | undefined {
  let fd: number | undefined;
  try {
    // No O_NOFOLLOW on Windows: a link (in a folder only the caller can write) is refused here.
    if (platform === "win32" && !lstatSync(path).isFile()) return undefined;
    // Non-blocking, so that a FIFO put there cannot hold the run (fstat then refuses it).
    fd = openSync(path, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    const stat = fstatSync(fd);
    const uid = process.getuid?.();
    const othersWrite = platform !== "win32" && (stat.mode & 0o022) !== 0;
    if (!stat.isFile() || (uid !== undefined && stat.uid !== uid) || othersWrite) return undefined;
    const bytes = Buffer.allocUnsafe(stat.size);
    return readFully(fd, bytes, 0, stat.size, 0) ? bytes : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether `length` bytes at `position` of the file filled `buffer` from `at`. */
export function readFully(fd: number, buffer: Buffer, at: number, length: number, position: number): boolean {
  for (let read = 0; read < length; ) {
    const n = readSync(fd, buffer, at + read, length - read, position + read);
    if (n === 0) return false;
    read += n;
  }
  return true;
}

/**
 * A cache file is this format's tag, the length of the name it was written under, the name,
 * zeros up to a multiple of 8 bytes, then V8's data twice. At a multiple of 8, V8 uses the data
 * where it lies; elsewhere it copies it first (AlignedCachedData).
 */
const FORMAT = 0x34_72_77_61; // "awr4", little-endian

const headerLength = (name: Buffer) => (8 + name.length + 7) & ~7;

/** The file for V8's data, as cachedDataOf reads it. */
export function withCopies(name: string, data: Uint8Array): Buffer {
  const nameBytes = Buffer.from(name);
  const header = Buffer.alloc(headerLength(nameBytes));
  header.writeUInt32LE(FORMAT, 0);
  header.writeUInt32LE(nameBytes.length, 4);
  header.set(nameBytes, 8);
  return Buffer.concat([header, data, data]);
}

/**
 * V8's data in the cache file at `path`, when the file is the caller's own (readOwnFile), whole,
 * and written under this name: both copies of the data equal, so a flipped bit, a damaged stretch
 * or a file cut short (anything but the very same damage in both copies) is seen, and so is a
 * file copied from another build's or Node version's name. A check against damage, not a
 * signature: the ownership checks keep others' files out. Two copies because comparing them is
 * native and cheap, where every digest costs more than a millisecond of a run (medians on Node
 * 20, a busy 2-core machine, main.cjs's ~67 KB of data): node:zlib's crc32 ~1.5 ms, nearly all
 * of it loading node:zlib and the streams it requires; node:crypto ~2.4 ms; V8's own code-cache
 * checksum (--verify-snapshot-checksum, which makes V8 reject a damaged file) ~1.5 ms to set at
 * run time through node:v8, which loads the streams too; and a digest loop in JavaScript ~0.6 ms,
 * plus as much again for V8 compiling the hot loop on another thread, which a whole run measured
 * no faster than zlib.
 */
export function cachedDataOf(path: string, name: string, platform = process.platform): Buffer | undefined {
  const bytes = readOwnFile(path, platform);
  const nameBytes = Buffer.from(name);
  const dataAt = headerLength(nameBytes);
  const twice = (bytes?.length ?? 0) - dataAt;
  if (bytes === undefined || twice <= 0 || twice % 2 !== 0 || bytes.readUInt32LE(0) !== FORMAT) return undefined;
  if (bytes.readUInt32LE(4) !== nameBytes.length || !bytes.subarray(8, 8 + nameBytes.length).equals(nameBytes)) {
    return undefined;
  }
  // At a multiple of 8 in memory malloc aligned (readOwnFile): aligned too.
  const data = bytes.subarray(dataAt, dataAt + twice / 2);
  return data.equals(bytes.subarray(dataAt + twice / 2)) ? data : undefined;
}

/** Where a bundle's compiled code may be kept, and under which name. */
export interface CodeCache {
  /** The folder; used only when it is safe (ownFolder). */
  dir: string;
  /** The bundle's content hash, fixed at build time. */
  hash: string;
  /**
   * Which part of the bundle the run uses: a cache holds what its first successful run
   * compiled, so runs that use different parts keep caches apart.
   */
  part: string;
  /** The caller's home: on Windows the folder must lie inside it (ownFolder). */
  home?: string;
}

/** The bundles this run has loaded, by path: require() evaluates a module once, and so does this. */
const loadedBundles = new Map<string, unknown>();

/** require() of a bundle beside this one, through the code cache when it is safe; once per run, as require(). */
export function requireCompiled(bundleDir: string, file: string, cache: CodeCache | undefined): unknown {
  const path = join(bundleDir, file);
  if (!loadedBundles.has(path)) loadedBundles.set(path, evaluateBundle(bundleDir, path, file, cache));
  return loadedBundles.get(path);
}

/** Node's own wrapper (module.wrap), written out: loading node:module costs more than the rest. */
const WRAPPER = ["(function (exports, require, module, __filename, __dirname) { ", "\n});"];

/**
 * The bundle's source inside the wrapper, read into one buffer and made one string from it: a
 * string joined from parts is copied again when V8 compiles it, ~100 KB of memory the process
 * touches for the first time (perf counted 22 page faults fewer for a cache hit). Latin-1 where
 * the source is ASCII, as esbuild writes it: the same text, without decoding.
 */
function wrappedSource(path: string): string {
  const [head, tail] = WRAPPER as [string, string];
  const fd = openSync(path, constants.O_RDONLY);
  try {
    const size = fstatSync(fd).size;
    const text = Buffer.allocUnsafe(head.length + size + tail.length);
    text.write(head, 0, "latin1");
    if (!readFully(fd, text, head.length, size, 0)) throw new Error(`${path} changed while it was read`);
    text.write(tail, head.length + size, "latin1");
    return process.getBuiltinModule("node:buffer").isAscii(text) ? text.toString("latin1") : text.toString();
  } finally {
    closeSync(fd);
  }
}

function evaluateBundle(bundleDir: string, path: string, file: string, cache: CodeCache | undefined): unknown {
  const folder = cache === undefined ? undefined : ownFolder(cache.dir, cache.home);
  if (cache === undefined || folder === undefined) return require(path);
  const { Script } = process.getBuiltinModule("node:vm");
  const build = `${file}.${cache.hash}.`;
  const name = `${build}${cache.part}.${process.version}.v8cache`;
  const cachePath = join(folder, name);
  const cachedData = cachedDataOf(cachePath, name);
  const loaded = { exports: {} };
  const script = new Script(wrappedSource(path), { filename: path, cachedData });
  script.runInThisContext()(loaded.exports, require, loaded, path, bundleDir);
  if (!cachedData || script.cachedDataRejected) {
    // Written at exit, so the functions this run compiled are in it too, and only after a run
    // that succeeded: one that stopped at a typo would leave later runs compiling what it never
    // reached. Any failure only means compiling as usual next time.
    process.once("exit", (code) => {
      if (code !== 0) return;
      try {
        writeAtomic(cachePath, withCopies(name, script.createCachedData()), 0o600);
        // This bundle's files from earlier builds, for this Node, are of no more use (another
        // Node's may be).
        for (const old of readdirSync(folder)) {
          const earlier = old.startsWith(`${file}.`) && !old.startsWith(build);
          if (earlier && old.endsWith(`.${process.version}.v8cache`)) unlinkSync(join(folder, old));
        }
      } catch {}
    });
  }
  return loaded.exports;
}
