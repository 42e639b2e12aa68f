/** partitions.mjs: each AWS partition's region pattern and listed regions, from the SDK's data. */
export function regionPartitions(): Promise<{ regionRegex: string; regions: string[] }[]>;
