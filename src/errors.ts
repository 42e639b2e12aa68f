/** A bad flag, profile or value: the user must change the command (exit 2). */
export class UsageError extends Error {
  readonly exitCode: number = 2;
}

/** The call itself failed: denied, expired, unreachable (exit 1). */
export class CallError extends Error {
  readonly exitCode: number = 1;
}

/** The user pressed Ctrl-C (exit 130, as a shell reports SIGINT). */
export class InterruptedError extends Error {
  readonly exitCode: number = 130;
}

export type AwsroleError = UsageError | CallError | InterruptedError;

export function isAwsroleError(error: unknown): error is AwsroleError {
  return error instanceof UsageError || error instanceof CallError || error instanceof InterruptedError;
}
