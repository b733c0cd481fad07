import { firstValueFrom, take, timeout, toArray } from "rxjs";
import { describe, expect, it } from "vitest";
import { NodeSessionDescriptionHandler } from "../../../src/node.js";

/** The next `n` keys a handler receives. */
const keys = (h: NodeSessionDescriptionHandler, n: number) => firstValueFrom(h.dtmf$.pipe(take(n), toArray(), timeout(5000)));

/**
 * A browser's offer lists telephone-event at 48 kHz (for opus) before the one at 8 kHz, e.g.
 * `m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8 110 126` with `a=rtpmap:110 telephone-event/48000` and
 * `a=rtpmap:126 telephone-event/8000`. A G.711 call's events run at 8 kHz (RFC 4733 §2.1): the
 * answer must carry the 8 kHz one, and DTMF must pass both ways on it.
 */
describe("Node media: an offer with telephone-event at 48 kHz before 8 kHz (as browsers write it)", () => {
  it("is answered with telephone-event/8000 only, and DTMF passes both ways", async () => {
    const a = new NodeSessionDescriptionHandler({ loopback: true });
    const b = new NodeSessionDescriptionHandler({ loopback: true });
    try {
      const offer = (await a.getDescription()).body
        .replace(/^(m=audio \S+ \S+ 0 8) 101/m, "$1 110 101")
        .replace(/^a=rtpmap:101 /m, "a=rtpmap:110 telephone-event/48000\r\na=fmtp:110 0-15\r\na=rtpmap:101 ");
      expect(offer).toMatch(/^m=audio \S+ \S+ 0 8 110 101\r$/m);
      await b.setDescription(offer);
      const answer = (await b.getDescription()).body;
      await a.setDescription(answer);
      expect(answer.match(/^a=rtpmap:\d+ telephone-event\/\d+/gm)).toEqual(["a=rtpmap:101 telephone-event/8000"]);
      const atA = keys(a, 2);
      expect(b.sendDtmf("42")).toBe(true);
      expect((await atA).map((k) => k.tone)).toEqual(["4", "2"]);
      const atB = keys(b, 1);
      expect(a.sendDtmf("#")).toBe(true);
      expect((await atB).map((k) => k.tone)).toEqual(["#"]);
    } finally {
      a.close();
      b.close();
    }
  }, 15000);
});

describe("Node media: DTMF while the peer holds us", () => {
  it("sendDtmf() is false while the negotiated direction does not let us send (no keys held back for later), true again after", async () => {
    const a = new NodeSessionDescriptionHandler({ loopback: true });
    const b = new NodeSessionDescriptionHandler({ loopback: true });
    try {
      await b.setDescription((await a.getDescription()).body);
      await a.setDescription((await b.getDescription()).body);
      // a holds b: b may not send
      await b.setDescription((await a.getDescription({ hold: true })).body);
      await a.setDescription((await b.getDescription()).body);
      expect(b.sendDtmf("5")).toBe(false);
      await b.setDescription((await a.getDescription({ hold: false })).body);
      await a.setDescription((await b.getDescription()).body);
      const atA = keys(a, 1);
      expect(b.sendDtmf("7")).toBe(true);
      expect((await atA).map((k) => k.tone)).toEqual(["7"]);
    } finally {
      a.close();
      b.close();
    }
  }, 15000);
});
