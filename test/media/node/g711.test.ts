import { describe, expect, it } from "vitest";
import { aLawDecode, aLawEncode, decodeG711, encodeG711, muLawDecode, muLawEncode } from "../../../src/node.js";

describe("G.711", () => {
  it("μ-law and A-law: every byte decodes to a value that encodes back to the same byte", () => {
    for (let b = 0; b < 256; b++) {
      // μ-law has two codes for zero (0x7f, 0xff): both decode to 0, which encodes as 0xff
      if (b !== 0x7f) expect(muLawEncode(muLawDecode(b))).toBe(b);
      expect(aLawEncode(aLawDecode(b))).toBe(b);
    }
  });

  it("known points of the tables: silence, full scale, sign", () => {
    expect(muLawEncode(0)).toBe(0xff);
    expect(muLawEncode(32767)).toBe(0x80);
    expect(muLawEncode(-32768)).toBe(0x00);
    expect(muLawDecode(0x80)).toBe(32124);
    expect(aLawEncode(0)).toBe(0xd5);
    expect(aLawDecode(0xd5)).toBe(8);
    expect(aLawDecode(0xaa)).toBe(32256);
    expect(aLawDecode(0x2a)).toBe(-32256);
  });

  it("a sine survives encode and decode with a small relative error in each law", () => {
    const pcm = Int16Array.from({ length: 800 }, (_, i) => Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / 8000)));
    for (const law of ["PCMU", "PCMA"] as const) {
      const back = decodeG711(encodeG711(pcm, law), law);
      let err = 0;
      let sig = 0;
      for (let i = 0; i < pcm.length; i++) {
        err += (back[i]! - pcm[i]!) ** 2;
        sig += pcm[i]! ** 2;
      }
      expect(10 * Math.log10(sig / err)).toBeGreaterThan(30); // G.711's SNR is about 38 dB on a loud tone
    }
  });
});
