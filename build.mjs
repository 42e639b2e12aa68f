// Bundles the CLI into dist/: start-up resolves no module tree. Separate bundles, so that the
// common paths load only the first: cli.cjs (everything but the ones below), sts.cjs (the AWS
// SDK, loaded only to make a call), help.cjs (yargs, only for --help) and color.cjs (chalk,
// only when stderr is a terminal) and prompt.cjs (node:tty, only to ask for an MFA code).
// CommonJS because Node starts a CJS entry measurably faster than an ES module one.
import { readFileSync } from "node:fs";
import { build } from "esbuild";

const { version } = JSON.parse(readFileSync("package.json", "utf8"));
const lazy = {
  "./sts.js": "./sts.cjs",
  "./help.js": "./help.cjs",
  "./color.js": "./color.cjs",
  "./prompt.js": "./prompt.cjs",
};

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  outdir: "dist",
  outExtension: { ".js": ".cjs" },
  logLevel: "warning",
  legalComments: "none",
  minify: true,
  // yargs and yargs-parser are ES modules that read import.meta.url; give them the CJS equivalent.
  define: { "import.meta.url": "__import_meta_url", __AWSROLE_VERSION__: JSON.stringify(version) },
  banner: { js: 'const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
  plugins: [
    {
      name: "lazy-bundles",
      setup(b) {
        b.onResolve({ filter: /^\.\/(sts|help|color|prompt)\.js$/ }, (args) =>
          args.kind === "dynamic-import" ? { path: lazy[args.path], external: true } : undefined,
        );
      },
    },
  ],
};

await build({ ...common, entryPoints: { cli: "src/bin.ts" } });
await build({
  ...common,
  entryPoints: { sts: "src/sts.ts", help: "src/help.ts", color: "src/color.ts", prompt: "src/prompt.ts" },
});
