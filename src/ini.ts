/**
 * The AWS shared config/credentials format, read as the SDKs read it
 * (aws-sdk-js-v3 parseIni; botocore's raw_config_parse): `#`/`;` comments, also after a space
 * at the end of a line; indented lines under `key =` form a sub-section (`s3 =\n  x = y`).
 * Hand-written because general INI packages disagree with the SDKs: `ini` turns the dots in
 * `[profile a.b]` into nesting and reads quotes, and the credentials writer (issue: files awsrole
 * writes) needs the same notion of where a section starts and ends.
 */
export type IniSections = Map<string, Record<string, string>>;

export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Record<string, string> | undefined;
  let subSection: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.split(/(?:^|\s)[;#]/)[0]?.trim() ?? "";
    if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
      const name = trimmed.slice(1, -1).trim();
      current = sections.get(name) ?? Object.create(null);
      sections.set(name, current as Record<string, string>);
      subSection = undefined;
      continue;
    }
    const eq = trimmed.indexOf("=");
    if (!current || eq < 1) continue;
    const key = trimmed.slice(0, eq).trim();
    const value = trimmed.slice(eq + 1).trim();
    if (value === "") {
      subSection = key;
    } else {
      if (subSection && line.trimStart() === line) subSection = undefined;
      current[subSection ? `${subSection}.${key}` : key] = value;
    }
  }
  return sections;
}
