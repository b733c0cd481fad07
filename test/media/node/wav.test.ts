import { describe, expect, it } from "vitest";
import { MediaFormatError, readWav, wavSource, writeWav } from "../../../src/node.js";

/** A 16-bit PCM WAV of `channels` at `rate` whose every channel holds `f(i)`. */
function wav16(rate: number, channels: number, frames: number, f: (i: number) => number): Uint8Array {
  const data = new DataView(new ArrayBuffer(frames * channels * 2));
  for (let i = 0; i < frames; i++) for (let c = 0; c < channels; c++) data.setInt16((i * channels + c) * 2, f(i), true);
  const head = new DataView(new ArrayBuffer(44));
  const put = (at: number, s: string) => [...s].forEach((ch, k) => head.setUint8(at + k, ch.charCodeAt(0)));
  put(0, "RIFF");
  head.setUint32(4, 36 + data.byteLength, true);
  put(8, "WAVE");
  put(12, "fmt ");
  head.setUint32(16, 16, true);
  head.setUint16(20, 1, true);
  head.setUint16(22, channels, true);
  head.setUint32(24, rate, true);
  head.setUint32(28, rate * channels * 2, true);
  head.setUint16(32, channels * 2, true);
  head.setUint16(34, 16, true);
  put(36, "data");
  head.setUint32(40, data.byteLength, true);
  const out = new Uint8Array(44 + data.byteLength);
  out.set(new Uint8Array(head.buffer), 0);
  out.set(new Uint8Array(data.buffer), 44);
  return out;
}

describe("WAV", () => {
  it("writeWav then readWav gives the samples back (8 kHz mono)", () => {
    const samples = Int16Array.from({ length: 321 }, (_, i) => (i * 97) % 30000 - 15000);
    const back = readWav(writeWav(samples));
    expect(back.sampleRate).toBe(8000);
    expect(Array.from(back.samples)).toEqual(Array.from(samples));
  });

  it("48 kHz stereo becomes 8 kHz mono: one sixth of the frames, channels averaged", () => {
    const file = wav16(48000, 2, 4800, (i) => (i % 2 === 0 ? 6000 : 6000));
    const { samples, sampleRate, channels } = readWav(file);
    expect([sampleRate, channels, samples.length]).toEqual([48000, 2, 800]);
    expect(samples.every((s) => s === 6000)).toBe(true);
  });

  it("a source plays the file once, then silence; looped it starts over", () => {
    const file = writeWav(Int16Array.of(1, 2, 3));
    expect(Array.from(wavSource(file).read(5))).toEqual([1, 2, 3, 0, 0]);
    expect(Array.from(wavSource(file, { loop: true }).read(5))).toEqual([1, 2, 3, 1, 2]);
  });

  it("refuses what it cannot read with MediaFormatError", () => {
    expect(() => readWav(new TextEncoder().encode("not a wav file at all"))).toThrow(MediaFormatError);
    const eightBit = wav16(8000, 1, 10, () => 0);
    eightBit[34] = 8; // bits per sample
    expect(() => readWav(eightBit)).toThrow(MediaFormatError);
    expect(() => readWav(wav16(8000, 1, 10, () => 0).subarray(0, 36))).toThrow(MediaFormatError);
  });
});
