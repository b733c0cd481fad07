import type { SchedulerLike } from "rxjs";
import { computeDigestResponse, type DigestAlgorithm, type DigestQop, getDigestAlgorithm } from "../../core/auth/index.js";
import type { AuthData } from "../../core/grammar/ast.js";
import { ParseError, type SipRequest } from "../../core/messages/index.js";
import { randomHex } from "../../core/transactions/index.js";
import { ExpiringMap } from "./ExpiringMap.js";
import type { RegistrarAuthOptions } from "./RegistrarOptions.js";

/** What checking a request's credentials found. */
export type DigestVerdict =
  /** The credentials are right, for `username`. */
  | { readonly result: "ok"; readonly username: string }
  /** No credentials for our realm: challenge (401). */
  | { readonly result: "missing" }
  /** Right form, but a nonce we no longer know: challenge again with `stale=true` (RFC 7616 §3.3). */
  | { readonly result: "stale" }
  /** Unknown user, wrong password, or credentials that cannot be read: 403 (RFC 3261 §22.4 leaves 401 or 403 to the server). */
  | { readonly result: "forbidden" };

const DEFAULT_NONCE_LIFETIME = 300;
const MAX_NONCES = 4096;

/**
 * The server side of Digest (RFC 3261 §22.4, RFC 7616 §3.3-§3.4, RFC 8760): challenges with
 * a fresh nonce per algorithm (qop="auth"), and checks an Authorization header by computing
 * the response it should hold. Nonces live `nonceLifetime` seconds of scheduler time.
 */
export class DigestVerifier {
  readonly realm: string;
  private readonly users: Readonly<Record<string, string>>;
  private readonly algorithms: readonly DigestAlgorithm[];
  /** Nonces handed out, with the algorithm each was issued for. */
  private readonly nonces: ExpiringMap<string, DigestAlgorithm>;

  constructor(options: RegistrarAuthOptions, scheduler: SchedulerLike) {
    this.realm = options.realm;
    this.users = options.users;
    const names = options.algorithm === undefined ? ["MD5" as const] : typeof options.algorithm === "string" ? [options.algorithm] : options.algorithm;
    this.algorithms = names.map((name) => getDigestAlgorithm(name));
    this.nonces = new ExpiringMap(scheduler, (options.nonceLifetime ?? DEFAULT_NONCE_LIFETIME) * 1000, MAX_NONCES);
  }

  /** WWW-Authenticate values: one challenge per algorithm, each with its own nonce. */
  challenge(stale = false): string[] {
    return this.algorithms.map((algorithm) => {
      const nonce = randomHex(16);
      this.nonces.set(nonce, algorithm);
      return `Digest realm=${quote(this.realm)}, nonce="${nonce}", algorithm=${algorithm.name}, qop="auth"${stale ? ", stale=true" : ""}`;
    });
  }

  /** Checks the Authorization header(s) of `request` for our realm. */
  verify(request: SipRequest): DigestVerdict {
    let credentials: AuthData | undefined;
    try {
      credentials = request.parseHeaders("authorization", "Credentials").find((c) => c.scheme.toLowerCase() === "digest" && c.params["realm"] === this.realm);
    } catch (error) {
      if (error instanceof ParseError) return { result: "forbidden" };
      throw error;
    }
    if (credentials === undefined) return { result: "missing" };
    const p = credentials.params;
    const username = p["username"];
    const nonce = p["nonce"];
    const uri = p["uri"];
    const response = p["response"];
    if (username === undefined || nonce === undefined || uri === undefined || response === undefined) return { result: "forbidden" };
    const issuedFor = this.nonces.get(nonce);
    if (issuedFor === undefined) return { result: "stale" };
    const algorithm = this.algorithms.find((a) => a.name.toLowerCase() === (p["algorithm"] ?? "MD5").toLowerCase());
    if (algorithm === undefined || algorithm !== issuedFor) return { result: "forbidden" };
    const password = Object.prototype.hasOwnProperty.call(this.users, username) ? this.users[username] : undefined;
    if (password === undefined) return { result: "forbidden" };
    const qop = p["qop"]?.toLowerCase();
    if (qop !== undefined && qop !== "auth" && qop !== "auth-int") return { result: "forbidden" };
    const nc = p["nc"] === undefined ? undefined : parseInt(p["nc"], 16);
    if (qop !== undefined && (nc === undefined || !(nc >= 1) || p["cnonce"] === undefined)) return { result: "forbidden" };
    let expected: string;
    try {
      expected = computeDigestResponse({
        algorithm,
        username,
        realm: this.realm,
        secret: { password },
        nonce,
        method: request.method,
        uri,
        ...(qop !== undefined ? { qop: qop as DigestQop, nc: nc!, cnonce: p["cnonce"]! } : {}),
        ...(qop === "auth-int" ? { body: request.bodyBytes ?? request.body } : {}),
      });
    } catch (error) {
      if (error instanceof RangeError) return { result: "forbidden" };
      throw error;
    }
    return expected === response.toLowerCase() ? { result: "ok", username } : { result: "forbidden" };
  }
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
