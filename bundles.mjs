// The lazy bundles: every `await import("…/NAME.js")` in src/ loads one of these, and each ships
// as dist/NAME.cjs beside cli.cjs (flat, so their base names are unique). Anything imported
// statically is inside the bundle that imports it. test/bundles.test.ts holds src/ to this list.
export const LAZY = [
  "credentials/sts", // the AWS SDK: only to make a call (through the code cache too)
  "credentials/sso", // IAM Identity Center's portal and token refresh: only to call them
  "args/help", // yargs lays out --help
  "system/color", // chalk: only when stderr is a terminal
  "system/prompt", // node:tty: only to ask for an MFA code
  "aws-files/write-profile", // the lock library: only for --write-profile
  // The commands but those that assume a role (assume, exec, console: in main.cjs, which holds
  // the assume path; a bundle of their own would carry a second copy of it).
  ...["init", "complete", "status", "list", "exec-server", "login"].map((c) => `commands/${c}`),
];
