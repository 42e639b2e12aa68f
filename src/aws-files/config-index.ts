// Where the profiles a run asks for stand in a long config file, remembered from the last run
// that read the file whole, so that while the file is unchanged a run reads those sections alone.
// A 10,000-profile config is 1.1 MB: reading and checking it whole costs a cache hit ~6 ms
// (where `node -e 0` takes 23 ms), a third of its time; reading the one section it needs
// ~0.1 ms. Every check of the file is kept: an entry is made only by a run that read and checked
// the whole file, and is used only while the file is that same file (git's racy-clean rule, below).

import type { BigIntStats } from "node:fs";
import { closeSync, fstatSync, openSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeAtomic } from "../system/atomic-write.js";
import { readFully, readOwnFile } from "../system/code-cache.js";
import { type IniFile, type IniSection, parseIni } from "./ini.js";

/** Config files shorter than this are read whole: reading the index would cost as much. */
const INDEXED_FROM = 64 * 1024;
/** How many sections an index remembers: the last looked up. */
const ENTRIES = 256;
/**
 * How old a file's times must be when its index entry is made: a file changed again within the
 * same tick of its file system's clock could keep its times and size. git treats an index entry
 * the same way ("racily clean"); two seconds covers the coarsest clocks (FAT's).
 */
const SETTLED_MS = 2000;

/** The section a looked-up name resolved to: [start, end, its name] in the file, or null for none. */
type Entry = [number, number, string] | null;

/** The index file's format: an index of another (an older or newer awsrole's) is not read. */
const FORMAT = 1;

interface IndexFile {
  format: typeof FORMAT;
  path: string;
  /** dev:ino:size:mtime:ctime, to the nanosecond, of the file when the entries were made. */
  file: string;
  sections: Record<string, Entry>;
}

/** A section found through the index: the file of its own text, and it. */
export interface IndexedSection {
  file: IniFile;
  section: IniSection;
}

export interface ConfigIndex {
  /** Whether the file is still the one the index was made from: else lookUp never answers. */
  fresh: boolean;
  /**
   * The section `kind` `name` resolves to ("profile", "p"), read alone: null for none; undefined
   * when the index cannot say (no entry, or the file changed), so that the file is read whole.
   */
  lookUp(kind: string, name: string): IndexedSection | null | undefined;
  /** After the file was read whole (and so checked): the section `kind` `name` resolved to there. */
  record(file: IniFile, kind: string, name: string, section: IniSection | undefined): void;
}

const identity = (stat: BigIntStats) => [stat.dev, stat.ino, stat.size, stat.mtimeNs, stat.ctimeNs].join(":");
const keyOf = (kind: string, name: string) => `${kind}\n${name}`;

/**
 * The index of the config file at `path`, kept in `folder` (the code cache's, which only the
 * caller can write: undefined for none, and then no index). One config file at a time: the last
 * one a run read whole.
 */
export function configIndex(path: string, folder: string | undefined, now = Date.now): ConfigIndex | undefined {
  if (folder === undefined) return undefined;
  let before: BigIntStats;
  try {
    // A plain stat first: a short file, nearly every one, is read whole, and the first stat to
    // the nanosecond would cost its run ~0.1 ms.
    const { size } = statSync(path);
    if (size < INDEXED_FROM) return undefined;
    before = statSync(path, { bigint: true });
  } catch {
    return undefined;
  }
  if (!before.isFile()) return undefined;
  const seenAt = now();
  const indexPath = join(folder, "config-index.json");
  const stored = readIndex(indexPath);
  const current = stored?.path === path && stored.file === identity(before) ? stored : undefined;
  const sections: Record<string, Entry> = { ...current?.sections };
  return {
    fresh: current !== undefined,
    lookUp(kind, name) {
      if (current === undefined || !Object.hasOwn(current.sections, keyOf(kind, name))) return undefined;
      const entry: unknown = current.sections[keyOf(kind, name)];
      if (entry === null) return null;
      const [start, end, section] = Array.isArray(entry) ? entry : [];
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || typeof section !== "string") return undefined;
      return readSection(path, current.file, [start, end, section]);
    },
    record(file, kind, name, section) {
      // Only for text that is the file's bytes one for one (ASCII, read as latin1), with no
      // [DEFAULT] (whose keys every section has), read while its times and size held still.
      if (file.text.length !== Number(before.size) || file.defaults.length > 0) return;
      const settled = (ns: bigint) => Number(ns / 1_000_000n) <= seenAt - SETTLED_MS;
      if (!settled(before.mtimeNs) || !settled(before.ctimeNs)) return;
      try {
        if (identity(statSync(path, { bigint: true })) !== identity(before)) return;
        const key = keyOf(kind, name);
        // Last in the order of keys: the oldest are the first dropped.
        delete sections[key];
        sections[key] = section ? [section.headerStart, section.end, section.name] : null;
        const keys = Object.keys(sections);
        for (const old of keys.slice(0, Math.max(0, keys.length - ENTRIES))) delete sections[old];
        const index: IndexFile = { format: FORMAT, path, file: identity(before), sections };
        writeAtomic(indexPath, JSON.stringify(index), 0o600);
      } catch {}
    },
  };
}

function readIndex(indexPath: string): IndexFile | undefined {
  try {
    const index = JSON.parse(readOwnFile(indexPath)?.toString() ?? "null") as IndexFile | null;
    const wellFormed = index?.format === FORMAT && typeof index.path === "string" && typeof index.file === "string";
    return wellFormed && typeof index.sections === "object" && index.sections !== null ? index : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The section at [start, end) of the file, when the file is still the one indexed (checked on the
 * descriptor read) and the text there is that section whole: from a line start to a line start
 * (or the end), one section of that name, no [DEFAULT]. Anything else (an index damaged or made
 * by another build) is undefined: the file is then read whole.
 */
function readSection(path: string, indexed: string, [start, end, name]: [number, number, string]) {
  if (start < 0 || end <= start) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const stat = fstatSync(fd, { bigint: true });
    if (identity(stat) !== indexed || end > Number(stat.size)) return undefined;
    // One byte before and after, to see that the section starts and ends a line.
    const from = Math.max(0, start - 1);
    const bytes = Buffer.allocUnsafe(end - from + (end < Number(stat.size) ? 1 : 0));
    if (!readFully(fd, bytes, 0, bytes.length, from)) return undefined;
    const text = bytes.toString("latin1");
    const lineStart = (at: number) => at === 0 || text[at - 1] === "\n" || text[at - 1] === "\r";
    if (!lineStart(start - from) || (end < Number(stat.size) && !lineStart(end - from))) return undefined;
    const file = parseIni(path, text.slice(start - from, end - from));
    const [section, ...more] = file.sections;
    if (section?.name !== name || more.length > 0 || file.defaults.length > 0) return undefined;
    return { file, section };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
