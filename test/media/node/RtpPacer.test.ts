import { describe, expect, it } from "vitest";
import { pcmSource, toneSource } from "../../../src/node.js";
import { DtmfReceiver } from "../../../src/media/node/DtmfReceiver.js";
import { decodeG711 } from "../../../src/media/node/g711.js";
import { RtpPacer } from "../../../src/media/node/RtpPacer.js";
import { decodeTelephoneEvent } from "../../../src/media/node/telephoneEvent.js";

describe("RtpPacer: what goes out every 20 ms", () => {
  it("audio frames of 160 bytes, sequence +1 and timestamp +160 per packet, marker on the first", () => {
    const pacer = new RtpPacer(toneSource(), "PCMU", { sequence: 65535, timestamp: 1000 });
    const packets = [0, 1, 2].flatMap(() => pacer.tick(true));
    expect(packets.map((p) => [p.kind, p.sequenceNumber, p.timestamp, p.marker, p.payload.length])).toEqual([
      ["audio", 65535, 1000, true, 160],
      ["audio", 0, 1160, false, 160],
      ["audio", 1, 1320, false, 160],
    ]);
  });

  it("while not sending (hold) nothing goes out but the timestamp moves on; the next packet has the marker", () => {
    const pacer = new RtpPacer(pcmSource(new Int16Array(0)), "PCMA", { sequence: 10, timestamp: 0 });
    pacer.tick(true);
    expect(pacer.tick(false)).toEqual([]);
    expect(pacer.tick(false)).toEqual([]);
    const [p] = pacer.tick(true);
    expect([p!.sequenceNumber, p!.timestamp, p!.marker]).toEqual([11, 480, true]);
  });

  it("muted: audio packets keep going out as silence, the source moves on; unmuted it is heard where it has got to", () => {
    const ramp = Int16Array.from({ length: 480 }, (_, i) => 1000 + i);
    const pacer = new RtpPacer(pcmSource(ramp), "PCMU", { sequence: 0, timestamp: 0 });
    pacer.setMuted(true);
    const muted = pacer.tick(true);
    expect(muted.map((p) => [p.kind, p.sequenceNumber, p.payload.length])).toEqual([["audio", 0, 160]]);
    expect(decodeG711(muted[0]!.payload, "PCMU").every((v) => v === 0)).toBe(true);
    expect(muted[0]!.samples.every((v) => v === 0)).toBe(true);
    pacer.tick(true);
    pacer.setMuted(false);
    const [heard] = pacer.tick(true);
    expect(heard!.samples[0]).toBe(1000 + 320); // two frames were read while muted
    expect(Math.abs(decodeG711(heard!.payload, "PCMU")[0]! - 1320)).toBeLessThan(64);
  });

  it("DTMF still goes out while muted", () => {
    const pacer = new RtpPacer(toneSource(), "PCMU", { sequence: 0, timestamp: 0 });
    pacer.setMuted(true);
    pacer.queueDtmf("1", 40, 40);
    expect(pacer.tick(true).map((p) => p.kind)).toEqual(["event"]);
  });

  it("a DTMF key is RFC 4733 events with one timestamp, growing duration, marker first, the end sent 3 times; then the gap is audio", () => {
    const pacer = new RtpPacer(toneSource(), "PCMU", { sequence: 0, timestamp: 0 });
    pacer.queueDtmf("5", 60, 40);
    const ticks = [0, 1, 2, 3, 4].map(() => pacer.tick(true));
    const events = ticks.flat().filter((p) => p.kind === "event");
    expect(events.map((p) => [p.timestamp, p.marker, decodeTelephoneEvent(p.payload)])).toEqual([
      [0, true, { event: 5, end: false, volume: 10, duration: 160 }],
      [0, false, { event: 5, end: false, volume: 10, duration: 320 }],
      [0, false, { event: 5, end: true, volume: 10, duration: 480 }],
      [0, false, { event: 5, end: true, volume: 10, duration: 480 }],
      [0, false, { event: 5, end: true, volume: 10, duration: 480 }],
    ]);
    expect(events.map((p) => p.sequenceNumber)).toEqual([0, 1, 2, 3, 4]);
    expect(ticks[3]!.map((p) => [p.kind, p.timestamp])).toEqual([["audio", 480]]);
    expect(pacer.dtmfPending).toBe(0);
  });

  it("a receiver turns those packets (with their retransmissions) into one key press; a lost end shows at the next event", () => {
    const pacer = new RtpPacer(toneSource(), "PCMU", { sequence: 0, timestamp: 0 });
    pacer.queueDtmf("9#", 100, 70);
    const rx = new DtmfReceiver();
    const keys = Array.from({ length: 30 }, () => pacer.tick(true))
      .flat()
      .filter((p) => p.kind === "event")
      .flatMap((p) => rx.receive(p.timestamp, decodeTelephoneEvent(p.payload)!));
    expect(keys).toEqual([
      { tone: "9", duration: 100 },
      { tone: "#", duration: 100 },
    ]);
    const lossy = new DtmfReceiver();
    expect(lossy.receive(100, { event: 1, end: false, volume: 10, duration: 800 })).toEqual([]);
    expect(lossy.receive(2000, { event: 2, end: true, volume: 10, duration: 400 })).toEqual([
      { tone: "1", duration: 100 },
      { tone: "2", duration: 50 },
    ]);
  });
});
