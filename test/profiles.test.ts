import { describe, expect, it } from "vitest";
import { parseIni } from "../src/ini.js";
import { awsFilePaths, loadProfiles } from "../src/profiles.js";

describe("parseIni reads what the SDKs read", () => {
  it.each([
    ["comments and blank lines", "# c\n[a]\n; c\nk = v\n\n", { a: { k: "v" } }],
    ["CRLF line ends", "[a]\r\nk = v\r\n", { a: { k: "v" } }],
    ["an inline comment after a space", "[a]\nk = v # note\n", { a: { k: "v" } }],
    ["a # inside a value is kept", "[a]\nk = v#1\n", { a: { k: "v#1" } }],
    ["odd spacing", "  [ a ]  \n  k=v  \n", { a: { k: "v" } }],
    ["= inside a value", "[a]\nk = x=y\n", { a: { k: "x=y" } }],
    ["sub-sections", "[a]\ns3 =\n  max = 1\nk = v\n", { a: { "s3.max": "1", k: "v" } }],
    ["dots in a section name", "[profile a.b]\nk = v\n", { "profile a.b": { k: "v" } }],
    ["no trailing newline", "[a]\nk = v", { a: { k: "v" } }],
    ["a repeated section merges", "[a]\nk = 1\n[b]\n[a]\nj = 2\n", { a: { k: "1", j: "2" }, b: {} }],
  ])("%s", (_, text, expected) => {
    expect(Object.fromEntries([...parseIni(text)].map(([k, v]) => [k, { ...v }]))).toEqual(expected);
  });
});

describe("loadProfiles merges config and credentials as the AWS CLI does", () => {
  const files: Record<string, string> = {
    "/h/.aws/config":
      "[default]\nregion = us-east-1\n[profile p]\nregion = eu-west-1\nk = config\n[notaprofile]\nk = x\n[sso-session s]\nk = y\n",
    "/h/.aws/credentials": "[p]\nk = credentials\naws_access_key_id = AKIA\n[only-creds]\naws_access_key_id = AKIB\n",
  };
  const profiles = loadProfiles(awsFilePaths({}, "/h"), (path) => files[path]);

  it("knows [default], [profile X] and credentials [X], and nothing else", () =>
    expect(profiles.names().sort()).toEqual(["default", "only-creds", "p"]));
  it("lets the credentials file win", () => expect(profiles.get("p")?.values.k).toBe("credentials"));
  it("remembers where each key came from", () => {
    expect(profiles.get("p")?.origin.region).toBe("/h/.aws/config");
    expect(profiles.get("p")?.origin.aws_access_key_id).toBe("/h/.aws/credentials");
  });
  it("honours AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, with ~", () =>
    expect(awsFilePaths({ AWS_CONFIG_FILE: "~/c", AWS_SHARED_CREDENTIALS_FILE: "/x/k" }, "/h")).toEqual({
      configPath: "/h/c",
      credentialsPath: "/x/k",
    }));
  it("finds a profile however its header is spelled, and merges repeated sections", () => {
    const odd = loadProfiles(awsFilePaths({}, "/h"), (path) =>
      path.endsWith("config")
        ? '[ profile  spaced ]\nk = 1\n[profile "quoted"]\nk = 2\n  [profile twice] # note\na = 1\n[profile twice]\nb = 2\n'
        : undefined,
    );
    expect(odd.get("spaced")?.values.k).toBe("1");
    expect(odd.get("quoted")?.values.k).toBe("2");
    expect({ ...odd.get("twice")?.values }).toEqual({ a: "1", b: "2" });
    expect(odd.names().sort()).toEqual(["quoted", "spaced", "twice"]);
  });
  it("treats missing files as empty", () =>
    expect(loadProfiles(awsFilePaths({}, "/none"), () => undefined).names()).toEqual([]));
});
