import { ConfigError } from "../system/errors.js";
import { shlexSplit } from "../system/shlex.js";
import { type IniFile, type IniSection, type IniValue, parseIni, sectionValues } from "./ini.js";
import { expandUser, expandVars, windowsEnv } from "./ntpath.js";

const SECRET_KEYS = ["aws_secret_access_key", "aws_session_token", "aws_security_token"];

/** One profile, merged from both files as the AWS CLI merges them (credentials file wins). */
export interface Profile {
  name: string;
  values: Record<string, IniValue>;
  /** The profile's keys in each file: botocore's providers look in one file or the other. */
  inConfig?: Record<string, IniValue>;
  inCredentials?: Record<string, IniValue>;
}

export interface ProfileFiles {
  configPath: string;
  credentialsPath: string;
  config?: IniFile;
  credentials?: IniFile;
  get(name: string): Profile | undefined;
  names(): string[];
  /** The `[sso-session NAME]` sections of the config file. */
  ssoSession(name: string): Record<string, IniValue> | undefined;
  /** Every secret written in the files, so that no message can carry one. */
  secrets(): string[];
}

/** Reads a file: its text, undefined when there is none, or throws when it cannot be read. */
export type ReadFile = (path: string) => string | undefined;

/**
 * The file locations as botocore finds them: the variable, else ~/.aws/…; `$VAR`/`${VAR}` and a
 * leading `~` expanded (os.path.expandvars, then expanduser; an unknown variable stays as written).
 */
export function awsFilePaths(
  env: NodeJS.ProcessEnv,
  home: string,
  platform: string,
): { configPath: string; credentialsPath: string } {
  if (platform === "win32") return windowsFilePaths(env);
  const expand = (path: string) => {
    // Most paths hold no variable: the regular expression is compiled only for one that may.
    const expanded = path.includes("$")
      ? path.replace(/\$(\w+|\{[^}]*\})/g, (all, name: string) => {
          const value = env[name.startsWith("{") ? name.slice(1, -1) : name];
          return value === undefined ? all : value;
        })
      : path;
    if (expanded !== "~" && !expanded.startsWith("~/")) return expanded;
    let end = home.length;
    while (end > 0 && home[end - 1] === "/") end--;
    return home.slice(0, end) + expanded.slice(1) || "/";
  };
  return {
    configPath: expand(env.AWS_CONFIG_FILE || "~/.aws/config"),
    credentialsPath: expand(env.AWS_SHARED_CREDENTIALS_FILE || "~/.aws/credentials"),
  };
}

/**
 * On Windows as botocore there: ntpath's expandvars (`%VAR%` too), then expanduser (USERPROFILE).
 * Written with backslashes throughout, so messages do not show botocore's `C:\Users\me/.aws/config`
 * (Windows reads `/` as `\`: the same files).
 */
function windowsFilePaths(env: NodeJS.ProcessEnv): { configPath: string; credentialsPath: string } {
  const expand = (path: string) => expandUser(expandVars(path, env), env).replaceAll("/", "\\");
  return {
    configPath: expand(windowsEnv(env, "AWS_CONFIG_FILE") || "~\\.aws\\config"),
    credentialsPath: expand(windowsEnv(env, "AWS_SHARED_CREDENTIALS_FILE") || "~\\.aws\\credentials"),
  };
}

/**
 * botocore's build_profile_map: a config section whose name starts with "profile" is the
 * profile of its second shell word (`[profile "my proc"]` is `my proc`; one word or three is no
 * profile); `[default]` is the default profile; a later section of the same profile replaces an
 * earlier one whole. Returns the section's name in the profile map, or undefined.
 */
export function configProfileName(section: string): string | undefined {
  if (section === "default") return "default";
  return section.startsWith("profile") ? secondWord(section) : undefined;
}

function ssoSessionName(section: string): string | undefined {
  return section.startsWith("sso-session") ? secondWord(section) : undefined;
}

/**
 * shlex.split's second of exactly two words. Without quotes or backslashes shlex only splits
 * at its white space (space, tab, CR, LF), which is what a 10,000-profile file nearly always
 * holds; Python's shlex.split (shlex.ts) reads the rest.
 */
function secondWord(section: string): string | undefined {
  let words: string[];
  if (!/["'\\]/.test(section)) words = section.split(/[ \t\r\n]+/).filter(Boolean);
  else {
    try {
      words = shlexSplit(section);
    } catch {
      return undefined;
    }
  }
  return words.length === 2 ? words[1] : undefined;
}

function readIni(path: string, readFile: ReadFile): IniFile | undefined {
  const text = readFile(path);
  return text === undefined ? undefined : parseIni(path, text);
}

export function loadProfiles(paths: { configPath: string; credentialsPath: string }, readFile: ReadFile): ProfileFiles {
  const config = readIni(paths.configPath, readFile);
  const credentials = readIni(paths.credentialsPath, readFile);
  // Sections by profile name; their values are made when a profile is asked for.
  const configProfiles = new Map<string, IniSection>();
  const ssoSessions = new Map<string, IniSection>();
  for (const section of config?.sections ?? []) {
    const profile = configProfileName(section.name);
    const sso = profile === undefined ? ssoSessionName(section.name) : undefined;
    if (profile !== undefined) configProfiles.set(profile, section);
    else if (sso !== undefined) ssoSessions.set(sso, section);
  }
  const credentialProfiles = new Map<string, IniSection>();
  for (const section of credentials?.sections ?? []) credentialProfiles.set(section.name, section);
  const inConfigOf = (name: string) => {
    const section = configProfiles.get(name);
    return section && sectionValues(config as IniFile, section);
  };
  const inCredentialsOf = (name: string) => {
    const section = credentialProfiles.get(name);
    return section && sectionValues(credentials as IniFile, section);
  };
  return {
    ...paths,
    config,
    credentials,
    get(name) {
      const inConfig = inConfigOf(name);
      const inCredentials = inCredentialsOf(name);
      if (!inConfig && !inCredentials) return undefined;
      return { name, values: { ...inConfig, ...inCredentials }, inConfig, inCredentials };
    },
    names: () => [...new Set([...configProfiles.keys(), ...credentialProfiles.keys()])],
    ssoSession: (name) => {
      const section = ssoSessions.get(name);
      return section && sectionValues(config as IniFile, section);
    },
    secrets: () =>
      [config, credentials].flatMap((file) =>
        [...(file?.defaults ?? []), ...(file?.sections ?? []).flatMap((s) => s.options)]
          .filter((o) => SECRET_KEYS.includes(o.key) && typeof o.value === "string")
          .map((o) => o.value as string),
      ),
  };
}

/** A key of a profile as text: a nested section where a value belongs is a configuration error. */
export function textValue(profile: Profile | undefined, key: string): string | undefined {
  const value = profile?.values[key];
  if (value === undefined || typeof value === "string") return value;
  throw new ConfigError(
    `${key} of profile ${JSON.stringify(profile?.name)} is a nested section (indented lines under "${key} ="), not a value. Write it on one line.`,
  );
}
