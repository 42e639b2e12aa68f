// The AWS SDK's partition data (the regions and region patterns of each AWS partition), cut down
// to what awsrole checks a region name against. Taken from the bundled SDK at build time (build.mjs)
// and for the tests (vitest.config.ts), so that a fast path checks a region without loading the SDK.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/** Each partition's region pattern and listed regions, as @aws-sdk/core's endpoint rules hold them. */
export async function regionPartitions() {
  const sdkCore = dirname(createRequire(import.meta.url).resolve("@aws-sdk/core/package.json"));
  const file = join(sdkCore, "dist-es/submodules/client/util-endpoints/lib/aws/partitions.js");
  const { partitionsInfo } = await import(pathToFileURL(file).href);
  return partitionsInfo.partitions.map((p) => ({ regionRegex: p.regionRegex, regions: Object.keys(p.regions) }));
}
