import { join } from "node:path";
import type { Flags } from "../args/options.js";
import { homeProblem } from "../aws-files/home.js";
import type { Profile } from "../aws-files/profiles.js";
import { cacheDir, readCachedSession, ssoTokenPath } from "../credentials/cache.js";
import { sessionCacheKey } from "../credentials/run-plan.js";
import { parseExpiresAt } from "../credentials/timestamp.js";
import type { ResolveContext } from "../plan/context.js";
import { chainNeedsMfa, type Plan } from "../plan/plan.js";
import { resolvePlan } from "../plan/resolve.js";
import { chooseSource, hopFor, type WayName } from "../plan/sources.js";
import { shown, UsageError } from "../system/errors.js";
import { hoursAndMinutes, minutesUntil } from "../system/expiry.js";
import type { Io } from "../system/io.js";
import { context } from "./role-session.js";

interface ProfileRow {
  name: string;
  role?: string;
  source?: string;
  mfa: boolean;
  region?: string;
  /** Minutes left on the cached session, when there is one. */
  cachedMinutes?: number;
  /** What stops awsrole from assuming it that the row would not show: a source_profile that is not there. */
  problem?: string;
  /** An SSO source (the profile's own or its chain's): the account and role it signs in to. */
  ssoAccount?: string;
  ssoRole?: string;
  /** Minutes left on its SSO token (negative: expired); null when there is no token. */
  ssoTokenMinutes?: number | null;
}

/** Every profile, with what awsrole would do with it; reads files only, never calls. */
function listProfiles(
  ctx: ResolveContext,
  cacheDir: string | undefined,
  now: Date,
  ssoTokenDir?: string,
): ProfileRow[] {
  return ctx.files
    .names()
    .sort()
    .map((name) => {
      const profile = ctx.files.get(name) as Profile;
      const all = profile.values;
      const values = Object.fromEntries(Object.entries(all).filter(([, v]) => typeof v === "string")) as Record<
        string,
        string
      >;
      const way = sourceWay(ctx, profile);
      const cell = way === undefined ? undefined : SOURCE_CELL[way];
      const row: ProfileRow = {
        name,
        role: values.role_arn,
        source: cell === "source_profile" ? values.source_profile : cell?.(values),
        mfa: values.mfa_serial !== undefined,
        region: values.region,
      };
      if (cell === "source_profile" && !ctx.files.get(values.source_profile as string))
        row.problem = `source_profile ${JSON.stringify(values.source_profile)} is not a profile`;
      try {
        const plan = resolvePlan(ctx, name, {});
        // A chained role needs the code its source role needs.
        row.mfa = chainNeedsMfa(plan);
        const key = sessionCacheKey(plan);
        const hit = cacheDir === undefined || key === undefined ? undefined : readCachedSession(cacheDir, key, now);
        const expiry = hit && "session" in hit ? hit.session.credentials.expiration : undefined;
        if (expiry) {
          row.cachedMinutes = minutesUntil(expiry, now);
        }
        if (ssoTokenDir !== undefined) Object.assign(row, ssoColumns(ctx, plan, ssoTokenDir, now));
      } catch {
        // A profile awsrole cannot resolve (broken, or a source it does not read) is still listed.
      }
      return row;
    });
}

/** The way the resolver chooses the profile's source (plan/sources.ts); none when reading its keys fails. */
function sourceWay(ctx: ResolveContext, profile: Profile): WayName | undefined {
  try {
    return chooseSource(hopFor(ctx, profile, {}, [profile.name])).way;
  } catch {
    return undefined;
  }
}

/**
 * The SOURCE cell of each way: what the profile's own credentials are, or the source it names.
 * "source_profile": the profile's source_profile, marked `(missing)` when no profile has that
 * name. A profile with credential_source too is refused by the resolver, which asks to keep one:
 * the name is shown, so it is checked as well, as it was before the cells came from the resolver.
 */
const SOURCE_CELL: Record<WayName, "source_profile" | ((values: Record<string, string>) => string | undefined)> = {
  "web identity": () => "web identity",
  "token options without a token": () => undefined,
  "source_profile and credential_source": "source_profile",
  source_profile: "source_profile",
  credential_source: (values) => values.credential_source,
  "own credentials": () => undefined,
  "no source": () => undefined,
  "default chain": () => undefined,
  "role with web identity": () => "web identity",
  sso: () => "sso",
  keys: () => "keys",
  login_session: () => "login_session",
  credential_process: () => "credential_process",
  "incomplete sso": () => "sso",
  "no credentials": () => undefined,
};

/** The SSO source at the end of a plan's chain: its account, role and the token's time left. */
function ssoColumns(ctx: ResolveContext, plan: Plan, tokenDir: string, now: Date): Partial<ProfileRow> {
  let source = plan.source;
  while (source.kind === "role") source = source.plan.source;
  if (source.kind !== "sso") return {};
  const { accountId, roleName } = source.config;
  let minutes: number | null = null;
  try {
    const token = JSON.parse(ctx.readFile(ssoTokenPath(tokenDir, source.config)) ?? "null");
    const expiry = typeof token?.expiresAt === "string" ? parseExpiresAt(token.expiresAt) : Number.NaN;
    if (Number.isFinite(expiry)) minutes = minutesUntil(new Date(expiry), now);
  } catch {}
  return {
    ssoAccount: accountId,
    ssoRole: roleName,
    ssoTokenMinutes: minutes,
    ...(plan.action === "GetRoleCredentials" ? { role: `${accountId}/${roleName} (SSO)` } : {}),
  };
}

/** The SOURCE cell of an SSO row: the token's time left, or what to do. */
function ssoSourceCell(row: ProfileRow): string | undefined {
  if (row.ssoRole === undefined) return row.source;
  const m = row.ssoTokenMinutes;
  const token = m === null || m === undefined ? "no token" : m < 0 ? "token expired" : `token ${hoursAndMinutes(m)}`;
  return `${row.source ?? "sso"} (${token})`;
}

function renderTable(rows: readonly ProfileRow[]): string {
  const header = ["PROFILE", "ROLE", "SOURCE", "MFA", "REGION", "CACHED"];
  const cells = rows.map((r) => [
    r.name,
    r.role ?? "-",
    r.problem ? `${r.source} (missing)` : (ssoSourceCell(r) ?? "-"),
    r.mfa ? "yes" : "no",
    r.region ?? "-",
    r.cachedMinutes === undefined ? "-" : `${r.cachedMinutes}m`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const lines = [header, ...cells].map((line) =>
    line
      .map((c, i) => c.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd(),
  );
  return `${lines.join("\n")}\n`;
}

export async function listCommand(io: Io, flags: Flags): Promise<undefined> {
  if (flags.format !== undefined && flags.format !== "json")
    throw new UsageError(`list prints a table, --format json or --format names, not ${shown(flags.format)}.`);
  const { ctx } = context(io, () => {});
  const rows = listProfiles(ctx, cacheDir(io.writableHome), io.now(), join(io.home, ".aws", "sso", "cache"));
  // No files is not an error (a new machine), but an empty table alone does not say where it looked.
  if (!ctx.files.config && !ctx.files.credentials)
    io.stderr(
      `awsrole: no profiles: neither ${ctx.files.configPath} nor ${ctx.files.credentialsPath} exists${io.platform === "win32" || !io.env.HOME || io.env.AWS_CONFIG_FILE ? "" : homeProblem(io.env.HOME)}. Create them with aws configure.\n`,
    );
  io.stdout(flags.format === "json" ? `${JSON.stringify(rows, null, 2)}\n` : renderTable(rows));
  return undefined;
}
