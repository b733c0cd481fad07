/**
 * `digestAlgorithms: sha2Digest()` (RFC 7616, RFC 8760) seen from a user agent: without it only
 * MD5 is answered, and what cannot be answered says which factory would; with it the strongest
 * offered algorithm is used. The registrar is a user agent that checks nothing but the header.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AuthenticationError, Registerer, RegistererState, sha2Digest, UserAgent, type IncomingRequestContext, type UserAgentOptions } from "../../src/index.js";
import { world } from "./harness.js";

const challenge = (algorithm: string, nonce = `n-${algorithm}`) => `WWW-Authenticate: Digest realm="example.test", nonce="${nonce}", qop="auth", algorithm=${algorithm}`;

/** alice registers at a registrar that answers 401 with `offered` until a REGISTER carries Authorization. */
async function registerAgainst(offered: string[], options: Partial<UserAgentOptions>) {
  const w = world();
  const registrar = w.ua("registrar");
  const authorizations: Array<string | undefined> = [];
  registrar.registrations$.subscribe((ctx: IncomingRequestContext) => {
    const authorization = ctx.request.getHeader("Authorization");
    authorizations.push(authorization);
    if (authorization === undefined) void ctx.reject({ statusCode: 401, extraHeaders: offered.map((a) => challenge(a)) });
    else void ctx.accept({ extraHeaders: [`Contact: ${ctx.request.getHeader("Contact")!.replace(/;expires=\d+/, "")};expires=600`] });
  });
  const alice = w.ua("alice", { authorizationUsername: "alice", ...options });
  const errors: Error[] = [];
  alice.errors$.subscribe((e) => errors.push(e));
  await Promise.all([alice.start(), registrar.start()]);
  const registerer = new Registerer(alice, { registrar: UserAgent.makeURI("sip:registrar.example.test:5060")! });
  await registerer.register();
  await w.clock.advance(1000);
  const algorithms = authorizations.map((a) => (a === undefined ? "none" : (/algorithm=([^,\s]+)/.exec(a)?.[1] ?? "?")));
  return { state: registerer.state, algorithms, errors };
}

describe("Digest algorithms of a user agent", () => {
  it("without sha2Digest(): a registrar offering only SHA-256 is not answered; errors$ says sha2Digest() enables it", async () => {
    const { state, algorithms, errors } = await registerAgainst(["SHA-256"], { authorizationPassword: "secret" });
    expect(algorithms).toEqual(["none"]);
    expect(state).not.toBe(RegistererState.Registered);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(AuthenticationError);
    expect((errors[0] as AuthenticationError).code).toBe("UNSUPPORTED_ALGORITHM");
    expect(errors[0]!.message).toContain("sha2Digest()");
    expect(errors[0]!.message).not.toContain("secret");
  });

  it("without sha2Digest(): a registrar offering SHA-512-256, SHA-256 and MD5 is answered with MD5", async () => {
    const { state, algorithms, errors } = await registerAgainst(["SHA-512-256", "SHA-256", "MD5"], { authorizationPassword: "secret" });
    expect(algorithms).toEqual(["none", "MD5"]);
    expect(state).toBe(RegistererState.Registered);
    expect(errors).toEqual([]);
  });

  it("with sha2Digest(): the strongest offered algorithm is answered", async () => {
    const options = { authorizationPassword: "secret", digestAlgorithms: sha2Digest() };
    expect((await registerAgainst(["MD5", "SHA-256"], options)).algorithms).toEqual(["none", "SHA-256"]);
    const all = await registerAgainst(["MD5", "SHA-256", "SHA-512-256"], options);
    expect(all.algorithms).toEqual(["none", "SHA-512-256"]);
    expect(all.state).toBe(RegistererState.Registered);
  });

  it("an HA1 computed with SHA-256 needs sha2Digest(): a typed error naming it when the user agent is made", async () => {
    const ha1 = createHash("sha256").update("alice:example.test:secret").digest("hex");
    const make = (extra: Partial<UserAgentOptions>) => world().ua("alice", { authorizationHa1: ha1, authorizationHa1Algorithm: "SHA-256", ...extra });
    let error: unknown;
    try {
      make({});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe("UNSUPPORTED_ALGORITHM");
    expect((error as Error).message).toContain("sha2Digest()");
    expect((error as Error).message).not.toContain(ha1);

    const registered = await registerAgainst(["SHA-256"], { authorizationHa1: ha1, authorizationHa1Algorithm: "SHA-256", digestAlgorithms: sha2Digest() });
    expect(registered.algorithms).toEqual(["none", "SHA-256"]);
  });

  it("digestAlgorithms takes what sha2Digest() returns: names are a compile error and a typed error when the user agent is made", () => {
    // @ts-expect-error algorithm names are not Digest algorithms
    const options: Partial<UserAgentOptions> = { authorizationPassword: "secret", digestAlgorithms: ["SHA-256"] };
    expect(() => world().ua("alice", options)).toThrow(AuthenticationError);
    expect(() => world().ua("alice", options)).toThrow(/sha2Digest\(\)/);
  });

  it("refused credentials are told on errors$ (CREDENTIALS_REJECTED), without the password", async () => {
    const w = world();
    const registrar = w.ua("registrar");
    let nonces = 0;
    registrar.registrations$.subscribe((ctx) => void ctx.reject({ statusCode: 401, extraHeaders: [challenge("MD5", `n${++nonces}`)] }));
    const alice = w.ua("alice", { authorizationPassword: "wrong-password" });
    const errors: Error[] = [];
    alice.errors$.subscribe((e) => errors.push(e));
    await Promise.all([alice.start(), registrar.start()]);
    await new Registerer(alice, { registrar: UserAgent.makeURI("sip:registrar.example.test:5060")! }).register();
    await w.clock.advance(1000);
    expect(errors.map((e) => (e as AuthenticationError).code)).toEqual(["CREDENTIALS_REJECTED"]);
    expect(errors[0]!.message).not.toContain("wrong-password");
  });
});
