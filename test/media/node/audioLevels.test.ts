import { asyncScheduler } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { describe, expect, it } from "vitest";
import { LevelMeter } from "../../../src/media/node/LevelMeter.js";
import { sampleAudioLevels } from "../../../src/media/node/sampleAudioLevels.js";
import { toneSource } from "../../../src/node.js";

describe("LevelMeter: WebRTC's audioLevel scale (linear 0..1, 1.0 = 0 dBov) as the RMS of a window", () => {
  it("undefined before any audio; a full-scale square wave is 1; silence is 0", () => {
    const m = new LevelMeter();
    expect(m.take()).toBeUndefined();
    m.add(Int16Array.from({ length: 160 }, (_, i) => (i % 2 ? 32767 : -32767)));
    expect(m.take()).toBe(1);
    m.add(new Int16Array(160));
    expect(m.take()).toBe(0);
  });

  it("a sine of amplitude A reads A / √2 / 32767 (RMS, not peak)", () => {
    const m = new LevelMeter();
    m.add(toneSource(440, 8000).read(8000));
    expect(m.take()).toBeCloseTo(8000 / Math.SQRT2 / 32767, 3);
  });

  it("a window covers what was added since the last take; an empty window after audio reads 0", () => {
    const m = new LevelMeter();
    m.add(new Int16Array(160).fill(16384));
    m.add(new Int16Array(160));
    expect(m.take()).toBeCloseTo(Math.sqrt((16384 * 16384) / 2) / 32767, 6);
    expect(m.take()).toBe(0);
  });
});

describe("sampleAudioLevels: one value per period on the scheduler", () => {
  it("emits every period while subscribed, each covering the audio since the previous one; what came before subscribing is dropped", () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ expectObservable, cold }) => {
      const inbound = new LevelMeter();
      const outbound = new LevelMeter();
      inbound.add(new Int16Array(160).fill(32767)); // before the subscription
      // inbound gets a full-scale frame at 150 ms (in the second window); nothing is ever sent
      cold("150ms a").subscribe(() => inbound.add(new Int16Array(160).fill(32767)));
      expectObservable(sampleAudioLevels(inbound, outbound, 100, asyncScheduler), "^ 349ms !").toBe("100ms a 99ms b 99ms c", {
        a: { inbound: 0, outbound: undefined },
        b: { inbound: 1, outbound: undefined },
        c: { inbound: 0, outbound: undefined },
      });
    });
  });
});
