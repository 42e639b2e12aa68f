// Bundles the CLI into dist/: start-up resolves no module tree. Separate bundles, so that the
// common paths load only the first: cli.cjs (everything but the ones below), sts.cjs (the AWS
// SDK, loaded only to make a call), help.cjs (yargs, only for --help) and color.cjs (chalk,
// only when stderr is a terminal), prompt.cjs (node:tty, only to ask for an MFA code) and
// write-profile.cjs (the lock library, only for --write-profile).
// CommonJS because Node starts a CJS entry measurably faster than an ES module one.
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { build } from "esbuild";

const { version } = JSON.parse(readFileSync("package.json", "utf8"));
// Each is imported with `await import("./NAME.js")` in src/ and ships as dist/NAME.cjs.
const lazy = [
  "sts",
  "help",
  "color",
  "prompt",
  "write-profile",
  ...["init", "status", "role", "list", "console"].map((c) => `commands/${c}`),
];

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
    __AWSROLE_BUNDLE__: "true",
  },
  plugins: [
    {
      name: "lazy-bundles",
      setup(b) {
        // ./NAME.js, ../NAME.js and ./commands/NAME.js all become ./NAME.cjs beside cli.cjs.
        b.onResolve({ filter: /^\.\.?\/(?:commands\/)?[\w-]+\.js$/ }, (args) =>
          args.kind === "dynamic-import"
            ? { path: `./${args.path.split("/").pop()?.replace(/\.js$/, ".cjs")}`, external: true }
            : undefined,
        );
      },
    },
  ],
};

rmSync("dist", { recursive: true, force: true });
await build({
  ...common,
  entryPoints: Object.fromEntries(
    lazy.filter((path) => path !== "help").map((path) => [path.split("/").pop(), `src/${path}.ts`]),
  ),
});
// yargs is an ES module that reads import.meta.url; give it the CJS equivalent — in its bundle
// only, as working it out costs every other bundle start-up time.
await build({
  ...common,
  entryPoints: { help: "src/help.ts" },
  define: { ...common.define, "import.meta.url": "__import_meta_url" },
  banner: { js: 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
});
// The entry carries role.cjs's content hash: the code cache's key (src/code-cache.ts).
const roleHash = createHash("sha256").update(readFileSync("dist/role.cjs")).digest("hex").slice(0, 16);
await build({
  ...common,
  entryPoints: { cli: "src/bin.ts" },
  define: { ...common.define, __AWSROLE_ROLE_HASH__: JSON.stringify(roleHash) },
});
