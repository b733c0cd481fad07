import { Subject } from "rxjs";
import { describe, expect, it } from "vitest";
import { InvalidOptionError, Inviter, dtmfInfo, type DtmfEvent, type Invitation, type SessionDescriptionHandlerModifier } from "../../src/index.js";
import { fakeSessionDescriptionHandlerFactory, type FakeSessionDescriptionHandler } from "../../src/testing/index.js";
import { world } from "./harness.js";

/** Removes RFC 4733 from a description: the peer then has no telephone-event. */
const withoutTelephoneEvent: SessionDescriptionHandlerModifier = async (d) => ({
  ...d,
  sdp: d.sdp!
    .split("\r\n")
    .filter((l) => !/^a=(rtpmap|fmtp):101\b/.test(l))
    .map((l) => (l.startsWith("m=audio") ? l.replace(/ 101\b/, "") : l))
    .join("\r\n"),
});

/** A call from alice to bob; both user agents have `dtmfInfo()` unless `info` is false. */
async function call(options: { strip?: boolean; info?: boolean } = {}) {
  const w = world();
  const extra = options.info === false ? {} : { dtmfInfo: dtmfInfo() };
  const alice = w.ua("alice", extra);
  const bob = w.ua("bob", extra);
  await Promise.all([alice.start(), bob.start()]);
  const invitations: Invitation[] = [];
  bob.invites$.subscribe((i) => {
    invitations.push(i);
    void i.accept(options.strip ? { sessionDescriptionHandlerModifiers: [withoutTelephoneEvent] } : {});
  });
  const inviter = new Inviter(alice, w.target("bob"));
  await inviter.invite();
  await w.clock.advance(500);
  const bobSession = invitations[0]!;
  const digits: DtmfEvent[] = [];
  bobSession.dtmf$.subscribe((d) => digits.push(d));
  const infos = () => w.network.log.filter((r) => !r.dropped && r.text.startsWith("INFO ")).map((r) => r.text);
  return { ...w, alice, bob, inviter, bobSession, digits, infos };
}

describe("DTMF and INFO in a session", () => {
  it("info() with SIP.js's body shape sends the content with its Content-Type and Content-Disposition; the peer sees the digit on dtmf$", async () => {
    const { clock, inviter, digits, infos } = await call();
    await inviter.info({
      requestOptions: { body: { contentDisposition: "render", contentType: "application/dtmf-relay", content: "Signal=5\r\nDuration=250" } },
    });
    await clock.advance(500);
    expect(digits).toEqual([{ tone: "5", duration: 250, via: "info" }]);
    const sent = infos()[0]!;
    expect(sent).toMatch(/\r\nContent-Type: application\/dtmf-relay\r\n/i);
    expect(sent).toMatch(/\r\nContent-Disposition: render\r\n/i);
    expect(sent.endsWith("\r\n\r\nSignal=5\r\nDuration=250")).toBe(true);
  });

  it("info() refuses malformed bodies with InvalidOptionError and sends nothing", async () => {
    const { clock, inviter, infos } = await call();
    const bad: unknown[] = [
      { contentType: "application/dtmf-relay" },
      { contentType: "application/dtmf-relay", content: 5 },
      { content: "Signal=1" },
      { contentType: "text/plain\r\nX-Evil: 1", content: "x" },
      { contentType: "text/plain", content: "x", contentDisposition: "render\r\nX-Evil: 1" },
      { contentType: "text/plain", content: "a", body: "b" },
      "Signal=1",
    ];
    for (const body of bad) {
      await expect(inviter.info({ requestOptions: { body: body as never } })).rejects.toBeInstanceOf(InvalidOptionError);
    }
    await clock.advance(500);
    expect(infos()).toEqual([]);
  });

  it("dtmf() over INFO, in either body format, arrives in order on the peer's dtmf$", async () => {
    const { clock, inviter, digits } = await call();
    const relay = inviter.dtmf("1#", { transport: "info" });
    await clock.advance(1000);
    expect(await relay).toBe(true);
    const plain = inviter.dtmf("9*", { transport: "info", contentType: "application/dtmf" });
    await clock.advance(1000);
    expect(await plain).toBe(true);
    expect(digits.map((d) => `${d.tone}/${d.via}`)).toEqual(["1/info", "#/info", "9/info", "*/info"]);
  });

  it("auto: RFC 4733 through the handler when the peer's SDP has telephone-event, no INFO", async () => {
    const { clock, inviter, infos } = await call();
    expect(await inviter.dtmf("42")).toBe(true);
    await clock.advance(500);
    expect((inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler).dtmfSent.map((d) => d.tones)).toEqual(["42"]);
    expect(infos()).toEqual([]);
  });

  it("auto: INFO when the peer's answer has no telephone-event", async () => {
    const { clock, inviter, digits, infos } = await call({ strip: true });
    const sending = inviter.dtmf("3");
    await clock.advance(500);
    expect(await sending).toBe(true);
    expect((inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler).dtmfSent).toEqual([]);
    expect(infos()).toHaveLength(1);
    expect(digits).toEqual([{ tone: "3", duration: 160, via: "info" }]);
  });

  it("digits the media handler received (RFC 4733) appear on session.dtmf$", async () => {
    const received = new Subject<{ tone: string; duration: number }>();
    const fakes = fakeSessionDescriptionHandlerFactory();
    const factory = (session: unknown, options?: object) => Object.assign(fakes(session, options), { dtmf$: received.asObservable() });
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob", { sessionDescriptionHandlerFactory: factory });
    await Promise.all([alice.start(), bob.start()]);
    const digits: DtmfEvent[] = [];
    bob.invites$.subscribe((i) => {
      i.dtmf$.subscribe((d) => digits.push(d));
      void i.accept();
    });
    await new Inviter(alice, w.target("bob")).invite();
    await w.clock.advance(500);
    received.next({ tone: "7", duration: 100 });
    expect(digits).toEqual([{ tone: "7", duration: 100, via: "rfc4733" }]);
  });

  it("without dtmfInfo(): transport info is an InvalidOptionError naming it, auto uses the media even when the peer's SDP has no telephone-event, nothing goes in INFO", async () => {
    const { clock, inviter, infos } = await call({ strip: true, info: false });
    const refused = await inviter.dtmf("1", { transport: "info" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidOptionError);
    expect((refused as Error).message).toContain("dtmfInfo()");
    expect(await inviter.dtmf("3")).toBe(true);
    await clock.advance(500);
    expect((inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler).dtmfSent.map((d) => d.tones)).toEqual(["3"]);
    expect(infos()).toEqual([]);
  });

  it("without dtmfInfo(): an INFO carrying a key is an INFO on infos$ (answered 200), not a digit on dtmf$", async () => {
    const { clock, inviter, bobSession, digits, network } = await call({ info: false });
    const infoBodies: string[] = [];
    bobSession.infos$.subscribe((info) => {
      infoBodies.push(info.request.body);
      void info.accept();
    });
    await inviter.info({ requestOptions: { body: { contentType: "application/dtmf-relay", body: "Signal=5\r\nDuration=160\r\n" } } });
    await clock.advance(500);
    expect(infoBodies).toEqual(["Signal=5\r\nDuration=160\r\n"]);
    expect(digits).toEqual([]);
    expect(network.log.some((r) => !r.dropped && r.text.startsWith("SIP/2.0 200") && /CSeq: \d+ INFO/.test(r.text))).toBe(true);
  });

  it("dtmf() refuses keys that are not DTMF and unknown transports", async () => {
    const { inviter } = await call();
    await expect(inviter.dtmf("12x")).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(inviter.dtmf("1", { transport: "smoke" as never })).rejects.toBeInstanceOf(InvalidOptionError);
  });
});
