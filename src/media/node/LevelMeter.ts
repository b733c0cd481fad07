/** Full scale of a 16-bit sample: a square wave at this amplitude is 0 dBov (RFC 6464 §3). */
const FULL_SCALE = 32767;

/**
 * The level of the audio of one direction of a call, over a window: the RMS of every 16-bit
 * sample added since the last `take()`, divided by full scale. That is WebRTC's `audioLevel`
 * scale (W3C webrtc-stats: linear 0..1, 1.0 is 0 dBov, 0 silence; its square times the
 * duration is `totalAudioEnergy`). RMS rather than peak, so a frame of clicks does not read as
 * loud speech and the value squares to energy; for a sine this is 1/√2 of a peak reading.
 */
export class LevelMeter {
  private sumOfSquares = 0;
  private count = 0;
  private heard = false;

  /** Adds a frame of samples to the window. */
  add(samples: Int16Array): void {
    let sum = 0;
    for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
    this.sumOfSquares += sum;
    this.count += samples.length;
    if (samples.length > 0) this.heard = true;
  }

  /**
   * The level of the window (0 when no audio came in it) and starts the next window;
   * undefined when no audio was ever added.
   */
  take(): number | undefined {
    if (!this.heard) return undefined;
    const level = this.count === 0 ? 0 : Math.min(1, Math.sqrt(this.sumOfSquares / this.count) / FULL_SCALE);
    this.sumOfSquares = 0;
    this.count = 0;
    return level;
  }
}
