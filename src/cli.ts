#!/usr/bin/env node
// The program (dist/cli.cjs): loads the rest of awsrole (main.cjs, from main.ts) and, when a call
// is made, the AWS SDK (sts.cjs) through the code cache, so that no run compiles them twice.
// Kept to the code cache and the home lookup it needs.

import type { CommandOrFlag } from "./args/options.js";
import { codeCacheDir, tildeHome, usableHome } from "./aws-files/home.js";
import { requireCompiled } from "./system/code-cache.js";

/** The content hashes of main.cjs and sts.cjs, from build.mjs: the code cache's keys. */
declare const __AWSROLE_MAIN_HASH__: string;
declare const __AWSROLE_STS_HASH__: string;

/**
 * Words of runs that never assume a role: their code is cached apart from the assume path's.
 * Told from the words alone, roughly (a profile named `list` counts too): a wrong guess only
 * costs time, never changes what runs. Subcommands and flags of options.ts, checked by the
 * compiler against it; the table itself stays out of this file, which every run compiles.
 */
const NOT_ASSUMING = new Set<string>([
  "--unset",
  "--help",
  "-h",
  "--version",
  "init",
  "list",
] satisfies CommandOrFlag[]);

const argv = process.argv.slice(2);
const writableHome = usableHome(tildeHome(process.env, process.platform));
const dir = codeCacheDir(process.env, writableHome);
const part = argv.some((word) => NOT_ASSUMING.has(word)) ? "other" : "assume";
const cache = dir === undefined ? undefined : { dir, hash: __AWSROLE_MAIN_HASH__, part, home: writableHome };
const cli = requireCompiled(__dirname, "main.cjs", cache) as typeof import("./main.js");
// The AWS SDK's bundle too, for the runs that call STS: compiling it cost such a run ~90 ms.
void cli.main(writableHome, () =>
  requireCompiled(__dirname, "sts.cjs", cache && { ...cache, hash: __AWSROLE_STS_HASH__, part: "call" }),
);
