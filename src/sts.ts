// The only importer of the AWS SDK. cli.ts loads this module with `await import()` only when a
// call must be made, so --unset, --help, list, init and cache hits never pay for the SDK.
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  type GetSessionTokenCommandInput,
  STSClient,
} from "@aws-sdk/client-sts";
import {
  fromContainerMetadata,
  fromEnv,
  fromIni,
  fromInstanceMetadata,
  fromNodeProviderChain,
} from "@aws-sdk/credential-providers";
import type { Credentials, Identity, SdkSource, StsCaller, StsSession } from "./caller.js";
import { isStsFailure, StsFailure } from "./caller.js";

// An unreachable endpoint must fail in seconds, not minutes: short socket timeouts, and the
// SDK's standard retry (3 attempts with backoff) for throttling and transient errors.
const clientOptions = { maxAttempts: 3, requestHandler: { connectionTimeout: 3000, requestTimeout: 5000 } };

function client(credentials: Credentials, region: string): STSClient {
  return new STSClient({ ...clientOptions, region, credentials });
}

function failure(error: unknown): StsFailure {
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const network = status === undefined && (e.name === "TimeoutError" || e.code !== undefined || e.name === "Error");
  return new StsFailure(e.name ?? "Error", e.message ?? String(error), network, e.code);
}

function session(
  out: { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } },
  arn?: string,
): StsSession {
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
    throw new StsFailure("IncompleteResponse", "STS answered without credentials", false);
  }
  return {
    credentials: {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    },
    arn,
  };
}

export const sts: StsCaller = {
  async sourceCredentials(source: SdkSource): Promise<Credentials> {
    const provider =
      source.kind === "sdk-profile"
        ? fromIni({ profile: source.profile, filepath: source.credentialsPath, configFilepath: source.configPath })
        : source.kind === "credential-source"
          ? { Environment: fromEnv, Ec2InstanceMetadata: fromInstanceMetadata, EcsContainer: fromContainerMetadata }[
              source.name
            ]()
          : fromNodeProviderChain();
    try {
      return await provider();
    } catch (error) {
      throw new StsFailure("CredentialsProviderError", (error as Error).message, false);
    }
  },

  async assumeRole(credentials, region, input: AssumeRoleCommandInput) {
    try {
      const out = await client(credentials, region).send(new AssumeRoleCommand(input));
      return session(out, out.AssumedRoleUser?.Arn);
    } catch (error) {
      throw isStsFailure(error) ? error : failure(error);
    }
  },

  async getSessionToken(credentials, region, input: GetSessionTokenCommandInput) {
    try {
      return session(await client(credentials, region).send(new GetSessionTokenCommand(input)));
    } catch (error) {
      throw isStsFailure(error) ? error : failure(error);
    }
  },

  async getCallerIdentity(credentials, region): Promise<Identity> {
    try {
      const out = await client(credentials, region).send(new GetCallerIdentityCommand({}));
      return { arn: out.Arn ?? "", account: out.Account ?? "" };
    } catch (error) {
      throw failure(error);
    }
  },
};
