// Real error answers from a real peer: moto with IAM authentication switched on checks the
// signature and the caller's policies, so these are STS's own AccessDenied,
// InvalidClientTokenId and SignatureDoesNotMatch, over HTTP, through the SDK.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsrole, cleanEnv, makeHome } from "./helpers/home.js";
import { motoCall, type StsServer, startStsServer } from "./helpers/sts-server.js";

let sts: StsServer;
let key: { id: string; secret: string };
beforeAll(async () => {
  // Two unauthenticated setup calls (CreateUser, CreateAccessKey); every later call is checked.
  sts = await startStsServer({ INITIAL_NO_AUTH_ACTION_COUNT: "2" });
  await motoCall(sts.motoUrl, "iam", { Action: "CreateUser", UserName: "handson-cli-usr" });
  const xml = await motoCall(sts.motoUrl, "iam", { Action: "CreateAccessKey", UserName: "handson-cli-usr" });
  key = {
    id: /<AccessKeyId>(.+?)<\/AccessKeyId>/.exec(xml)?.[1] ?? "",
    secret: /<SecretAccessKey>(.+?)<\/SecretAccessKey>/.exec(xml)?.[1] ?? "",
  };
});
afterAll(() => sts?.stop());

function setup(id: string, secret: string) {
  const home = makeHome(
    "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Myhandson-cli-role\nsource_profile = user\n",
    `[user]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`,
  );
  return cleanEnv(home, { AWS_ENDPOINT_URL_STS: sts.url });
}

describe("STS's own refusals", () => {
  it.each([
    [
      "a user with no rights: AccessDenied",
      () => [key.id, key.secret],
      /STS denied AssumeRole of .*Myhandson-cli-role to profile "user" .*not authorized.*Check the role's trust policy/,
    ],
    [
      "an unknown key: InvalidClientTokenId",
      () => ["AKIAUNKNOWNKEY000000", key.secret],
      /credentials of profile "user" \(keys from .*credentials\) were rejected as invalid \(InvalidClientTokenId\)/,
    ],
    [
      "a wrong secret: SignatureDoesNotMatch",
      () => [key.id, "wrongSECRETwrongSECRETwrongSECRETwrong00"],
      /were rejected as invalid \(SignatureDoesNotMatch\)/,
    ],
  ] as const)("%s", async (_, credentials, message) => {
    const [id, secret] = credentials();
    const r = await awsrole(["admin", "-f", "bash"], setup(id as string, secret as string));
    expect(r.stdout).toBe("");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^awsrole: [^\n]+\n$/);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain(key.secret);
    expect(r.stderr).not.toContain("wrongSECRET");
  });
});
