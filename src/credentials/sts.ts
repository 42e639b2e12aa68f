// The only importer of the AWS SDK. It is loaded (sts.cjs, through the code cache) only when a
// call must be made, so --unset, --help, list, init and cache hits never pay for the SDK.
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
} from "@aws-sdk/client-sts";
import { fromContainerMetadata, fromInstanceMetadata } from "@aws-sdk/credential-providers";
import type { Credentials, Identity, SdkSource, StsCaller, StsSession } from "./caller.js";
import { isStsFailure, StsFailure } from "./caller.js";

// Each attempt is bounded (a request time-out that throws, not the SDK's default warning), and
// the whole run is bounded by the deadline's signal (deadline.ts), whatever the endpoint does.
const clientOptions = {
  maxAttempts: 3,
  requestHandler: { connectionTimeout: 3000, requestTimeout: 5000, throwOnRequestTimeout: true },
};

/** A client that signs with these credentials; none for AssumeRoleWithWebIdentity, which the SDK sends unsigned. */
function client(credentials: Credentials | undefined, region: string): STSClient {
  return new STSClient({ ...clientOptions, region, ...(credentials ? { credentials } : {}) });
}

function failure(error: unknown): StsFailure {
  if (isStsFailure(error)) return error;
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  // An HTTP answer the SDK could not read as STS XML (a proxy's or portal's HTML page): the SDK
  // says "Deserialization error" when the body is not XML, "Unknown" when it has no STS error code.
  if (status !== undefined && (/Deserialization error/.test(e.message ?? "") || e.name === "Unknown")) {
    return new StsFailure(NOT_STS, `HTTP ${status}`, false);
  }
  const network =
    status === undefined &&
    (e.name === "TimeoutError" || e.name === "AbortError" || e.code !== undefined || e.name === "Error");
  return new StsFailure(e.name ?? "Error", e.message ?? String(error), network, e.code);
}

/** The code of an answer that is not STS's: a wrong endpoint, a proxy, a captive portal. */
const NOT_STS = "NotStsResponse";

function session(
  out: { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } },
  arn?: string,
): StsSession {
  const c = out.Credentials;
  // HTTP 200 with no STS fields at all: an HTML page, not STS's answer.
  if (c === undefined) throw new StsFailure(NOT_STS, "HTTP 200, no credentials", false);
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
  async sourceCredentials(source: SdkSource, signal): Promise<Credentials> {
    const provider =
      source.name === "Ec2InstanceMetadata"
        ? fromInstanceMetadata({ timeout: 1000, maxRetries: 1 })
        : fromContainerMetadata({ timeout: 1000, maxRetries: 1 });
    try {
      return await Promise.race([provider(), aborted(signal)]);
    } catch (error) {
      throw new StsFailure("CredentialsProviderError", (error as Error).message, false);
    }
  },

  async assumeRole(credentials, region, input, signal) {
    try {
      const out = await client(credentials, region).send(new AssumeRoleCommand(input), { abortSignal: signal });
      return session(out, out.AssumedRoleUser?.Arn);
    } catch (error) {
      throw failure(error);
    }
  },

  async assumeRoleWithWebIdentity(region, input, signal) {
    try {
      const out = await client(undefined, region).send(new AssumeRoleWithWebIdentityCommand(input), {
        abortSignal: signal,
      });
      return session(out, out.AssumedRoleUser?.Arn);
    } catch (error) {
      throw failure(error);
    }
  },

  async getSessionToken(credentials, region, input, signal) {
    try {
      return session(
        await client(credentials, region).send(new GetSessionTokenCommand(input), { abortSignal: signal }),
      );
    } catch (error) {
      throw failure(error);
    }
  },

  async getCallerIdentity(credentials, region, signal): Promise<Identity> {
    try {
      const out = await client(credentials, region).send(new GetCallerIdentityCommand({}), { abortSignal: signal });
      if (!out.Arn || !out.Account) throw new StsFailure(NOT_STS, "HTTP 200, no Arn or Account", false);
      return { arn: out.Arn, account: out.Account };
    } catch (error) {
      throw failure(error);
    }
  },
};

/** Rejects when the signal fires: the metadata providers take no signal of their own. */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}
