import { describe, expect, it } from "vitest";
import { TestScheduler } from "rxjs/testing";
import {
  FakeSessionDescriptionHandler,
  fakeSessionDescriptionHandlerFactory,
  SessionDescriptionError,
  type SessionDescriptionHandler,
  type SessionDescriptionHandlerFactory,
  type SessionDescriptionHandlerModifier,
} from "../../src/testing/index.js";

/** An offer as a SIP phone would write it (LF line ends on purpose: lenient parsing). */
function phoneOffer(direction = "sendrecv", formats = "8 0 96", extra = ""): string {
  return [
    "v=0",
    "o=phone 2890844526 2890844526 IN IP4 192.0.2.10",
    "s=call",
    "c=IN IP4 192.0.2.10",
    "t=0 0",
    `m=audio 30000 RTP/AVP ${formats}`,
    "a=rtpmap:96 telephone-event/8000",
    `a=${direction}`,
    extra,
  ].join("\n");
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));
const lines = (sdp: string) => sdp.split("\r\n").filter(Boolean);
const holdModifier: SessionDescriptionHandlerModifier = async (d) => ({ ...d, sdp: d.sdp!.replace("a=sendrecv", "a=sendonly") });

describe("FakeSessionDescriptionHandler", () => {
  it("fits SIP.js's SessionDescriptionHandler and factory types", () => {
    const factory: SessionDescriptionHandlerFactory = fakeSessionDescriptionHandlerFactory();
    const handler: SessionDescriptionHandler = factory({ id: "session" });
    expect(handler).toBeInstanceOf(FakeSessionDescriptionHandler);
  });

  describe("offer", () => {
    it("is valid SDP (RFC 4566) with one sendrecv audio stream: PCMU, PCMA, telephone-event", async () => {
      const sdh = new FakeSessionDescriptionHandler({ sessionId: 4242, port: 40000 });
      const { body, contentType } = await sdh.getDescription();
      expect(contentType).toBe("application/sdp");
      expect(lines(body)).toEqual([
        "v=0",
        "o=- 4242 1 IN IP4 127.0.0.1",
        "s=-",
        "c=IN IP4 127.0.0.1",
        "t=0 0",
        "m=audio 40000 RTP/AVP 0 8 101",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-16",
        "a=sendrecv",
      ]);
      expect(body.endsWith("\r\n")).toBe(true);
      expect(sdh.signalingState).toBe("have-local-offer");
      expect(sdh.localDescriptions).toEqual([{ type: "offer", sdp: body, direction: "sendrecv" }]);
    });

    it("each new offer or answer increments the o= version, the session id stays (RFC 3264 §8)", async () => {
      const sdh = new FakeSessionDescriptionHandler({ sessionId: 7 });
      await sdh.getDescription();
      await sdh.setDescription(phoneOffer());
      await sdh.getDescription();
      await sdh.getDescription();
      expect(sdh.localDescriptions.map((d) => lines(d.sdp)[1])).toEqual(["o=- 7 1 IN IP4 127.0.0.1", "o=- 7 2 IN IP4 127.0.0.1", "o=- 7 3 IN IP4 127.0.0.1"]);
    });

    it("takes the answer to it: back to stable, the remote direction recorded", async () => {
      const sdh = new FakeSessionDescriptionHandler();
      await sdh.getDescription();
      await sdh.setDescription(phoneOffer("recvonly", "0"));
      expect(sdh.signalingState).toBe("stable");
      expect(sdh.remoteDescriptions).toEqual([{ type: "answer", sdp: phoneOffer("recvonly", "0"), direction: "recvonly" }]);
      expect(sdh.remoteDirection).toBe("recvonly");
    });
  });

  describe("answer", () => {
    it("answers a remote offer with the formats in common, in the offer's order and payload types", async () => {
      const sdh = new FakeSessionDescriptionHandler({ port: 40002 });
      await sdh.setDescription(phoneOffer());
      expect(sdh.signalingState).toBe("have-remote-offer");
      const { body } = await sdh.getDescription();
      expect(lines(body).slice(5)).toEqual([
        "m=audio 40002 RTP/AVP 8 0 96",
        "a=rtpmap:8 PCMA/8000",
        "a=rtpmap:0 PCMU/8000",
        "a=rtpmap:96 telephone-event/8000",
        "a=fmtp:96 0-16",
        "a=sendrecv",
      ]);
      expect(sdh.signalingState).toBe("stable");
      expect(sdh.localDescriptions[0]!.type).toBe("answer");
    });

    it("refuses with port 0 the streams it cannot take, keeping one m= line per offered one (RFC 3264 §6)", async () => {
      const sdh = new FakeSessionDescriptionHandler();
      await sdh.setDescription(phoneOffer("sendrecv", "0", "m=video 30002 RTP/AVP 31\na=sendrecv"));
      const { body } = await sdh.getDescription();
      expect(lines(body).filter((l) => l.startsWith("m="))).toEqual(["m=audio 49170 RTP/AVP 0", "m=video 0 RTP/AVP 31"]);
    });

    it("answers a sendonly offer (the peer holds the call) with recvonly, and recvonly with sendonly", async () => {
      const held = new FakeSessionDescriptionHandler();
      await held.setDescription(phoneOffer("sendonly"));
      expect(held.remoteDirection).toBe("sendonly");
      expect((await held.getDescription()).body).toContain("a=recvonly\r\n");
      expect(held.localDirection).toBe("recvonly");

      const other = new FakeSessionDescriptionHandler();
      await other.setDescription(phoneOffer("recvonly"));
      await other.getDescription();
      expect(other.localDirection).toBe("sendonly");

      const inactive = new FakeSessionDescriptionHandler();
      await inactive.setDescription(phoneOffer("inactive"));
      await inactive.getDescription();
      expect(inactive.localDirection).toBe("inactive");
    });

    it("reads the session-level direction when the stream has none", async () => {
      const sdh = new FakeSessionDescriptionHandler();
      await sdh.setDescription("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\na=sendonly\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n");
      expect(sdh.remoteDirection).toBe("sendonly");
    });
  });

  describe("hold (RFC 3264 §8.4)", () => {
    it("hold: true makes the next offers sendonly until hold: false brings back sendrecv", async () => {
      const sdh = new FakeSessionDescriptionHandler();
      await sdh.getDescription({ hold: true });
      await sdh.setDescription(phoneOffer("recvonly"));
      await sdh.getDescription();
      await sdh.setDescription(phoneOffer("recvonly"));
      await sdh.getDescription({ hold: false });
      expect(sdh.localDescriptions.map((d) => d.direction)).toEqual(["sendonly", "sendonly", "sendrecv"]);
      expect(sdh.held).toBe(false);
    });

    it("a local hold answers a sendrecv offer with sendonly, and a sendonly offer with inactive", async () => {
      const sdh = new FakeSessionDescriptionHandler();
      await sdh.setDescription(phoneOffer("sendrecv"), { hold: true });
      await sdh.getDescription();
      await sdh.setDescription(phoneOffer("sendonly"));
      await sdh.getDescription();
      expect(sdh.localDescriptions.map((d) => d.direction)).toEqual(["sendonly", "inactive"]);
    });

    it("a modifier that rewrites the direction holds the call too, and is what gets recorded", async () => {
      const sdh = new FakeSessionDescriptionHandler();
      const { body } = await sdh.getDescription(undefined, [holdModifier]);
      expect(body).toContain("a=sendonly\r\n");
      expect(sdh.localDirection).toBe("sendonly");
      await sdh.setDescription(phoneOffer("recvonly"));
      await sdh.getDescription();
      expect(sdh.localDirection).toBe("sendrecv");
    });

    it("modifiers of setDescription rewrite the remote description before it is read", async () => {
      const sdh = new FakeSessionDescriptionHandler();
      await sdh.setDescription(phoneOffer("sendrecv").replace("\n", "\r\n"), undefined, [async (d) => ({ ...d, sdp: d.sdp!.replace("a=sendrecv", "a=inactive") })]);
      expect(sdh.remoteDirection).toBe("inactive");
    });
  });

  describe("invalid descriptions", () => {
    it.each([
      ["empty", ""],
      ["no v= first", "o=- 1 1 IN IP4 127.0.0.1\r\nv=0\r\nm=audio 5004 RTP/AVP 0\r\n"],
      ["no m= line", "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"],
      ["malformed m= line", "v=0\r\nm=audio port RTP/AVP 0\r\n"],
      ["not SDP at all", "<html>hello</html>"],
    ])("setDescription rejects %s with SessionDescriptionError INVALID_SDP and changes nothing", async (_, sdp) => {
      const sdh = new FakeSessionDescriptionHandler();
      await sdh.getDescription();
      const error = await sdh.setDescription(sdp, { hold: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SessionDescriptionError);
      expect(error).toMatchObject({ code: "INVALID_SDP" });
      expect(sdh.signalingState).toBe("have-local-offer");
      expect(sdh.remoteDescriptions).toEqual([]);
      expect(sdh.held).toBe(false);
    });

    it("getDescription rejects when a modifier breaks the SDP", async () => {
      const sdh = new FakeSessionDescriptionHandler();
      await expect(sdh.getDescription(undefined, [async (d) => ({ ...d, sdp: "garbage" })])).rejects.toMatchObject({ code: "INVALID_SDP" });
    });
  });

  describe("rollback", () => {
    it("forgets a pending remote offer: the next description is an offer again", async () => {
      const sdh = new FakeSessionDescriptionHandler();
      await sdh.setDescription(phoneOffer());
      await sdh.rollbackDescription();
      expect(sdh.signalingState).toBe("stable");
      await sdh.getDescription();
      expect(sdh.localDescriptions[0]!.type).toBe("offer");
    });

    it("forgets a pending local offer: what is set next is an offer, not an answer", async () => {
      const sdh = new FakeSessionDescriptionHandler();
      await sdh.getDescription();
      await sdh.rollbackDescription();
      await sdh.setDescription(phoneOffer());
      expect(sdh.remoteDescriptions[0]!.type).toBe("offer");
      expect(sdh.signalingState).toBe("have-remote-offer");
    });
  });

  describe("content types", () => {
    it("has descriptions of application/sdp only (case and parameters ignored)", () => {
      const sdh = new FakeSessionDescriptionHandler();
      expect(sdh.hasDescription("application/sdp")).toBe(true);
      expect(sdh.hasDescription("Application/SDP; charset=utf-8")).toBe(true);
      expect(sdh.hasDescription("text/plain")).toBe(false);
      expect(sdh.hasDescription("multipart/mixed")).toBe(false);
    });
  });

  describe("DTMF", () => {
    it("records the tones sent, with duration and gap (defaults 100 and 70 ms)", () => {
      const sdh = new FakeSessionDescriptionHandler();
      expect(sdh.sendDtmf("1")).toBe(true);
      expect(sdh.sendDtmf("#*9,A", { duration: 250, interToneGap: 50 })).toBe(true);
      expect(sdh.dtmfSent).toEqual([
        { tones: "1", duration: 100, interToneGap: 70 },
        { tones: "#*9,A", duration: 250, interToneGap: 50 },
      ]);
    });

    it("refuses (false) what is not a tone, and records nothing", () => {
      const sdh = new FakeSessionDescriptionHandler();
      expect(sdh.sendDtmf("")).toBe(false);
      expect(sdh.sendDtmf("12E")).toBe(false);
      expect(sdh.dtmfSent).toEqual([]);
    });
  });

  describe("close", () => {
    it("after close every call rejects with SDH_CLOSED and DTMF is refused", async () => {
      const sdh = new FakeSessionDescriptionHandler();
      sdh.close();
      expect(sdh.closed).toBe(true);
      await expect(sdh.getDescription()).rejects.toMatchObject({ name: "SessionDescriptionError", code: "SDH_CLOSED" });
      await expect(sdh.setDescription(phoneOffer())).rejects.toMatchObject({ code: "SDH_CLOSED" });
      await expect(sdh.rollbackDescription()).rejects.toMatchObject({ code: "SDH_CLOSED" });
      expect(sdh.sendDtmf("1")).toBe(false);
    });
  });
});

describe("fakeSessionDescriptionHandlerFactory", () => {
  it("makes one fake per session, keeps them, and tells them apart by session id and port", async () => {
    const factory = fakeSessionDescriptionHandlerFactory({ firstPort: 50000, address: "192.0.2.5" });
    const session = { id: "call-1" };
    const first = factory(session, { iceGatheringTimeout: 500 });
    const second = factory({ id: "call-2" });
    expect(factory.handlers).toEqual([first, second]);
    expect(first.session).toBe(session);
    expect(first.factoryOptions).toEqual({ iceGatheringTimeout: 500 });
    expect(lines((await first.getDescription()).body).slice(1, 6)).toEqual([
      "o=- 1 1 IN IP4 192.0.2.5",
      "s=-",
      "c=IN IP4 192.0.2.5",
      "t=0 0",
      "m=audio 50000 RTP/AVP 0 8 101",
    ]);
    expect(lines((await second.getDescription()).body)[5]).toBe("m=audio 50002 RTP/AVP 0 8 101");
  });

  it("with a delay, getDescription resolves only once that much time passed on the scheduler", async () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const factory = fakeSessionDescriptionHandlerFactory({ delay: 30, scheduler });
    const sdh = factory({});
    let resolvedAt: number | undefined;
    const description = sdh.getDescription().then((d) => {
      resolvedAt = scheduler.now();
      return d;
    });
    scheduler.maxFrames = 29;
    scheduler.flush();
    await settle();
    expect(resolvedAt).toBeUndefined();
    expect(sdh.localDescriptions).toEqual([]);
    scheduler.maxFrames = 30;
    scheduler.flush();
    expect((await description).contentType).toBe("application/sdp");
    expect(resolvedAt).toBe(30);
    expect(sdh.localDescriptions).toHaveLength(1);
  });

  it("a handler closed while its description is delayed rejects with SDH_CLOSED", async () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const sdh = fakeSessionDescriptionHandlerFactory({ delay: 10, scheduler })({});
    const pending = sdh.getDescription();
    sdh.close();
    scheduler.flush();
    await expect(pending).rejects.toMatchObject({ code: "SDH_CLOSED" });
  });
});
