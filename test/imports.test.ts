// No import cycles in src/: every import (static, type-only or dynamic) is an edge.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("src/ has no import cycle", () => {
  it("finds none, over every kind of import", () => {
    const files = sources(resolve("src"));
    const edges = new Map<string, string[]>();
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      const targets = [...text.matchAll(/(?:from|import\()\s*["'](\.[^"']+)\.js["']/g)].map((m) =>
        resolve(dirname(file), `${m[1]}.ts`),
      );
      edges.set(file, targets);
    }
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative("src", f)).join(" -> "));
        return;
      }
      state.set(file, "visiting");
      for (const next of edges.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
    expect(files.length).toBeGreaterThan(20);
  });
});

describe("src/'s folders are layers", () => {
  // README, How it is built: imports point down this list, but for the exceptions named there.
  const ORDER = ["", "commands", "args", "plan", "credentials", "formats", "aws-files", "system"];
  const EXCEPTIONS = [
    /^credentials\/[\w-]+ -> plan\/(plan|validate)$/,
    /^(formats|aws-files|system)\/[\w-]+ -> credentials\/caller$/,
    /^aws-files\/profile-hint -> args\/options$/,
  ];
  it("imports point down, but for the README's exceptions", () => {
    const folder = (path: string) => (path.includes("/") ? (path.split("/")[0] as string) : "");
    const upward: string[] = [];
    for (const file of sources(resolve("src"))) {
      const from = relative("src", file).replace(/\.ts$/, "");
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/(?:from|import\()\s*["'](\.[^"']+)\.js["']/g)) {
        const to = relative("src", resolve(dirname(file), m[1] as string));
        const edge = `${from} -> ${to}`;
        if (ORDER.indexOf(folder(to)) < ORDER.indexOf(folder(from)) && !EXCEPTIONS.some((e) => e.test(edge)))
          upward.push(edge);
      }
    }
    expect(upward).toEqual([]);
  });
});
