import { findSections, indexIni, parseSection, type SectionRange } from "./ini.js";

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
  /** The merged profile, read when asked for: a 10,000-profile file costs an index, not a parse. */
  get(name: string): Profile | undefined;
  names(): string[];
  /** Every secret written in the files, so that no message can carry one. */
  secrets(): string[];
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
  if (!section.startsWith("profile ") && !section.startsWith("profile\t")) return undefined;
  const name = section.slice(8).trim();
  const quoted = (name[0] === '"' || name[0] === "'") && name.length > 1 && name.endsWith(name[0]);
  return (quoted ? name.slice(1, -1) : name) || undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

class IndexedFile {
  private index?: Map<string, SectionRange[]>;

  constructor(
    readonly path: string,
    readonly text: string,
    private readonly nameOf: (section: string) => string | undefined,
    /** The header line's pattern for a name, with the spacing and quotes the SDKs accept. */
    private readonly header: (name: string) => string,
  ) {}

  /** All sections, by profile name: for listing every profile. */
  sections(): Map<string, SectionRange[]> {
    if (!this.index) {
      this.index = new Map();
      for (const range of indexIni(this.text)) {
        const name = this.nameOf(range.name);
        if (name === undefined) continue;
        const ranges = this.index.get(name);
        if (ranges) ranges.push(range);
        else this.index.set(name, [range]);
      }
    }
    return this.index;
  }

  rangesOf(name: string): SectionRange[] {
    if (this.index) return this.index.get(name) ?? [];
    const header = new RegExp(`^[ \\t]*\\[[ \\t]*${this.header(escapeRegExp(name))}[ \\t]*\\]`, "gm");
    return findSections(this.text, header, (section) => this.nameOf(section) === name);
  }
}

export function loadProfiles(paths: { configPath: string; credentialsPath: string }, readFile: ReadFile): ProfileFiles {
  const files = [
    new IndexedFile(paths.configPath, readFile(paths.configPath) ?? "", configProfileName, (name) =>
      name === "default" ? "(?:profile[ \\t]+)?default" : `profile[ \\t]+(["']?)${name}\\1`,
    ),
    new IndexedFile(
      paths.credentialsPath,
      readFile(paths.credentialsPath) ?? "",
      (section) => section,
      (name) => name,
    ),
  ];
  return {
    ...paths,
    get(name) {
      const found = files.map((file) => [file, file.rangesOf(name)] as const);
      if (found.every(([, ranges]) => ranges.length === 0)) return undefined;
      const profile: Profile = { name, values: Object.create(null), origin: Object.create(null) };
      for (const [file, ranges] of found) {
        for (const range of ranges) {
          for (const [key, value] of Object.entries(parseSection(file.text, range))) {
            profile.values[key] = value;
            profile.origin[key] = file.path;
          }
        }
      }
      return profile;
    },
    names: () => [...new Set(files.flatMap((f) => [...f.sections().keys()]))],
    // Secrets are rare in the config file and usual in the credentials file; both are read only
    // where the key is written at all.
    secrets: () =>
      files.flatMap((f) =>
        /aws_secret_access_key|aws_session_token/.test(f.text)
          ? [...f.sections().values()].flat().flatMap((range) => {
              const v = parseSection(f.text, range);
              return [v.aws_secret_access_key, v.aws_session_token].filter((s): s is string => s !== undefined);
            })
          : [],
      ),
  };
}
