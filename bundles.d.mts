// Types for bundles.mjs, which build.mjs (plain JavaScript) and test/bundles.test.ts import.
export declare const LAZY: string[];
