// Lazily loaded bundles (prompt.cjs, sts.cjs) carry their own copies of these classes, so an
// error is recognised by its `awsroleExit` brand, never by instanceof.

/** A bad flag, profile or value: the user must change the command (exit 2). */
export class UsageError extends Error {
  readonly awsroleExit: number = 2;
}

/** The call itself failed: denied, expired, unreachable (exit 1). */
export class CallError extends Error {
  readonly awsroleExit: number = 1;
}

/** The user pressed Ctrl-C (exit 130, as a shell reports SIGINT). */
export class InterruptedError extends Error {
  readonly awsroleExit: number = 130;
}

export type AwsroleError = UsageError | CallError | InterruptedError;

export function isAwsroleError(error: unknown): error is AwsroleError {
  return typeof (error as AwsroleError | undefined)?.awsroleExit === "number";
}

/** A file the AWS CLI would refuse too, or a profile it cannot use (exit 2, like a usage error). */
export class ConfigError extends UsageError {}

/**
 * Text in a message, cut after `max` characters with `mark` after the cut, so a 100,000-character
 * flag still gets a one-line answer. A value in a message is cut at 80, marked `…`; a whole
 * message or another program's line is held to its own length, with no mark.
 */
export const cut = (text: string, max = 80, mark = "…") => (text.length > max ? `${text.slice(0, max)}${mark}` : text);
/** A value in a message, cut and quoted: where its spaces or quotes must show. */
export const shown = (value: string) => JSON.stringify(cut(value));

/** A message from elsewhere on one line, without its final full stop. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\.$/, "").trim();
}
