/**
 * Random identifiers of the transaction layer: Via branches (RFC 3261 §8.1.1.7) and the
 * To tags the layer itself must invent (§19.3), both from an injectable random source.
 */
import { MAGIC_COOKIE } from "../messages/index.js";
import { TransactionError } from "./errors.js";

/** Fills `target` with random bytes and returns it (the shape of `crypto.getRandomValues`). */
export type RandomSource = (target: Uint8Array) => Uint8Array;

/** The character code of the lower-case hex digit for `n` (0-15). */
function hexCode(n: number): number {
  return n + (n < 10 ? 48 : 87);
}

/** `globalThis.crypto.getRandomValues`, when the platform has it (browsers, Node 20+). */
export function defaultRandomSource(): RandomSource {
  const crypto = (globalThis as { crypto?: { getRandomValues?: (target: Uint8Array) => Uint8Array } }).crypto;
  const get = crypto?.getRandomValues;
  if (get === undefined) throw new TransactionError("NO_RANDOM_SOURCE", "no random source: pass one in the options");
  return (target) => get.call(crypto, target);
}

/** `bytes` random octets as lower-case hex. */
export function randomHex(bytes: number, random: RandomSource = defaultRandomSource()): string {
  const b = random(new Uint8Array(bytes));
  // made in one piece: a string built by appending is a tree of pieces (several times the size),
  // and tags, branches and Call-IDs are kept for as long as their dialog
  const codes = new Array<number>(b.length * 2);
  for (let i = 0; i < b.length; i++) {
    codes[2 * i] = hexCode(b[i]! >> 4);
    codes[2 * i + 1] = hexCode(b[i]! & 15);
  }
  return String.fromCharCode.apply(null, codes);
}

/**
 * A branch unique across space and time: the magic cookie `z9hG4bK` followed by 96 random
 * bits (RFC 3261 §8.1.1.7: "The branch ID inserted by an element compliant with this
 * specification MUST always begin with the characters z9hG4bK").
 *
 * @example
 * ```ts
 * import { generateBranch } from "rxsip/core";
 *
 * generateBranch(); // "z9hG4bK" + 24 random hex digits
 * ```
 */
export function generateBranch(random?: RandomSource): string {
  return MAGIC_COOKIE + randomHex(12, random);
}

/**
 * A tag with 64 random bits (RFC 3261 §19.3: at least 32 bits of randomness).
 *
 * @example
 * ```ts
 * import { generateTag } from "rxsip/core";
 *
 * generateTag(); // 16 random hex digits, e.g. for the To tag of a response
 * ```
 */
export function generateTag(random?: RandomSource): string {
  return randomHex(8, random);
}
