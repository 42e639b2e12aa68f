import * as valid from "../plan/validate.js";
import { shown, UsageError } from "../system/errors.js";

/** Where MFA codes come from; role-session.ts fills it in from the flags, environment and terminal. */
export interface MfaSources {
  /** `--token-code`, else `AWSROLE_TOKEN_CODE`; already checked to be six digits. */
  given?: string;
  /** Runs a profile's `mfa_process` (through the shell, as aws-vault runs it) and returns its stdout. */
  runMfaProcess: (command: string) => string;
  /** Asks on the terminal (undefined: there is none); absent with --no-prompt. */
  prompt?: (message: string) => Promise<string | undefined>;
}

export interface TokenCodes {
  /** The code for a device: flag, environment, mfa_process, then the prompt. */
  code(serial: string, label: string, mfaProcess?: string): Promise<string>;
  /** Another code after STS rejected one; only a person at a prompt can give one. */
  retry(serial: string, label: string): Promise<string> | undefined;
}

/** Where the MFA code comes from, first found wins: the flag, then AWSROLE_TOKEN_CODE. */
export function givenTokenCode(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const code = flag ?? (env.AWSROLE_TOKEN_CODE || undefined);
  return code === undefined ? undefined : valid.tokenCode(withoutSpaces(code));
}

/**
 * Authenticator apps show a code as "123 456", and people type or paste it so (with a space, a
 * no-break or a thin space): white space is dropped before the six digits are checked.
 */
function withoutSpaces(code: string): string {
  return code.replace(/\s/g, "");
}

const MAX_PROMPTS = 5;

const missing = (serial: string, label: string, why: string) =>
  new UsageError(
    `profile ${shown(label)} needs an MFA code for ${serial} and ${why}. Pass --token-code CODE (-t), set AWSROLE_TOKEN_CODE, or set mfa_process in the profile.`,
  );

export function tokenCodes(sources: MfaSources): TokenCodes {
  let prompted = false;
  const ask = async (serial: string, label: string, first: string): Promise<string> => {
    let message = first;
    for (let i = 0; i < MAX_PROMPTS; i++) {
      const answer = await sources.prompt?.(message);
      if (answer === undefined) throw missing(serial, label, "there is no terminal to ask on");
      const typed = withoutSpaces(answer);
      // A malformed code is asked again at once: STS counts failed attempts, so never send one.
      if (/^\d{6}$/.test(typed)) return typed;
      message = `That is not six digits. Enter MFA code for ${serial}: `;
    }
    throw new UsageError(`no six-digit MFA code for ${serial} (profile ${shown(label)}) after ${MAX_PROMPTS} tries.`);
  };
  return {
    async code(serial, label, mfaProcess) {
      if (sources.given !== undefined) return sources.given;
      if (mfaProcess) {
        let out: string;
        try {
          out = withoutSpaces(sources.runMfaProcess(mfaProcess));
        } catch (error) {
          throw new UsageError(
            `mfa_process of profile ${shown(label)} failed (${(error as Error).message.split("\n")[0]}). Fix the command in your config.`,
          );
        }
        if (!/^\d{6}$/.test(out)) {
          throw new UsageError(
            `mfa_process of profile ${shown(label)} printed no six-digit code. Fix the command in your config.`,
          );
        }
        return out;
      }
      if (!sources.prompt) throw missing(serial, label, "--no-prompt is set");
      const code = await ask(serial, label, `Enter MFA code for ${serial} (profile ${label}): `);
      prompted = true;
      return code;
    },
    retry(serial, label) {
      if (!prompted) return undefined;
      return ask(serial, label, `STS rejected that code. Wait for the next one and enter MFA code for ${serial}: `);
    },
  };
}
