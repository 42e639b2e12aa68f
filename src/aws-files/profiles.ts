import { ConfigError } from "../system/errors.js";
import { shlexSplit } from "../system/shlex.js";
import type { ConfigIndex, IndexedSection } from "./config-index.js";
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

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

/**
 * The config section that is profile `name` (kind "profile") or sso-session `name`: of those
 * whose name `read` maps to it, the last, which replaces the earlier ones whole. A config file
 * may have 10,000 sections: beyond a few hundred, their names are not each mapped, only those
 * that can map to `name`, found in IniFile.sectionNames by searches that skip the other lines
 * quickly (fewer are mapped one by one: compiling the searches would cost them more):
 * - a name without quotes or backslashes shlex splits at white space only, so one that maps to
 *   `name` ends in it as a word of its own (`profile… name`);
 * - a name with a quote or a backslash, which shlex reads, where the file has any;
 * - `default`, which is profile default.
 */
function lastSection(
  config: IniFile | undefined,
  kind: "profile" | "sso-session",
  name: string,
  read: (section: string) => string | undefined,
): IniSection | undefined {
  if (!config) return undefined;
  const names = config.sectionNames;
  let last: string | undefined;
  if (names.length < SEARCH_FROM) {
    for (const section of names.split("\n")) if (read(section) === name) last = section;
    return last === undefined ? undefined : config.section(last);
  }
  const searches = [new RegExp(`[ \\t]${escapeRegExp(name)}[ \\t]*(?![^\\n])`, "g")];
  if (names.includes('"') || names.includes("'") || names.includes("\\"))
    searches.push(new RegExp(`(?<![^\\n])${kind}[^\\n"'\\\\]*["'\\\\]`, "g"));
  if (kind === "profile" && name === "default") searches.push(/(?<![^\n])default(?![^\n])/g);
  let lastStart = -1;
  for (const search of searches)
    for (const found of names.matchAll(search)) {
      // The line the search stopped in.
      const start = names.lastIndexOf("\n", found.index) + 1;
      const end = names.indexOf("\n", found.index);
      const section = names.slice(start, end < 0 ? names.length : end);
      if (start > lastStart && read(section) === name) {
        last = section;
        lastStart = start;
      }
    }
  return last === undefined ? undefined : config.section(last);
}

/** The length of IniFile.sectionNames (~200 names) from which lastSection searches it. */
const SEARCH_FROM = 4096;

/** Every section by the name it is known by (a later one of a name replacing an earlier one). */
function sectionsByName(config: IniFile | undefined, credentials: IniFile | undefined) {
  const profiles = new Map<string, IniSection>();
  const ssoSessions = new Map<string, IniSection>();
  for (const section of config?.sections ?? []) {
    const profile = configProfileName(section.name);
    const sso = profile === undefined ? ssoSessionName(section.name) : undefined;
    if (profile !== undefined) profiles.set(profile, section);
    else if (sso !== undefined) ssoSessions.set(sso, section);
  }
  const credentialProfiles = new Map<string, IniSection>();
  for (const section of credentials?.sections ?? []) credentialProfiles.set(section.name, section);
  return { profiles, ssoSessions, credentialProfiles };
}

/**
 * How many names a run looks up one by one before it maps every section instead: a cache hit asks
 * for a few, and each lookup of a long file searches all its names, which `list` (every profile)
 * would repeat 10,000 times.
 */
const MANY = 32;

export function loadProfiles(
  paths: { configPath: string; credentialsPath: string },
  readFile: ReadFile,
  index?: ConfigIndex,
): ProfileFiles {
  // A long config file the index knows is read only as far as a run asks (config-index.ts);
  // any other is read, and so checked, whole before anything else.
  let config: IniFile | undefined | null = null;
  const wholeConfig = () => {
    if (config === null) config = readIni(paths.configPath, readFile);
    return config;
  };
  if (!index?.fresh) wholeConfig();
  const credentials = readIni(paths.credentialsPath, readFile);
  // Sections are found when a profile is first asked for (their values made on each ask): looked
  // up one by one, or, past MANY names or once all names are asked for, all mapped at once.
  let all: ReturnType<typeof sectionsByName> | undefined;
  let asked = 0;
  const mapped = () => {
    all ??= sectionsByName(wholeConfig(), credentials);
    return all;
  };
  const find = <T>(lookUp: (name: string) => T, inMap: (name: string) => T) => {
    const found = new Map<string, T>();
    return (name: string): T => {
      if (!found.has(name)) found.set(name, !all && ++asked <= MANY ? lookUp(name) : inMap(name));
      return found.get(name) as T;
    };
  };
  /** The config section `kind` `name` resolves to, with the file it was read from. */
  const inConfig = (kind: "profile" | "sso-session", read: (section: string) => string | undefined) => {
    const wholeFile = (section: IniSection | undefined) => section && { file: wholeConfig() as IniFile, section };
    return find<IndexedSection | undefined>(
      (name) => {
        // A section from the index is used when it is one this name resolves to; else the file is read whole.
        const indexed = index?.lookUp(kind, name);
        if (indexed === null || (indexed && read(indexed.section.name) === name)) return indexed ?? undefined;
        const file = wholeConfig();
        const section = lastSection(file, kind, name, read);
        if (file) index?.record(file, kind, name, section);
        return wholeFile(section);
      },
      (name) => wholeFile((kind === "profile" ? mapped().profiles : mapped().ssoSessions).get(name)),
    );
  };
  const configSection = inConfig("profile", configProfileName);
  // A section named sso-session… is no profile: neither "default" nor starting with "profile".
  const ssoSection = inConfig("sso-session", ssoSessionName);
  const credentialsSection = find(
    (name) => credentials?.section(name),
    (name) => mapped().credentialProfiles.get(name),
  );
  const inConfigOf = (name: string) => {
    const found = configSection(name);
    return found && sectionValues(found.file, found.section);
  };
  const inCredentialsOf = (name: string) => {
    const section = credentialsSection(name);
    return section && sectionValues(credentials as IniFile, section);
  };
  return {
    ...paths,
    get config() {
      return wholeConfig();
    },
    credentials,
    get(name) {
      const inConfig = inConfigOf(name);
      const inCredentials = inCredentialsOf(name);
      if (!inConfig && !inCredentials) return undefined;
      return { name, values: { ...inConfig, ...inCredentials }, inConfig, inCredentials };
    },
    names: () => [...new Set([...mapped().profiles.keys(), ...mapped().credentialProfiles.keys()])],
    ssoSession: (name) => {
      const found = ssoSection(name);
      return found && sectionValues(found.file, found.section);
    },
    secrets: () =>
      [wholeConfig(), credentials].flatMap((file) =>
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
