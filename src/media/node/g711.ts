/**
 * G.711 (ITU-T G.711), the two 64 kbit/s telephone codecs every SIP peer and browser speaks:
 * μ-law (PCMU, RTP payload type 0) and A-law (PCMA, type 8), RFC 3551 §4.5.14. One byte per
 * 16-bit linear sample, 8000 samples a second. Written from the segment tables of the
 * recommendation: sign, 3-bit segment (exponent), 4-bit step (mantissa).
 */

/** Which G.711 law a stream uses. */
export type G711Law = "PCMU" | "PCMA";

const MU_BIAS = 0x84;
const MU_CLIP = 32635;

/**
 * One 16-bit sample to a μ-law byte.
 *
 * @example
 * ```ts
 * import { muLawEncode } from "rxsip/node";
 *
 * muLawEncode(0); // 0xff: silence in PCMU
 * ```
 */
export function muLawEncode(sample: number): number {
  let s = sample | 0;
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  if (s > MU_CLIP) s = MU_CLIP;
  s += MU_BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/**
 * One μ-law byte to a 16-bit sample.
 *
 * @example
 * ```ts
 * import { muLawDecode } from "rxsip/node";
 *
 * muLawDecode(0xff); // 0
 * ```
 */
export function muLawDecode(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const magnitude = ((((u & 0x0f) << 3) + MU_BIAS) << exponent) - MU_BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

/**
 * One 16-bit sample to an A-law byte (even bits inverted, as sent on the wire).
 *
 * @example
 * ```ts
 * import { aLawEncode } from "rxsip/node";
 *
 * aLawEncode(0); // 0xd5: silence in PCMA
 * ```
 */
export function aLawEncode(sample: number): number {
  let s = sample | 0;
  const sign = s >= 0 ? 0x80 : 0;
  if (s < 0) s = -s - 1;
  if (s > 32767) s = 32767;
  let code: number;
  if (s < 256) code = s >> 4;
  else {
    let exponent = 7;
    for (let mask = 0x4000; (s & mask) === 0; mask >>= 1) exponent--;
    code = (exponent << 4) | ((s >> (exponent + 3)) & 0x0f);
  }
  return (sign | code) ^ 0x55;
}

/**
 * One A-law byte to a 16-bit sample.
 *
 * @example
 * ```ts
 * import { aLawDecode } from "rxsip/node";
 *
 * aLawDecode(0xd5); // 8: the quantisation step nearest to zero
 * ```
 */
export function aLawDecode(byte: number): number {
  const a = (byte ^ 0x55) & 0xff;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

/** Decoding is a table look-up: 256 samples per law, made once. */
const MU_TABLE = Int16Array.from({ length: 256 }, (_, i) => muLawDecode(i));
const A_TABLE = Int16Array.from({ length: 256 }, (_, i) => aLawDecode(i));

/**
 * A frame of samples to G.711 bytes.
 *
 * @example
 * ```ts
 * import { encodeG711, toneSource } from "rxsip/node";
 *
 * const payload = encodeG711(toneSource(440).read(160), "PCMU"); // one 20 ms RTP payload: 160 bytes
 * ```
 */
export function encodeG711(samples: Int16Array, law: G711Law): Uint8Array {
  const out = new Uint8Array(samples.length);
  const encode = law === "PCMU" ? muLawEncode : aLawEncode;
  for (let i = 0; i < samples.length; i++) out[i] = encode(samples[i]!);
  return out;
}

/**
 * G.711 bytes to samples.
 *
 * @example
 * ```ts
 * import { decodeG711, writeWav } from "rxsip/node";
 * import { writeFileSync } from "node:fs";
 * declare const payloads: Uint8Array[]; // PCMA RTP payloads, in order
 *
 * const samples = decodeG711(Buffer.concat(payloads), "PCMA");
 * writeFileSync("call.wav", writeWav(samples));
 * ```
 */
export function decodeG711(bytes: Uint8Array, law: G711Law): Int16Array {
  const table = law === "PCMU" ? MU_TABLE : A_TABLE;
  const out = new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = table[bytes[i]!]!;
  return out;
}
