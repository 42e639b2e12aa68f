#!/usr/bin/env node
// The test "browser" (BROWSER=node test/helpers/browser.mjs): opens the URL as a person who
// approves would, following the redirect to awsrole's loopback address, and notes the URL it
// was given in $BROWSER_LOG when set.
import { appendFileSync } from "node:fs";

const url = process.argv[2] ?? "";
if (process.env.BROWSER_LOG) appendFileSync(process.env.BROWSER_LOG, `${url}\n`);
// BROWSER_FORGE=1: first what a stale tab or another page could send to awsrole's loopback
// address (another state, none, another path), each answer noted in $BROWSER_LOG.
const log = (line) => process.env.BROWSER_LOG && appendFileSync(process.env.BROWSER_LOG, `${line}\n`);
try {
  const redirect = new URL(url).searchParams.get("redirect_uri");
  const forge = process.env.BROWSER_FORGE === "1";
  if (forge && redirect) {
    for (const forged of [
      `${redirect}?code=forged&state=wrong`,
      `${redirect}?code=forged`,
      `${new URL(redirect).origin}/other`,
    ]) {
      const answer = await fetch(forged, { signal: AbortSignal.timeout(10_000) });
      log(`forged ${answer.status} ${(await answer.text()).trim()}`);
    }
  }
  const answer = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(10_000) });
  if (forge) log(`page ${answer.status} ${(await answer.text()).trim()}`);
} catch (error) {
  if (process.env.BROWSER_FORGE === "1") log(`error ${error}`);
}
