import { pcmSource, SAMPLE_RATE, type AudioSource } from "./AudioSource.js";
import { aLawDecode, muLawDecode } from "./g711.js";
import { MediaFormatError } from "./MediaFormatError.js";

/** The samples of a WAV file, mixed to mono and resampled to 8 kHz. */
export interface WavAudio {
  samples: Int16Array;
  /** The file's own rate and channel count, before conversion. */
  sampleRate: number;
  channels: number;
}

/** Largest WAV read (bytes): about 10 minutes of 48 kHz stereo. */
const MAX_WAV_BYTES = 128 * 1024 * 1024;

/**
 * Reads a RIFF/WAVE file (16-bit PCM, or G.711 μ-law / A-law) of any rate and channel count,
 * and returns 8 kHz mono samples (channels averaged, linear interpolation between samples).
 * Throws MediaFormatError for anything else.
 *
 * @example
 * ```ts
 * import { readWav } from "rxsip/node";
 * import { readFileSync } from "node:fs";
 *
 * const { samples, sampleRate, channels } = readWav(readFileSync("prompt.wav"));
 * ```
 */
export function readWav(file: Uint8Array): WavAudio {
  if (file.length > MAX_WAV_BYTES) throw new MediaFormatError(`WAV larger than ${MAX_WAV_BYTES} bytes`);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const tag = (at: number) => String.fromCharCode(file[at]!, file[at + 1]!, file[at + 2]!, file[at + 3]!);
  if (file.length < 12 || tag(0) !== "RIFF" || tag(8) !== "WAVE") throw new MediaFormatError("not a RIFF/WAVE file");
  let format = -1;
  let channels = 0;
  let rate = 0;
  let bits = 0;
  let data: Uint8Array | undefined;
  for (let at = 12; at + 8 <= file.length; ) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (body + size > file.length && id !== "data") throw new MediaFormatError(`WAV chunk ${JSON.stringify(id)} runs past the end`);
    if (id === "fmt ") {
      if (size < 16) throw new MediaFormatError("WAV fmt chunk too short");
      format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      rate = view.getUint32(body + 4, true);
      bits = view.getUint16(body + 14, true);
      if (format === 0xfffe && size >= 26) format = view.getUint16(body + 24, true); // WAVE_FORMAT_EXTENSIBLE: the sub-format's first two bytes
    } else if (id === "data") {
      data = file.subarray(body, Math.min(body + size, file.length));
    }
    at = body + size + (size & 1);
  }
  if (format < 0) throw new MediaFormatError("WAV without a fmt chunk");
  if (data === undefined) throw new MediaFormatError("WAV without a data chunk");
  if (channels < 1 || channels > 8 || rate < 1000 || rate > 384000) throw new MediaFormatError(`WAV with ${channels} channels at ${rate} Hz`);
  let sampleAt: (i: number) => number;
  let width: number;
  if (format === 1 && bits === 16) {
    width = 2;
    sampleAt = (i) => view.getInt16(data!.byteOffset - file.byteOffset + i * 2, true);
  } else if ((format === 7 || format === 6) && bits === 8) {
    width = 1;
    const decode = format === 7 ? muLawDecode : aLawDecode;
    sampleAt = (i) => decode(data![i]!);
  } else throw new MediaFormatError(`WAV format ${format} with ${bits}-bit samples (16-bit PCM, μ-law or A-law only)`);
  const frames = Math.floor(data.length / (width * channels));
  const mono = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += sampleAt(f * channels + c);
    mono[f] = sum / channels;
  }
  return { samples: resample(mono, rate), sampleRate: rate, channels };
}

/** Linear interpolation from `rate` to 8 kHz. */
function resample(mono: Float64Array, rate: number): Int16Array {
  if (rate === SAMPLE_RATE) return Int16Array.from(mono, (v) => Math.round(v));
  const length = Math.floor((mono.length * SAMPLE_RATE) / rate);
  const out = new Int16Array(length);
  const ratio = rate / SAMPLE_RATE;
  for (let i = 0; i < length; i++) {
    const x = i * ratio;
    const j = Math.floor(x);
    const a = mono[j] ?? 0;
    const b = mono[j + 1] ?? a;
    out[i] = Math.max(-32768, Math.min(32767, Math.round(a + (b - a) * (x - j))));
  }
  return out;
}

/**
 * A WAV file as an AudioSource (played once, or looped).
 *
 * @example
 * ```ts
 * import { nodeMediaFactory, UserAgent, wavSource } from "rxsip/node";
 * import { readFileSync } from "node:fs";
 *
 * // every call hears the prompt, looped
 * const bot = new UserAgent({
 *   sessionDescriptionHandlerFactory: nodeMediaFactory({ source: () => wavSource(readFileSync("prompt.wav"), { loop: true }) }),
 * });
 * ```
 */
export function wavSource(file: Uint8Array, options: { loop?: boolean } = {}): AudioSource {
  return pcmSource(readWav(file).samples, options);
}

/**
 * 8 kHz mono 16-bit samples as a WAV file (for recording what a call received).
 *
 * @example
 * ```ts
 * import { writeWav, type NodeSessionDescriptionHandler } from "rxsip/node";
 * import { writeFileSync } from "node:fs";
 * declare const media: NodeSessionDescriptionHandler;
 *
 * const chunks: Int16Array[] = [];
 * media.audio$.subscribe({
 *   next: ({ samples }) => chunks.push(samples),
 *   complete: () => writeFileSync("recording.wav", writeWav(Int16Array.from(chunks.flatMap((c) => [...c])))),
 * });
 * ```
 */
export function writeWav(samples: Int16Array, sampleRate = SAMPLE_RATE): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  const view = new DataView(out.buffer);
  const put = (at: number, text: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = text.charCodeAt(i);
  };
  put(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  put(8, "WAVE");
  put(12, "fmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  put(36, "data");
  view.setUint32(40, samples.length * 2, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + i * 2, samples[i]!, true);
  return out;
}
