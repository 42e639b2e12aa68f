// The README's snippets as written: the CI ones are run the way each CI runs its script, with a
// login that fails, and nothing after awsrole may run; the Install section names what npm packs.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./helpers/fake-io.js";
import { awsroleBin, CLI, cleanEnv, makeHome, run } from "./helpers/home.js";
import { startStsServer } from "./helpers/sts-server.js";
import { hasTool } from "./helpers/tools.js";

const README = readFileSync("README.md", "utf8");
const haveYaml = hasTool("python3", ["-c", "import yaml"]);

/** The fenced blocks of a language, each with the last bold words before it (`**GitLab CI**`). */
function blocks(language: string, text = README): { title: string; body: string }[] {
  const found: { title: string; body: string }[] = [];
  for (const match of text.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\``, "gm"))) {
    const before = text.slice(0, match.index);
    const title = [...before.matchAll(/\*\*([^*]+)\*\*/g)].at(-1)?.[1] ?? "";
    found.push({ title, body: match[1] as string });
  }
  return found;
}

const ciSection = README.slice(README.indexOf("## CI without stored AWS keys"));
const ciSectionEnd = ciSection.indexOf("\n## ", 5);
const CI = ciSection.slice(0, ciSectionEnd < 0 ? undefined : ciSectionEnd);

/** A YAML block read as the CI reads it (PyYAML, the one YAML parser here). */
function yaml(text: string): Record<string, unknown> | unknown[] {
  const read = spawnSync("python3", ["-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"], {
    input: text,
    encoding: "utf8",
  });
  if (read.status !== 0) throw new Error(`not YAML: ${read.stderr}`);
  return JSON.parse(read.stdout);
}

/** Each CI's steps as it runs them: a list of [shell, args] run in order until one fails. */
function ciSteps(title: string, body: string): string[][] {
  const doc = yaml(body);
  const steps = (Array.isArray(doc) ? doc : (doc.steps as unknown[] | undefined)) ?? [];
  if (title.startsWith("GitHub Actions")) {
    // `run:` with no `shell:` runs as `bash -e {0}` on Linux runners.
    return (steps as { run?: string }[]).filter((s) => s.run).map((s) => ["bash", "-e", "-c", s.run as string]);
  }
  if (title.startsWith("GitLab CI")) {
    // The runner feeds the job's script lines to one shell after `set -eo pipefail`.
    const job = Object.values(doc)[0] as { script: string[] };
    return [["bash", "-c", `set -eo pipefail\n${job.script.join("\n")}`]];
  }
  if (title.startsWith("CircleCI")) {
    // CircleCI's default shell for `run:` is `/bin/bash -eo pipefail`.
    return (steps as { run: string }[]).map((s) => ["bash", "-eo", "pipefail", "-c", s.run]);
  }
  if (title.startsWith("Buildkite")) {
    // The agent runs a command step with its default shell, `/bin/bash -e -c`.
    return (steps as { command: string }[]).map((s) => ["bash", "-e", "-c", s.command]);
  }
  throw new Error(`a YAML snippet for a CI this test does not know: ${title}`);
}

describe.skipIf(!haveYaml)("the README's CI snippets, as written, with a login that fails", () => {
  let env: Record<string, string>;
  let ran: string;
  beforeAll(() => {
    const home = makeHome("");
    const bin = join(home, "bin");
    mkdirSync(bin);
    ran = join(home, "ran");
    // awsrole as installed; `aws` and `npm` only record that they ran.
    const record = (name: string) => `#!/bin/sh\necho ${name} >> '${ran}'\n`;
    writeFileSync(join(bin, "awsrole"), `${record("awsrole")}exec node '${CLI}' "$@"\n`);
    writeFileSync(join(bin, "aws"), record("aws"));
    writeFileSync(join(bin, "npm"), record("npm"));
    for (const name of ["awsrole", "aws", "npm"]) chmodSync(join(bin, name), 0o755);
    // No OIDC token anywhere: every login fails (exit 2, no token source).
    env = cleanEnv(home, { PATH: `${bin}:${process.env.PATH}`, GITHUB_ENV: join(home, "github_env") });
  });

  const snippets = blocks("yaml", CI);
  it("finds the four CIs' snippets", () => {
    expect(snippets.map((s) => s.title.split(" ")[0])).toEqual(["GitHub", "GitLab", "CircleCI", "Buildkite"]);
  });

  it.each(snippets.map((s) => [s.title, s.body]))(
    "%s: the job fails at awsrole and runs nothing after it",
    async (title, body) => {
      writeFileSync(ran, "");
      let status = 0;
      for (const [shell, ...args] of ciSteps(title, body)) {
        const step = await run(shell as string, args, env);
        status = step.status ?? 1;
        if (status !== 0) break;
      }
      expect(status).not.toBe(0);
      const log = readFileSync(ran, "utf8").trim().split("\n");
      expect(log).toContain("awsrole");
      expect(log.slice(log.indexOf("awsrole") + 1)).toEqual([]);
    },
  );

  it("the one-line form and the Usage's script form stop the script, with or without set -e, with awsrole's status", async () => {
    const lines = blocks("sh")
      .flatMap((b) => b.body.split("\n"))
      .filter((line) => line.startsWith("creds=$(awsrole"));
    expect(lines.length).toBe(2);
    for (const line of lines) {
      for (const flags of [["-e"], []]) {
        writeFileSync(ran, "");
        const script = `${line.replace(/\s+#.*$/, "")}\naws sts get-caller-identity\n`;
        const result = await run("bash", [...flags, "-c", script], env);
        expect(result.status, `${line} (bash ${flags.join(" ")})`).toBe(2);
        expect(readFileSync(ran, "utf8")).toBe("awsrole\n");
      }
    }
  });
});

describe("the README's examples are ones awsrole takes", () => {
  it("the flag before a subcommand that the wrappers pass on", async () => {
    const example = /flags before a subcommand \(`awsrole ([^`]+)`\)/.exec(README.replace(/\s+/g, " "))?.[1] as string;
    const r = await runCli(example.split(" "), { env: { AWS_ACCESS_KEY_ID: "AKIAX", AWS_SECRET_ACCESS_KEY: "x" } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("the Install section", () => {
  const { version } = JSON.parse(readFileSync("package.json", "utf8"));

  it("installs the tarball npm pack names (awsrole-VERSION.tgz), and no registry install is offered as working", () => {
    const install = README.slice(README.indexOf("## Install"), README.indexOf("## Developing"));
    expect(install).toContain(`npm install -g ./awsrole-${version}.tgz`);
    expect(install).toContain(`writes awsrole-${version}.tgz`);
    // Every registry install is said to be for later, on its own line.
    for (const line of README.split("\n").filter((l) => /npm install -g awsrole\b/.test(l)))
      expect(line, line).toMatch(/once .*registry.*not yet|not yet on the registry/i);
    for (const line of README.split("\n").filter((l) => /npm install -g \.\/awsrole-/.test(l)))
      expect(line).toContain(`awsrole-${version}.tgz`);
  });

  it("a LICENSE file holds the license package.json names", () => {
    expect(existsSync("LICENSE")).toBe(true);
    const license = readFileSync("LICENSE", "utf8");
    expect(JSON.parse(readFileSync("package.json", "utf8")).license).toBe("MIT");
    expect(license).toMatch(/^MIT License\n/);
    expect(license).toContain("Permission is hereby granted, free of charge");
  });
});

describe.skipIf(!hasTool("aws"))("the README's credential_process example, with the AWS CLI", () => {
  it("lets aws --profile use the role, region included", async () => {
    const sts = await startStsServer();
    try {
      // The Usage profile and the credential_process one, as the README writes them.
      const [usage] = blocks("ini").filter((b) => b.body.includes("[profile handson-admin]"));
      const processProfile = README.match(/^ {2}```ini\n([\s\S]*?)^ {2}```/m)?.[1];
      expect(usage?.body).toContain("source_profile = handson-cli-usr");
      expect(processProfile).toContain("credential_process = awsrole handson-admin");
      const home = makeHome(
        `${usage?.body}\n${(processProfile as string).replace(/^ {2}/gm, "")}`,
        "[handson-cli-usr]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
      );
      const bin = awsroleBin(join(home, "bin"));
      const env = cleanEnv(home, {
        PATH: `${bin}:${process.env.PATH}`,
        AWS_ENDPOINT_URL_STS: sts.url,
        AWSROLE_TOKEN_CODE: "123456",
      });
      const r = await run("aws", ["--profile", "handson", "sts", "get-caller-identity", "--output", "json"], env);
      expect(r.stderr).toBe("");
      expect(JSON.parse(r.stdout).Arn).toMatch(/:assumed-role\/Myhandson-cli-role\//);
    } finally {
      sts.stop();
    }
  });
});
