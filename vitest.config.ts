import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";
import { regionPartitions } from "./partitions.mjs";

const { version } = JSON.parse(readFileSync("package.json", "utf8"));

export default defineConfig({
  define: {
    __AWSROLE_VERSION__: JSON.stringify(version),
    __AWSROLE_PARTITIONS__: JSON.stringify(await regionPartitions()),
  },
  test: {
    include: ["test/**/*.test.ts"],
    // The build the tests run; one temporary folder and a decoy HOME for the whole run, removed
    // and checked at its end.
    globalSetup: ["test/helpers/build-first.ts", "test/helpers/leave-nothing.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end files each start their own STS server; two cores run two files at a time.
    fileParallelism: true,
  },
});
