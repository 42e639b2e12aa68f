// Bundles the CLI into dist/: start-up resolves no module tree. dist/cli.cjs (from src/cli.ts) is
// the program: a small entry that loads dist/main.cjs (from src/main.ts: the dispatch and the
// assume path) through the code cache (src/system/code-cache.ts). The lazy bundles of bundles.mjs
// are loaded on demand, each the source of the same name (src/commands/list.ts -> dist/list.cjs).
// CommonJS because Node starts a CJS entry measurably faster than an ES module one.
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { build } from "esbuild";
import { LAZY } from "./bundles.mjs";
import { regionPartitions } from "./partitions.mjs";

const { version } = JSON.parse(readFileSync("package.json", "utf8"));
const bundleName = (path) => path.split("/").pop();
const lazySources = new Map(LAZY.map((path) => [resolve(`src/${path}.ts`), bundleName(path)]));

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  logLevel: "warning",
  legalComments: "none",
  minify: process.env.NO_MINIFY !== "1",
  // Lazy bundles load with require(), not import(): a dynamic import starts Node's ES module
  // loader, which alone costs more than a cache hit's whole budget.
  supported: { "dynamic-import": false },
  define: {
    __AWSROLE_VERSION__: JSON.stringify(version),
    __AWSROLE_PARTITIONS__: JSON.stringify(await regionPartitions()),
  },
  plugins: [
    {
      // `import { readFileSync } from "node:fs"` as process.getBuiltinModule("node:fs"): the same
      // module without require(), whose first call cost a cache hit about 1 ms on Node 20.
      // An ES module of named exports, so esbuild copies nothing (a CommonJS stand-in would be
      // wrapped by __toESM, which copies every export).
      name: "builtins",
      setup(b) {
        b.onResolve({ filter: /^node:(fs|path)$/ }, (args) =>
          args.importer.includes("/node_modules/") ? undefined : { path: args.path, namespace: "builtin" },
        );
        b.onLoad({ filter: /.*/, namespace: "builtin" }, async (args) => {
          const names = Object.keys(await import(args.path)).filter(
            (name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== "default",
          );
          return {
            contents: `const m = process.getBuiltinModule(${JSON.stringify(args.path)});\n${names.map((name) => `export const ${name} = /* @__PURE__ */ (() => m.${name})();`).join("\n")}\nexport default m;`,
            loader: "js",
          };
        });
      },
    },
    {
      name: "lazy-bundles",
      setup(b) {
        // A dynamic import of a lazy bundle's source becomes require("./NAME.cjs") beside cli.cjs.
        b.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
          const name = lazySources.get(resolve(args.resolveDir, args.path.replace(/\.js$/, ".ts")));
          return args.kind === "dynamic-import" && name ? { path: `./${name}.cjs`, external: true } : undefined;
        });
      },
    },
  ],
};

rmSync("dist", { recursive: true, force: true });
await build({
  ...common,
  entryPoints: {
    main: "src/main.ts",
    ...Object.fromEntries(
      LAZY.filter((path) => path !== "args/help").map((path) => [bundleName(path), `src/${path}.ts`]),
    ),
  },
});
// yargs is an ES module that reads import.meta.url; give it the CJS equivalent — in its bundle
// only, as working it out costs every other bundle start-up time.
await build({
  ...common,
  entryPoints: { help: "src/args/help.ts" },
  define: { ...common.define, "import.meta.url": "__import_meta_url" },
  banner: { js: 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
});
// The entry carries the content hashes of the bundles it loads through the code cache: their
// keys (src/system/code-cache.ts).
const hash = (file) => JSON.stringify(createHash("sha256").update(readFileSync(file)).digest("hex").slice(0, 16));
await build({
  ...common,
  entryPoints: { cli: "src/cli.ts" },
  define: {
    ...common.define,
    __AWSROLE_MAIN_HASH__: hash("dist/main.cjs"),
    __AWSROLE_STS_HASH__: hash("dist/sts.cjs"),
  },
});
