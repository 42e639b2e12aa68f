import { parseIni } from "./ini.js";

/** One profile, merged from both files as the AWS CLI merges them (credentials file wins). */
export interface Profile {
  name: string;
  values: Record<string, string>;
  /** The file each key was read from, to name it in messages. */
  origin: Record<string, string>;
}

export interface ProfileFiles {
  configPath: string;
  credentialsPath: string;
  profiles: Map<string, Profile>;
}

export type ReadFile = (path: string) => string | undefined;

/** The file locations of the AWS CLI: env overrides, `~` expanded, else ~/.aws/. */
export function awsFilePaths(env: NodeJS.ProcessEnv, home: string): { configPath: string; credentialsPath: string } {
  const expand = (p: string) => (p.startsWith("~/") || p === "~" ? home + p.slice(1) : p);
  return {
    configPath: expand(env.AWS_CONFIG_FILE || `${home}/.aws/config`),
    credentialsPath: expand(env.AWS_SHARED_CREDENTIALS_FILE || `${home}/.aws/credentials`),
  };
}

/** In the config file only `[default]` and `[profile NAME]` are profiles (botocore, SDK). */
function configProfileName(section: string): string | undefined {
  if (section === "default") return "default";
  const m = /^profile\s+["']?(.+?)["']?$/.exec(section);
  return m?.[1];
}

export function loadProfiles(paths: { configPath: string; credentialsPath: string }, readFile: ReadFile): ProfileFiles {
  const profiles = new Map<string, Profile>();
  const add = (name: string, values: Record<string, string>, file: string) => {
    const profile = profiles.get(name) ?? { name, values: Object.create(null), origin: Object.create(null) };
    for (const [key, value] of Object.entries(values)) {
      profile.values[key] = value;
      profile.origin[key] = file;
    }
    profiles.set(name, profile);
  };
  for (const [section, values] of parseIni(readFile(paths.configPath) ?? "")) {
    const name = configProfileName(section);
    if (name) add(name, values, paths.configPath);
  }
  for (const [section, values] of parseIni(readFile(paths.credentialsPath) ?? "")) {
    add(section, values, paths.credentialsPath);
  }
  return { ...paths, profiles };
}
