import { describe, expect, it } from "vitest";
import { Publisher, PublisherState, type IncomingNonInvite, type UserAgent } from "../../src/index.js";
import { realTimeWorld, world } from "./harness.js";

interface Seen {
  at: number;
  cseq: number;
  expires: string | undefined;
  ifMatch: string | undefined;
  body: string;
  contentType: string | undefined;
  event: string | undefined;
}

/**
 * A tiny event state compositor (RFC 3903 §6) in front of `ua`'s core: it keeps entity tags,
 * answers 200 with a new SIP-ETag and the Expires asked for, 412 for an unknown SIP-If-Match.
 * `answer` may take a PUBLISH first (return true when it answered).
 */
function compositor(ua: UserAgent, answer?: (incoming: IncomingNonInvite, n: number) => boolean) {
  const store = new Map<string, string>();
  const seen: Seen[] = [];
  let next = 0;
  const core = ua.userAgentCore;
  const previous = core.delegate;
  core.delegate = {
    ...previous,
    onRequest: (incoming) => {
      const r = incoming.request;
      if (r.method !== "PUBLISH") return previous?.onRequest?.(incoming);
      seen.push({ at: ua.scheduler.now(), cseq: r.cseq.seq, expires: r.getHeader("Expires"), ifMatch: r.getHeader("SIP-If-Match"), body: r.body, contentType: r.getHeader("Content-Type"), event: r.getHeader("Event") });
      if (answer?.(incoming, seen.length)) return;
      const ifMatch = r.getHeader("SIP-If-Match");
      const expires = r.expires ?? 3600;
      if (ifMatch !== undefined && !store.has(ifMatch)) return incoming.reject({ statusCode: 412, reasonPhrase: "Conditional Request Failed" });
      const body = r.body !== "" ? r.body : (ifMatch !== undefined ? store.get(ifMatch)! : "");
      if (ifMatch !== undefined) store.delete(ifMatch);
      if (expires === 0) return incoming.accept({ extraHeaders: [["SIP-ETag", ifMatch ?? ""], ["Expires", "0"]] });
      const etag = `e${++next}`;
      store.set(etag, body);
      incoming.accept({ extraHeaders: [["SIP-ETag", etag], ["Expires", String(expires)]] });
    },
  };
  return { seen, store };
}

async function setup(answer?: (incoming: IncomingNonInvite, n: number) => boolean) {
  const w = world();
  const alice = w.ua("alice");
  const presence = w.ua("presence");
  await Promise.all([alice.start(), presence.start()]);
  const esc = compositor(presence, answer);
  return { ...w, alice, presence, esc };
}

describe("Publisher (RFC 3903) in virtual time", () => {
  it("publishes, refreshes 32 s before expiry with SIP-If-Match and no body, modifies with a body, then removes", async () => {
    const w = await setup();
    const publisher = new Publisher(w.alice, w.target("presence"), "presence", { expires: 600, contentType: "application/pidf+xml" });
    const states: PublisherState[] = [];
    publisher.state$.subscribe((s) => states.push(s));
    await publisher.publish("<open/>");
    await w.clock.advance(1000);
    expect(publisher.state).toBe(PublisherState.Published);
    expect(publisher.entityTag).toBe("e1");
    expect(w.esc.seen[0]).toMatchObject({ expires: "600", ifMatch: undefined, body: "<open/>", contentType: "application/pidf+xml", event: "presence" });

    await w.clock.advance(600_000);
    expect(w.esc.seen).toHaveLength(2);
    expect(w.esc.seen[1]).toMatchObject({ expires: "600", ifMatch: "e1", body: "", contentType: undefined });
    expect(w.esc.seen[1]!.at - w.esc.seen[0]!.at).toBeGreaterThanOrEqual(568_000);
    expect(w.esc.seen[1]!.at - w.esc.seen[0]!.at).toBeLessThan(569_000);
    expect(publisher.entityTag).toBe("e2");

    await publisher.publish("<away/>");
    await w.clock.advance(1000);
    expect(w.esc.seen[2]).toMatchObject({ ifMatch: "e2", body: "<away/>", contentType: "application/pidf+xml" });
    expect(publisher.entityTag).toBe("e3");

    await publisher.unpublish();
    await w.clock.advance(1000);
    expect(w.esc.seen[3]).toMatchObject({ expires: "0", ifMatch: "e3", body: "" });
    expect(publisher.state).toBe(PublisherState.Unpublished);
    expect(publisher.entityTag).toBeUndefined();
    expect(w.esc.store.size).toBe(0);
    // one Call-ID, CSeq one higher each time
    expect(w.esc.seen.map((s) => s.cseq)).toEqual([1, 2, 3, 4]);
    expect(states).toEqual(["Initial", "Published", "Unpublished"]);
    await w.clock.advance(3_600_000);
    expect(w.esc.seen).toHaveLength(4); // nothing refreshed after removal
  });

  it("412 Conditional Request Failed on a refresh starts over with a fresh PUBLISH of the last content", async () => {
    const w = await setup();
    const publisher = new Publisher(w.alice, w.target("presence"), "presence", { expires: 120 });
    await publisher.publish("open");
    await w.clock.advance(1000);
    w.esc.store.clear(); // the compositor lost its state
    await w.clock.advance(100_000);
    expect(w.esc.seen.map((s) => [s.ifMatch, s.body])).toEqual([
      [undefined, "open"],
      ["e1", ""],
      [undefined, "open"],
    ]);
    expect(w.wire()).toContain("presence: SIP/2.0 412 Conditional Request Failed");
    expect(publisher.state).toBe(PublisherState.Published);
    expect(publisher.entityTag).toBe("e2");
  });

  it("423 Interval Too Brief is retried with the compositor's Min-Expires, and refreshes use it", async () => {
    const w = await setup((incoming, n) => {
      if (n !== 1) return false;
      incoming.reject({ statusCode: 423, extraHeaders: [["Min-Expires", "1200"]] });
      return true;
    });
    const publisher = new Publisher(w.alice, w.target("presence"), "presence", { expires: 60 });
    await publisher.publish("open");
    await w.clock.advance(1000);
    expect(w.esc.seen.map((s) => s.expires)).toEqual(["60", "1200"]);
    expect(publisher.state).toBe(PublisherState.Published);
    await w.clock.advance(1_200_000);
    expect(w.esc.seen[2]).toMatchObject({ expires: "1200", ifMatch: "e1" });
  });

  it("a publish() while a PUBLISH is in flight waits for its final response (RFC 3903 §4.1)", async () => {
    const w = await setup((incoming, n) => {
      if (n !== 1) return false;
      w.clock.scheduler.schedule(() => incoming.accept({ extraHeaders: [["SIP-ETag", "slow"], ["Expires", "600"]] }), 2000);
      w.esc.store.set("slow", "one");
      return true;
    });
    const publisher = new Publisher(w.alice, w.target("presence"), "presence");
    await publisher.publish("one");
    const second = publisher.publish("two");
    await w.clock.advance(1000);
    expect(w.esc.seen).toHaveLength(1);
    await w.clock.advance(2000);
    await second;
    await w.clock.advance(100);
    expect(w.esc.seen).toHaveLength(2);
    expect(w.esc.seen[1]).toMatchObject({ ifMatch: "slow", body: "two" });
    expect(w.esc.seen[1]!.at - w.esc.seen[0]!.at).toBeGreaterThanOrEqual(2000);
  });

  it("a failure ends the publication: Unpublished, no refresh", async () => {
    const w = await setup((incoming) => {
      incoming.reject({ statusCode: 403 });
      return true;
    });
    const publisher = new Publisher(w.alice, w.target("presence"), "presence");
    const codes: number[] = [];
    await publisher.publish("open", { requestDelegate: { onReject: (r) => codes.push(r.message.statusCode) } });
    await w.clock.advance(3_700_000);
    expect(codes).toEqual([403]);
    expect(publisher.state).toBe(PublisherState.Unpublished);
    expect(w.esc.seen).toHaveLength(1);
  });

  it("a 2xx whose Expires cannot be read still publishes, keeps the tag and lets later PUBLISHes go (RFC 3903 §4.1)", async () => {
    const w = await setup((incoming, n) => {
      if (n !== 1) return false;
      // a compositor writing Expires out of its delta-seconds range (RFC 3261 §20.19)
      incoming.accept({ extraHeaders: [["SIP-ETag", "odd"], ["Expires", "4294967296"]] });
      w.esc.store.set("odd", "one");
      return true;
    });
    const publisher = new Publisher(w.alice, w.target("presence"), "presence", { expires: 600 });
    const accepted: number[] = [];
    publisher.outcomes$.subscribe((o) => o.type === "accepted" && accepted.push(o.response.statusCode));
    await publisher.publish("one");
    await w.clock.advance(1000);
    expect(publisher.state).toBe(PublisherState.Published);
    expect(publisher.entityTag).toBe("odd");
    expect(accepted).toEqual([200]);
    await publisher.publish("two");
    await w.clock.advance(1000);
    expect(w.esc.seen).toHaveLength(2);
    expect(w.esc.seen[1]).toMatchObject({ ifMatch: "odd", body: "two" });
    // refreshed on the lifetime asked for
    await w.clock.advance(600_000);
    expect(w.esc.seen).toHaveLength(3);
    expect(w.esc.seen[2]).toMatchObject({ ifMatch: "e1", body: "" });
  });

  it("unpublish() while a refresh is in flight stays unpublished when that refresh meets 412 (no fresh PUBLISH behind the user's back)", async () => {
    const w = await setup((incoming, n) => {
      if (n !== 2) return false;
      // the compositor lost its state and is slow to say so
      w.clock.scheduler.schedule(() => incoming.reject({ statusCode: 412, reasonPhrase: "Conditional Request Failed" }), 2000);
      return true;
    });
    const publisher = new Publisher(w.alice, w.target("presence"), "presence", { expires: 120 });
    await publisher.publish("open");
    await w.clock.advance(1000);
    await w.clock.advance(88_000); // the refresh went out at 88 s
    expect(w.esc.seen).toHaveLength(2);
    const removed = publisher.unpublish(); // queued behind the refresh (RFC 3903 §4.1)
    await w.clock.advance(5000);
    await removed;
    await w.clock.advance(5000);
    expect(w.esc.seen.map((s) => [s.ifMatch, s.body])).toEqual([
      [undefined, "open"],
      ["e1", ""],
    ]);
    expect(publisher.state).toBe(PublisherState.Unpublished);
    expect(publisher.entityTag).toBeUndefined();
  });

  it("dispose() while the first PUBLISH is unanswered still removes the publication once its 2xx brings the entity-tag", async () => {
    const w = await setup();
    const publisher = new Publisher(w.alice, w.target("presence"), "presence", { expires: 3600 });
    void publisher.publish("open");
    await w.clock.advance(1); // sent, not yet answered
    await publisher.dispose();
    await w.clock.advance(1000);
    expect(w.esc.seen.map((s) => [s.expires, s.ifMatch])).toEqual([
      ["3600", undefined],
      ["0", "e1"],
    ]);
    expect(w.esc.store.size).toBe(0);
    expect(publisher.state).toBe(PublisherState.Terminated);
  });

  it("stop() removes the publication, completes state$ and leaves nothing scheduled", async () => {
    const w = await setup();
    const publisher = new Publisher(w.alice, w.target("presence"), "presence");
    let completed = false;
    publisher.state$.subscribe({ complete: () => (completed = true) });
    await publisher.publish("open");
    await w.clock.advance(1000);
    await w.alice.stop();
    await w.clock.advance(60_000);
    await w.presence.stop();
    await w.clock.advance(60_000);
    expect(w.esc.seen.at(-1)).toMatchObject({ expires: "0", ifMatch: "e1" });
    expect(publisher.state).toBe(PublisherState.Terminated);
    expect(completed).toBe(true);
    await expect(publisher.publish("again")).rejects.toMatchObject({ code: "USER_AGENT_STATE" });
    expect(w.clock.pending).toBe(0);
  });
  it("a 30-day publication, longer than a JS timer can wait (2**31-1 ms), is not refreshed over and over (real time)", async () => {
    const { ua, target, sleep, lines } = realTimeWorld();
    const alice = ua("alice");
    const presence = ua("presence");
    await Promise.all([alice.start(), presence.start()]);
    const esc = compositor(presence);
    const publisher = new Publisher(alice, target("presence"), "presence", { expires: 30 * 24 * 3600 });
    await publisher.publish("open");
    await sleep(300);
    try {
      expect(publisher.state).toBe(PublisherState.Published);
      expect(esc.seen).toHaveLength(1);
      expect(lines().filter((l) => l.startsWith("PUBLISH "))).toHaveLength(1);
    } finally {
      await Promise.all([alice.stop(), presence.stop()]);
    }
  });
});
