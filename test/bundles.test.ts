// The lazy bundles (bundles.mjs) and src/ agree: every `await import()` in src/ loads a bundle of
// its own, named after its source, and every bundle is loaded so; dist/ holds exactly these.
import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { LAZY } from "../bundles.mjs";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Every `import("./x.js")` that loads code (not `typeof import(…)`), as src-relative paths without .ts. */
function dynamicImports(): { file: string; target: string }[] {
  return sources(resolve("src")).flatMap((file) =>
    [...readFileSync(file, "utf8").matchAll(/(?<!typeof )\bimport\(\s*["'](\.[^"']+)\.js["']\s*\)/g)].map((m) => ({
      file: relative("src", file),
      target: relative("src", resolve(dirname(file), m[1] as string)),
    })),
  );
}

describe("the lazy bundles", () => {
  it("are what every dynamic import in src/ loads, and each is loaded so", () => {
    const imports = dynamicImports();
    expect(imports.length).toBeGreaterThan(5);
    expect(imports.filter((i) => !LAZY.includes(i.target))).toEqual([]);
    // The SDK's bundle is the one loaded by name, through the code cache, by the entry (src/cli.ts).
    const entry = readFileSync(resolve("src/cli.ts"), "utf8");
    const loaded = new Set([
      ...imports.map((i) => i.target),
      ...(entry.includes('"sts.cjs"') ? ["credentials/sts"] : []),
    ]);
    expect(LAZY.filter((path) => !loaded.has(path))).toEqual([]);
  });

  it("are bound to a name where they load, which knip follows (it counts every export of `(await import(…)).x` as used)", () => {
    const unbound = sources(resolve("src")).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/(?:\(|\.\.\.)\s*await import\([^)]*\)/g)].map(
        (m) => `${relative("src", file)}: ${m[0]}`,
      ),
    );
    expect(unbound).toEqual([]);
  });

  it("have unique names, none an entry's, and dist/ holds exactly them and the two entries", () => {
    const names = LAZY.map((path) => basename(path));
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain("cli");
    expect(names).not.toContain("main");
    expect(readdirSync(resolve("dist")).sort()).toEqual([...names, "cli", "main"].map((n) => `${n}.cjs`).sort());
  });
});
