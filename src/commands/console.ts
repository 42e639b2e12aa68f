import type { SessionCredentials } from "../caller.js";
import { CallError, UsageError } from "../errors.js";

/** Sign-in and console hosts of each partition (the partition is the ARN's second field). */
const HOSTS: Record<string, { signin: string; console: string }> = {
  aws: { signin: "https://signin.aws.amazon.com", console: "https://console.aws.amazon.com" },
  "aws-cn": { signin: "https://signin.amazonaws.cn", console: "https://console.amazonaws.cn" },
  "aws-us-gov": { signin: "https://signin.amazonaws-us-gov.com", console: "https://console.amazonaws-us-gov.com" },
};

function hostsFor(arn: string) {
  const partition = arn.split(":")[1] ?? "aws";
  const hosts = HOSTS[partition];
  if (!hosts)
    throw new UsageError(`the console sign-in of partition ${JSON.stringify(partition)} is not known to awsrole.`);
  return hosts;
}

/**
 * The console's own "Switch role" link: it calls nothing, and the person signs in as usual.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-console.html
 */
export function switchRoleUrl(roleArn: string, displayName: string): string {
  const [, account, roleName] = /^arn:[^:]+:iam::(\d{12}):role\/(.+)$/.exec(roleArn) ?? [];
  if (!account || !roleName)
    throw new UsageError(`--switch-role-url needs a role ARN, not ${JSON.stringify(roleArn)}.`);
  const query = new URLSearchParams({ account, roleName, displayName: displayName.slice(0, 64) });
  return `${hostsFor(roleArn).signin}/switchrole?${query}`;
}

/**
 * The federation sign-in: exchange the role session for a sign-in token, then the login URL.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html
 * `endpoint` (AWS_ENDPOINT_URL_SIGNIN) replaces the partition's sign-in host, as
 * AWS_ENDPOINT_URL_STS does for STS.
 */
export async function consoleUrl(
  credentials: SessionCredentials,
  roleArn: string,
  region: string,
  endpoint: string | undefined,
  get: (url: string, what: string) => Promise<{ status: number; text: string }>,
  keepSecret: (value: string) => void,
): Promise<string> {
  const hosts = hostsFor(roleArn);
  const federation = `${(endpoint ?? hosts.signin).replace(/\/+$/, "")}/federation`;
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
  });
  let answer: { status: number; text: string };
  try {
    answer = await get(
      `${federation}?${new URLSearchParams({ Action: "getSigninToken", Session: session })}`,
      `the sign-in endpoint ${federation}`,
    );
  } catch (error) {
    if (typeof (error as { awsroleExit?: unknown }).awsroleExit === "number") throw error;
    // Never the error's own text: it quotes the request URL, and with it the session.
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new CallError(
      `could not reach the sign-in endpoint ${federation} (${cause}). Check the network, or AWS_ENDPOINT_URL_SIGNIN.`,
    );
  }
  let token: unknown;
  try {
    token = JSON.parse(answer.text).SigninToken;
  } catch {}
  if (answer.status !== 200 || typeof token !== "string") {
    throw new CallError(`the sign-in endpoint refused the session (HTTP ${answer.status}). Try again with --refresh.`);
  }
  keepSecret(token);
  const destination = `${hosts.console}/console/home?region=${encodeURIComponent(region)}`;
  return `${federation}?${new URLSearchParams({ Action: "login", Issuer: "awsrole", Destination: destination, SigninToken: token })}`;
}
