import type { Deadline } from "../system/deadline.js";
import { CallError, ConfigError, isAwsroleError, oneLine, shown, UsageError } from "../system/errors.js";
import type { Secrets } from "../system/secrets.js";

/**
 * Where an OIDC token for AssumeRoleWithWebIdentity comes from: a file (EKS service accounts,
 * `web_identity_token_file`), or the CI system the run is in. Each CI documents its own way:
 * - GitHub Actions: GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=AUD with the bearer token
 *   $ACTIONS_ID_TOKEN_REQUEST_TOKEN answers {"value": JWT}; the job needs `permissions: id-token: write`.
 *   https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
 * - GitLab CI: the variable its `id_tokens:` keyword defines (GitLab's AWS example: GITLAB_OIDC_TOKEN).
 *   https://docs.gitlab.com/ci/cloud_services/aws/
 * - CircleCI: $CIRCLE_OIDC_TOKEN_V2. https://circleci.com/docs/openid-connect-tokens/
 * - Buildkite: `buildkite-agent oidc request-token --audience AUD`. https://buildkite.com/docs/agent/v3/cli-oidc
 */
export type TokenSource =
  | { from: "file"; path: string }
  | { from: "github"; url: string; bearer: string; audience: string }
  | { from: "env"; name: string; ci: string }
  | { from: "buildkite"; audience: string };

export const WEB_IDENTITY_SOURCES = ["file", "github", "gitlab", "circleci", "buildkite"] as const;
type WebIdentitySourceName = (typeof WEB_IDENTITY_SOURCES)[number];

export interface TokenOptions {
  /** The SOURCE after --web-identity, if one was named. */
  source?: string;
  tokenFile?: string;
  envName?: string;
  audience?: string;
}

const DEFAULT_AUDIENCE = "sts.amazonaws.com";

/**
 * The token source: the one named, else the first found in WEB_IDENTITY_SOURCES' order, a file
 * before the CIs (README, "CI without stored AWS keys").
 */
export function tokenSource(env: NodeJS.ProcessEnv, options: TokenOptions): TokenSource {
  const audience = options.audience ?? DEFAULT_AUDIENCE;
  const named = options.source;
  if (named !== undefined && !(WEB_IDENTITY_SOURCES as readonly string[]).includes(named)) {
    throw new UsageError(
      `--web-identity ${shown(named)} is not a token source. Use one of: ${WEB_IDENTITY_SOURCES.join(", ")}.`,
    );
  }
  const gitlabName = options.envName ?? "GITLAB_OIDC_TOKEN";
  const file = options.tokenFile ?? env.AWS_WEB_IDENTITY_TOKEN_FILE;
  const candidates: Record<WebIdentitySourceName, () => TokenSource | undefined> = {
    file: () => (file ? { from: "file", path: file } : undefined),
    github: () =>
      env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
        ? {
            from: "github",
            url: env.ACTIONS_ID_TOKEN_REQUEST_URL,
            bearer: env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
            audience,
          }
        : undefined,
    gitlab: () => (env[gitlabName] ? { from: "env", name: gitlabName, ci: "GitLab CI" } : undefined),
    circleci: () =>
      env.CIRCLE_OIDC_TOKEN_V2 ? { from: "env", name: "CIRCLE_OIDC_TOKEN_V2", ci: "CircleCI" } : undefined,
    buildkite: () => (env.BUILDKITE_AGENT_ACCESS_TOKEN || env.BUILDKITE ? { from: "buildkite", audience } : undefined),
  };
  if (named !== undefined) {
    const found = candidates[named as WebIdentitySourceName]();
    if (found) return found;
    throw new ConfigError(MISSING[named as WebIdentitySourceName](gitlabName));
  }
  for (const name of WEB_IDENTITY_SOURCES) {
    const found = candidates[name]();
    if (found) return found;
  }
  throw new ConfigError(
    `--web-identity found no OIDC token: none of --web-identity-token-file, AWS_WEB_IDENTITY_TOKEN_FILE, ACTIONS_ID_TOKEN_REQUEST_URL with ACTIONS_ID_TOKEN_REQUEST_TOKEN (GitHub Actions), ${gitlabName} (GitLab CI), CIRCLE_OIDC_TOKEN_V2 (CircleCI) or BUILDKITE_AGENT_ACCESS_TOKEN (Buildkite) is set. Run it in a CI job that issues OIDC tokens, or name the file.`,
  );
}

const MISSING: Record<WebIdentitySourceName, (gitlabName: string) => string> = {
  file: () => "--web-identity file needs --web-identity-token-file PATH or AWS_WEB_IDENTITY_TOKEN_FILE.",
  github: () =>
    "--web-identity github needs ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN, which GitHub Actions sets only for a job with `permissions: id-token: write`. Add that to the job.",
  gitlab: (name) =>
    `--web-identity gitlab needs ${name}: define it in the job with \`id_tokens: ${name}: aud: sts.amazonaws.com\` (or name another variable with --web-identity-env).`,
  circleci: () => "--web-identity circleci needs CIRCLE_OIDC_TOKEN_V2, which CircleCI sets in jobs that use a context.",
  buildkite: () =>
    "--web-identity buildkite needs the Buildkite agent (BUILDKITE_AGENT_ACCESS_TOKEN): run it in a Buildkite job.",
};

/** What the token source is, for messages; never the token. */
export function describeTokenSource(source: TokenSource): string {
  switch (source.from) {
    case "file":
      return `the token file ${source.path}`;
    case "github":
      return "GitHub Actions' OIDC token";
    case "env":
      return `${source.ci}'s token in ${source.name}`;
    case "buildkite":
      return "buildkite-agent oidc request-token";
  }
}

/**
 * A session name that finds the run in CloudTrail: the repository (or pipeline) and the run
 * number where the CI names them, cleaned to STS's character set and length.
 */
export function ciSessionName(env: NodeJS.ProcessEnv, fallback: string): string {
  const parts = env.GITHUB_ACTIONS
    ? ["gh", env.GITHUB_REPOSITORY, env.GITHUB_RUN_ID]
    : env.GITLAB_CI
      ? ["gitlab", env.CI_PROJECT_PATH, env.CI_JOB_ID]
      : env.CIRCLECI
        ? ["circleci", env.CIRCLE_PROJECT_REPONAME, env.CIRCLE_BUILD_NUM]
        : env.BUILDKITE
          ? ["buildkite", env.BUILDKITE_PIPELINE_SLUG, env.BUILDKITE_BUILD_NUMBER]
          : [];
  const name = parts
    .filter(Boolean)
    .join("-")
    .replace(/[^\w+=,.@-]/g, "-");
  // The run number is at the end and matters most: keep it when the name is cut.
  return name.length >= 2 ? (name.length > 64 ? name.slice(0, 32) + name.slice(-32) : name) : fallback;
}

/** What fetching a token needs from the run. */
export interface TokenDeps {
  deadline: Deadline;
  secrets: Secrets;
  readFile: (path: string) => string | undefined;
  env: NodeJS.ProcessEnv;
  /** An HTTP GET for a CI's token service. */
  fetchText: (
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal,
  ) => Promise<{ status: number; text: string }>;
  /** Runs a CI agent's token command (buildkite-agent), no shell, and returns its stdout. */
  runTokenProgram: (argv: string[]) => string;
}

/** Whether a path the reader found no file at is a folder (readFile reads a folder as no file, as botocore's isfile does). */
function isDirectory(path: string): boolean {
  try {
    return process.getBuiltinModule("node:fs").statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The OIDC token, from where the plan says; it joins the secrets before anything can print it. */
export async function webIdentityToken(source: TokenSource, deps: TokenDeps): Promise<string> {
  const what = describeTokenSource(source);
  let token: string | undefined;
  if (source.from === "file") {
    token = deps.readFile(source.path)?.trim();
    if (token === undefined)
      throw new ConfigError(
        isDirectory(source.path)
          ? `${what} is a directory, not a file. Point web_identity_token_file or --web-identity-token-file at the token itself.`
          : `${what} does not exist. Check web_identity_token_file or --web-identity-token-file.`,
      );
  } else if (source.from === "env") {
    token = deps.env[source.name]?.trim();
  } else if (source.from === "buildkite") {
    try {
      token = deps.runTokenProgram(["buildkite-agent", "oidc", "request-token", "--audience", source.audience]).trim();
    } catch (error) {
      throw new CallError(
        `${what} failed (${deps.secrets.excerpt(oneLine((error as Error).message), 200)}). Check that the agent may issue OIDC tokens for this pipeline.`,
      );
    }
  } else {
    deps.secrets.add(source.bearer);
    const url = new URL(source.url);
    url.searchParams.set("audience", source.audience);
    const answer = await deps.deadline
      .run(`GitHub's token service at ${url.origin}`, (signal) =>
        deps.fetchText(
          url.toString(),
          { Authorization: `Bearer ${source.bearer}`, Accept: "application/json" },
          signal,
        ),
      )
      .catch((error: Error) => {
        throw isAwsroleError(error)
          ? error
          : new CallError(
              `could not reach GitHub's token service at ${url.origin} (${oneLine(error.message)}). Check ACTIONS_ID_TOKEN_REQUEST_URL.`,
            );
      });
    if (answer.status !== 200) {
      throw new CallError(
        `GitHub's token service refused the request (HTTP ${answer.status}). Check that the job has \`permissions: id-token: write\` and that the audience ${JSON.stringify(source.audience)} is what the role's trust policy expects.`,
      );
    }
    try {
      token = JSON.parse(answer.text).value;
    } catch {}
    if (typeof token !== "string")
      throw new CallError('GitHub\'s token service answered without a token (no "value"). Try the job again.');
  }
  if (!token) throw new ConfigError(`${what} is empty. Check that the CI issued the token.`);
  deps.secrets.add(token);
  return token;
}
