#!/usr/bin/env node
// The test "browser" (BROWSER=node test/helpers/browser.mjs): opens the URL as a person who
// approves would, following the redirect to awsrole's loopback address, and notes the URL it
// was given in $BROWSER_LOG when set.
import { appendFileSync } from "node:fs";

const url = process.argv[2] ?? "";
if (process.env.BROWSER_LOG) appendFileSync(process.env.BROWSER_LOG, `${url}\n`);
try {
  await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(10_000) });
} catch {}
