#!/usr/bin/env node
// The program (dist/cli.cjs): loads the rest of awsrole (main.cjs, from cli.ts) through the code
// cache, so that no run compiles it twice. Kept to the code cache and the home lookup it needs.
import { requireCompiled } from "./code-cache.js";
import { codeCacheDir, tildeHome, usableHome } from "./home.js";

/** The content hash of main.cjs, from build.mjs: the code cache's key. */
declare const __AWSROLE_MAIN_HASH__: string;

/**
 * Words of runs that never assume a role: their code is cached apart from the assume path's.
 * Told from the words alone, roughly (a profile named `list` counts too): a wrong guess only
 * costs time, never changes what runs.
 */
const NOT_ASSUMING = new Set(["--unset", "--help", "-h", "--version", "init", "list"]);

const argv = process.argv.slice(2);
const writableHome = usableHome(tildeHome(process.env));
const dir = codeCacheDir(process.env, writableHome);
const part = argv.some((word) => NOT_ASSUMING.has(word)) ? "other" : "assume";
const cache = dir === undefined ? undefined : { dir, hash: __AWSROLE_MAIN_HASH__, part };
const cli = requireCompiled(__dirname, "main.cjs", cache) as typeof import("./cli.js");
void cli.main(writableHome);
