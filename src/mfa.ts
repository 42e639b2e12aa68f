import { UsageError } from "./errors.js";
import * as valid from "./validate.js";

export interface MfaInputs {
  /** `--token-code`, else `AWSROLE_TOKEN_CODE`; already checked to be six digits. */
  given?: string;
}

/** Where the MFA code comes from, first found wins: the flag, then AWSROLE_TOKEN_CODE. */
export function givenTokenCode(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const code = flag ?? (env.AWSROLE_TOKEN_CODE || undefined);
  return code === undefined ? undefined : valid.tokenCode(code.trim());
}

export function tokenCodeProvider(inputs: MfaInputs): (serial: string, label: string) => Promise<string> {
  return async (serial, label) => {
    if (inputs.given !== undefined) return inputs.given;
    throw new UsageError(
      `profile ${JSON.stringify(label)} needs an MFA code for ${serial}. Pass --token-code CODE (-t) or set AWSROLE_TOKEN_CODE.`,
    );
  };
}
