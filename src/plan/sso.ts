import { type Profile, type ProfileFiles, textValue } from "../aws-files/profiles.js";
import { ConfigError, shown } from "../system/errors.js";
import { checkedFrom, type ResolveContext } from "./context.js";
import type { Source, SsoConfig } from "./plan.js";
import * as valid from "./validate.js";

/** botocore's SSOProvider applies to a profile that has sso_account_id or sso_role_name, no matter what else it has. */
export function usesSso(profile: Profile): boolean {
  return textValue(profile, "sso_account_id") !== undefined || textValue(profile, "sso_role_name") !== undefined;
}

const SSO_KEYS = ["sso_role_name", "sso_account_id", "sso_start_url", "sso_region"] as const;

/**
 * The profile's settings with those of its `[sso-session NAME]` when it names one (botocore's
 * SSOProvider._load_sso_config): a key in both must agree. Used by `awsrole login` too.
 */
export function ssoSettings(
  files: ProfileFiles,
  profile: Profile,
): { sessionName: string | undefined; settings: Record<string, string> } {
  const sessionName = textValue(profile, "sso_session");
  const session = sessionName === undefined ? undefined : files.ssoSession(sessionName);
  if (sessionName !== undefined && !session) {
    throw new ConfigError(
      `profile ${shown(profile.name)} names sso_session ${shown(sessionName)}, which has no [sso-session ${sessionName}] in ${files.configPath}. Add it, or run aws configure sso.`,
    );
  }
  const settings: Record<string, string> = {};
  for (const [k, v] of Object.entries(profile.values)) if (typeof v === "string") settings[k] = v;
  for (const [k, v] of Object.entries(session ?? {})) {
    if (typeof v !== "string") continue;
    if (settings[k] !== undefined && settings[k] !== v) {
      throw new ConfigError(
        `${k} is ${shown(settings[k])} in profile ${shown(profile.name)} but ${shown(v)} in [sso-session ${sessionName}]; the AWS CLI refuses that too. Keep one.`,
      );
    }
    settings[k] = v;
  }
  return { sessionName, settings };
}

/** SSO settings of the profile and its `[sso-session]`: every key must be there. */
export function ssoSource(ctx: ResolveContext, profile: Profile): Source {
  const { sessionName, settings } = ssoSettings(ctx.files, profile);
  const missing = SSO_KEYS.filter((k) => !settings[k]);
  if (missing.length) {
    const where =
      sessionName === undefined
        ? `profile ${shown(profile.name)}`
        : `profile ${shown(profile.name)} (with [sso-session ${sessionName}])`;
    throw new ConfigError(
      `${where} uses SSO but has no ${missing.join(", ")}. Add ${missing.length > 1 ? "them" : "it"} in ${ctx.files.configPath}.`,
    );
  }
  const config: SsoConfig = {
    startUrl: settings.sso_start_url as string,
    region: checkedFrom(
      () => valid.region(settings.sso_region as string),
      () =>
        `sso_region of profile ${profile.name}${sessionName === undefined ? "" : ` ([sso-session ${sessionName}])`}`,
    ),
    accountId: settings.sso_account_id as string,
    roleName: settings.sso_role_name as string,
    sessionName,
  };
  return { kind: "sso", profile: profile.name, file: ctx.files.configPath, config };
}
