/**
 * Straightforward reference computations with node:crypto, written from RFC 7616 §3.4.1-§3.4.4
 * independently of the module under test, plus a tiny credentials-header reader so tests
 * can check what a server would read.
 */
import { createHash } from "node:crypto";

const NODE_NAMES = { MD5: "md5", "SHA-256": "sha256", "SHA-512-256": "sha512-256" } as const;

export type RefHash = keyof typeof NODE_NAMES;

export function H(hash: RefHash, data: string | Uint8Array): string {
  return createHash(NODE_NAMES[hash]).update(data).digest("hex");
}

/** Splits "SHA-256-sess" into its hash and session flag. */
export function splitAlgorithm(name: string): { hash: RefHash; sess: boolean } {
  const sess = name.toLowerCase().endsWith("-sess");
  const base = (sess ? name.slice(0, -5) : name).toUpperCase() as RefHash;
  return { hash: base, sess };
}

export interface RefInput {
  algorithm: string;
  username: string;
  realm: string;
  password: string;
  nonce: string;
  method: string;
  uri: string;
  qop?: "auth" | "auth-int";
  nc?: string;
  cnonce?: string;
  body?: string | Uint8Array;
}

export function referenceResponse(input: RefInput): string {
  const { hash, sess } = splitAlgorithm(input.algorithm);
  let ha1 = H(hash, `${input.username}:${input.realm}:${input.password}`);
  if (sess) ha1 = H(hash, `${ha1}:${input.nonce}:${input.cnonce}`);
  const a2 = input.qop === "auth-int" ? `${input.method}:${input.uri}:${H(hash, input.body ?? "")}` : `${input.method}:${input.uri}`;
  const ha2 = H(hash, a2);
  if (!input.qop) return H(hash, `${ha1}:${input.nonce}:${ha2}`);
  return H(hash, `${ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`);
}

/** Reads `Digest a=b, c="d"` the way a server would (quoted-pairs resolved); fails on anything else. */
export function readCredentialsHeader(value: string): { scheme: string; params: Record<string, string>; quoted: Set<string> } {
  const match = /^([A-Za-z0-9\-.!%*_+`'~]+)(?: (.*))?$/s.exec(value);
  if (!match) throw new Error(`bad credentials: ${value}`);
  const params: Record<string, string> = {};
  const quoted = new Set<string>();
  let rest = match[2] ?? "";
  const param = /^([A-Za-z0-9\-.!%*_+`'~]+)=(?:"((?:[^"\\]|\\.)*)"|([A-Za-z0-9\-.!%*_+`'~]+))(?:, |$)/s;
  while (rest.length > 0) {
    const m = param.exec(rest);
    if (!m) throw new Error(`bad credentials near: ${rest}`);
    const name = m[1]!;
    if (name in params) throw new Error(`duplicate parameter ${name}`);
    if (m[2] !== undefined) {
      params[name] = m[2].replace(/\\(.)/gs, "$1");
      quoted.add(name);
    } else {
      params[name] = m[3]!;
    }
    rest = rest.slice(m[0].length);
  }
  return { scheme: match[1]!, params, quoted };
}
