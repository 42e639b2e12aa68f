// awsrole against the AWS CLI on the same generated files: `aws sts get-caller-identity
// --profile p` and `awsrole p` each talk to moto through a recording proxy, and the STS calls
// they make must be the same — action, role, MFA serial and code, duration, external ID, session
// name where the profile sets one, and which credentials signed each call — and so must the
// credentials each ends with. The README's documented differences are applied as rules below,
// each named; anything else that differs fails.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, run } from "./helpers/home.js";
import { random } from "./helpers/ini-gen.js";
import { knob } from "./helpers/knob.js";
import { type Scenario, scenario, writeScenario } from "./helpers/scenario-gen.js";
import { recordingProxy, type StsRequest, type StsServer, startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const CASES = knob("ORACLE_SCENARIOS", 200);
const WORKERS = 4;
const CODE = "123456";
const ready = hasTool("aws") && hasTool("setsid", ["--version"]);

interface Call {
  Action: string;
  RoleArn?: string;
  SerialNumber?: string;
  TokenCode?: string;
  DurationSeconds?: string;
  ExternalId?: string;
  RoleSessionName?: string;
  signer: string;
}

interface Outcome {
  ok: boolean;
  calls: Call[];
  /** The credentials the run ends with, named as a signer is. */
  final?: string;
  said: string;
}

/**
 * The calls in order, each signer named by where its key came from: `static KEY` for a key the
 * scenario wrote, `session N` for the key call N handed out.
 */
function normalize(
  requests: StsRequest[],
  s: Scenario,
  finalKey: string | undefined,
): { calls: Call[]; final?: string } {
  const name = (signer: string, upTo: number) => {
    if (s.staticKeys.includes(signer)) return `static ${signer}`;
    const from = requests.slice(0, upTo).findIndex((r) => r.$returned === signer);
    return from >= 0 ? `session ${from}` : `unknown ${signer}`;
  };
  const calls = requests.map((r, i) => {
    const call: Call = { Action: r.Action as string, signer: name(r.$signer as string, i) };
    for (const k of [
      "RoleArn",
      "SerialNumber",
      "TokenCode",
      "DurationSeconds",
      "ExternalId",
      "RoleSessionName",
    ] as const) {
      if (r[k] !== undefined) call[k] = r[k];
    }
    return call;
  });
  return { calls, final: finalKey === undefined ? undefined : name(finalKey, requests.length) };
}

/**
 * The documented differences, as rewrites of awsrole's calls into the CLI's:
 * - A profile with no role exports a session (README, differences): awsrole's last call, a
 *   GetSessionToken whose session is what the run ends with, stands for the CLI signing with
 *   the credentials that called it.
 * - MFA session (README, "MFA: one code in the morning"): GetSessionToken with the code, then
 *   AssumeRole signed by that session, stands for the CLI's AssumeRole with the code.
 * - Session names nobody chose: botocore-session-N for the CLI, awsrole-USER for awsrole.
 * - DurationSeconds: awsrole always sends it (3600 unless set); the CLI leaves STS's default of 3600.
 */
function asTheCliWould(calls: Call[], final: string | undefined): { calls: Call[]; final?: string } {
  const last = calls.at(-1);
  if (last?.Action === "GetSessionToken" && final === `session ${calls.length - 1}`) {
    calls = calls.slice(0, -1);
    final = last.signer;
  }
  const out: Call[] = [];
  const renumber = new Map<number, number>();
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i] as Call;
    const next = calls[i + 1];
    if (
      call.Action === "GetSessionToken" &&
      next?.Action === "AssumeRole" &&
      next.signer === `session ${i}` &&
      !next.SerialNumber
    ) {
      renumber.set(i + 1, out.length);
      out.push({ ...next, SerialNumber: call.SerialNumber, TokenCode: call.TokenCode, signer: call.signer });
      i++;
      continue;
    }
    renumber.set(i, out.length);
    out.push({ ...call });
  }
  const fix = (signer: string) => {
    const m = /^session (\d+)$/.exec(signer);
    return m ? `session ${renumber.get(Number(m[1]))}` : signer;
  };
  for (const call of out) call.signer = fix(call.signer);
  return { calls: out.map(defaults), final: final === undefined ? undefined : fix(final) };
}

function defaults(call: Call): Call {
  const out = { ...call };
  if (out.Action === "AssumeRole") out.DurationSeconds ??= "3600";
  if (out.RoleSessionName && /^(botocore-session-\d+|awsrole-.+)$/.test(out.RoleSessionName))
    out.RoleSessionName = "(generated)";
  return out;
}

describe.skipIf(!ready)(`awsrole makes the AWS CLI's STS calls, on ${CASES} generated configurations`, () => {
  let sts: StsServer;
  const proxies: Awaited<ReturnType<typeof recordingProxy>>[] = [];
  beforeAll(async () => {
    sts = await startStsServer();
    for (let i = 0; i < WORKERS; i++) proxies.push(await recordingProxy(sts.motoPort));
  }, 60_000);
  afterAll(async () => {
    for (const proxy of proxies) await proxy.stop();
    await sts?.stop();
  });

  async function runOne(s: Scenario, proxy: (typeof proxies)[number], tool: "aws" | "awsrole"): Promise<Outcome> {
    const home = mkdtempSync(join(tmpdir(), `awsrole-vs-${tool}-`));
    writeScenario(s, home);
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: home,
      LANG: "C.UTF-8",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_ENDPOINT_URL_STS: proxy.url,
      ...s.env,
    };
    const from = proxy.requests.length;
    // setsid: no terminal, so the CLI reads the MFA code from stdin (getpass's fallback).
    const result =
      tool === "aws"
        ? await run(
            "sh",
            [
              "-c",
              `printf '${CODE}\\n${CODE}\\n${CODE}\\n' | setsid aws sts get-caller-identity --profile p --output json`,
            ],
            env,
          )
        : // The code in the environment: -t is refused where nothing asks for MFA.
          await run("node", [CLI, "p", "-f", "json", "-q", "--no-prompt"], { ...env, AWSROLE_TOKEN_CODE: CODE });
    const requests = proxy.requests.slice(from);
    const ok = result.status === 0;
    if (tool === "aws") {
      const last = requests.at(-1);
      const identity = ok && last?.Action === "GetCallerIdentity" ? requests.pop() : undefined;
      return { ok, ...normalize(requests, s, identity?.$signer), said: result.stderr };
    }
    const finalKey = ok ? (JSON.parse(result.stdout).AWS_ACCESS_KEY_ID as string) : undefined;
    const got = normalize(requests, s, finalKey);
    return { ok, ...asTheCliWould(got.calls, got.final), said: result.stderr };
  }

  it("agrees on every one", async () => {
    const scenarios = Array.from({ length: CASES }, (_, i) => scenario(random(50_000 + i), i + 1));
    const mismatches: string[] = [];
    let compared = 0;
    let refusedByBoth = 0;
    await Promise.all(
      proxies.map(async (proxy, w) => {
        for (let i = w; i < scenarios.length; i += WORKERS) {
          const s = scenarios[i] as Scenario;
          // One tool at a time per proxy, so each run's calls are its own.
          const cli = await runOne(s, proxy, "aws");
          const ours = await runOne(s, proxy, "awsrole");
          const cliCalls = { ok: cli.ok, calls: cli.calls.map(defaults), final: cli.final };
          const ourCalls = { ok: ours.ok, calls: ours.calls, final: ours.final };
          compared++;
          if (process.env.ORACLE_DEBUG)
            console.log(
              s.seed,
              s.describe.join(","),
              JSON.stringify(cliCalls),
              "\n   ",
              JSON.stringify(ourCalls),
              cli.said.trim().split("\n").at(-1),
            );
          if (!cli.ok && !ours.ok) refusedByBoth++;
          try {
            expect(ourCalls).toEqual(cliCalls);
          } catch {
            mismatches.push(
              `scenario ${s.seed} (${s.describe.join(", ")}):\n  aws:     ${JSON.stringify(cliCalls)}\n  awsrole: ${JSON.stringify(ourCalls)}\n  aws said: ${cli.said.trim().split("\n").at(-1)}\n  awsrole said: ${ours.said.trim()}\n  files: ${JSON.stringify(s.files)}`,
            );
          }
        }
      }),
    );
    expect(mismatches.slice(0, 5).join("\n\n")).toBe("");
    expect(compared).toBe(CASES);
    // Both sides of the comparison are exercised: configurations that work and ones both refuse.
    expect(refusedByBoth).toBeGreaterThan(CASES / 40);
    expect(compared - refusedByBoth).toBeGreaterThan(CASES / 2);
  }, 600_000);
});
