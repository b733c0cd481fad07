/**
 * What a Node call plays: a source of 8 kHz mono 16-bit samples, read one 20 ms frame
 * (160 samples) at a time by the handler's packet pacer.
 */
export interface AudioSource {
  /** The next `count` samples. A finite source that ran out returns silence (zeros). */
  read(count: number): Int16Array;
}

/**
 * The sample rate of every AudioSource (G.711's, RFC 3551 §4.5.14).
 *
 * @example
 * ```ts
 * import { SAMPLE_RATE, toneSource } from "rxsip/node";
 *
 * const oneSecond = toneSource(440).read(SAMPLE_RATE); // 8000 samples of G.711 narrowband audio
 * ```
 */
export const SAMPLE_RATE = 8000;

/**
 * Silence.
 *
 * @example
 * ```ts
 * import { silence, type NodeSessionDescriptionHandler } from "rxsip/node";
 * declare const media: NodeSessionDescriptionHandler;
 *
 * media.play(silence()); // stop a prompt: send comfort silence
 * ```
 */
export function silence(): AudioSource {
  return { read: (count) => new Int16Array(count) };
}

/**
 * A sine tone: `frequency` Hz (default 440) at `amplitude` (default 8000 of 32767), the
 * phase carried across frames so the tone is continuous.
 *
 * @example
 * ```ts
 * import { toneSource, type NodeSessionDescriptionHandler } from "rxsip/node";
 * declare const media: NodeSessionDescriptionHandler;
 *
 * media.play(toneSource(425, 0.3)); // a European dial tone
 * ```
 */
export function toneSource(frequency = 440, amplitude = 8000): AudioSource {
  let n = 0;
  const step = (2 * Math.PI * frequency) / SAMPLE_RATE;
  return {
    read(count) {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = Math.round(amplitude * Math.sin(step * n++));
      if (n > SAMPLE_RATE * 3600) n %= SAMPLE_RATE; // keep the phase argument small in long calls
      return out;
    },
  };
}

/**
 * Samples already at 8 kHz mono; played once (then silence) or over and over with `loop`.
 *
 * @example
 * ```ts
 * import { pcmSource, readWav, type NodeSessionDescriptionHandler } from "rxsip/node";
 * import { readFileSync } from "node:fs";
 * declare const media: NodeSessionDescriptionHandler;
 *
 * const { samples } = readWav(readFileSync("hold-music.wav")); // 8 kHz mono
 * media.play(pcmSource(samples, { loop: true }));
 * ```
 */
export function pcmSource(samples: Int16Array, options: { loop?: boolean } = {}): AudioSource {
  let at = 0;
  return {
    read(count) {
      const out = new Int16Array(count);
      if (samples.length === 0) return out;
      for (let i = 0; i < count; i++) {
        if (at >= samples.length) {
          if (!options.loop) break;
          at = 0;
        }
        out[i] = samples[at++]!;
      }
      return out;
    },
  };
}
