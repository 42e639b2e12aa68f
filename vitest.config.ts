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
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // End-to-end files each start their own STS server; two cores run two files at a time.
    fileParallelism: true,
  },
});
