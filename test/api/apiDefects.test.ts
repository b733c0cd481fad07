import { describe, expect, it } from "vitest";
import { Inviter, Messager, Registerer, RegistererState, SessionState, UserAgent, sendOptions, type Invitation, type RequestOutcome } from "../../src/index.js";
import { InMemoryTransport, Registrar } from "../../src/testing/index.js";
import type { SipRequest } from "../../src/core/messages/index.js";
import { realTimeWorld, world } from "./harness.js";
import { scriptedPeer } from "./scriptedPeer.js";

describe("a request the transport cannot deliver (RFC 3261 §8.1.3.1, §17.1.2.2)", () => {
  it("a MESSAGE to an address nobody listens at ends with a transport error at once, not after Timer F", async () => {
    const w = world();
    const alice = w.ua("alice");
    await alice.start();
    const messager = new Messager(alice, UserAgent.makeURI("sip:nobody@nowhere.example.test:5060")!, "hi");
    const outcomes: Array<[RequestOutcome["type"], number]> = [];
    messager.outcomes$.subscribe((o) => outcomes.push([o.type, w.clock.now()]));
    await messager.message();
    await w.clock.advance(100);
    expect(outcomes).toEqual([["transport-error", 0]]);
  });

  it("a call to an address nobody listens at ends at once (Terminated), not after Timer B", async () => {
    const w = world();
    const alice = w.ua("alice");
    await alice.start();
    const inviter = new Inviter(alice, UserAgent.makeURI("sip:nobody@nowhere.example.test:5060")!);
    const states: Array<[string, number]> = [];
    inviter.stateChange.addListener((s) => states.push([s, w.clock.now()]));
    await inviter.invite().catch(() => undefined);
    await w.clock.advance(100);
    expect(states).toEqual([
      [SessionState.Establishing, 0],
      [SessionState.Terminated, 0],
    ]);
  });

  it("sendOptions() to an address nobody listens at rejects with 503 at once", async () => {
    const w = world();
    const alice = w.ua("alice");
    await alice.start();
    let failure: unknown;
    sendOptions(alice, UserAgent.makeURI("sip:nowhere.example.test:5060")!).catch((e) => (failure = e));
    await w.clock.advance(100);
    expect((failure as { statusCode?: number } | undefined)?.statusCode).toBe(503);
  });
});

describe("requests nobody takes (RFC 3261 §21.4.6, §15.1.2)", () => {
  /** Sends `method` from a raw-SIP peer, outside any dialog, and returns the response alice sent. */
  async function unclaimed(method: string, extra: string[] = method === "REFER" ? ["Refer-To: <sip:carol@example.test>"] : [], listen?: (alice: UserAgent) => void) {
    const w = world();
    const alice = w.ua("alice");
    listen?.(alice);
    await alice.start();
    const peer = scriptedPeer(w.network, "bob");
    peer.send([
      `${method} sip:alice@alice.example.test:5060 SIP/2.0`,
      `Via: SIP/2.0/TCP ${peer.address};branch=z9hG4bK-${method.toLowerCase()}-1`,
      "Max-Forwards: 70",
      "From: <sip:bob@example.test>;tag=b1",
      "To: <sip:alice@example.test>",
      `Call-ID: ${method.toLowerCase()}-unclaimed@bob`,
      `CSeq: 1 ${method}`,
      "Contact: <sip:bob@bob.example.test:5060;transport=tcp>",
      ...extra,
    ]);
    await w.clock.advance(100);
    expect(peer.responses).toHaveLength(1);
    const response = peer.responses[0]!;
    return { status: response.statusCode, allow: response.getHeader("allow")?.split(/\s*,\s*/) };
  }

  it("a REFER with no onRefer nor refers$ subscriber, a REGISTER to a user agent that is no registrar: 405 whose Allow is there and does not list the method", async () => {
    for (const method of ["REFER", "REGISTER"]) {
      const { status, allow } = await unclaimed(method);
      expect([method, status, allow?.includes("INVITE"), allow?.includes(method)]).toEqual([method, 405, true, false]);
    }
  });

  it("a REFER inside a call nobody takes: 405 with an Allow that does not list REFER", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const calls: Invitation[] = [];
    bob.invites$.subscribe((i) => (calls.push(i), void i.accept()));
    await new Inviter(alice, w.target("bob")).invite();
    await w.clock.advance(500);
    await calls[0]!.refer(UserAgent.makeURI("sip:carol@example.test")!);
    await w.clock.advance(500);
    const answer = w.network.log.map((r) => r.text).find((t) => t.startsWith("SIP/2.0 405") && /CSeq: \d+ REFER/.test(t));
    expect(answer).toBeDefined();
    const allow = /\r\nAllow: ([^\r]*)/.exec(answer!)?.[1]?.split(/\s*,\s*/);
    expect(allow).toContain("INVITE");
    expect(allow).not.toContain("REFER");
  });

  it("a REFER without exactly one Refer-To is answered 400, not handed to the application (RFC 3515 §2.4.1)", async () => {
    const referrals: unknown[] = [];
    const takeAll = (alice: UserAgent) => void alice.refers$.subscribe((r) => (referrals.push(r), void r.accept()));
    expect((await unclaimed("REFER", [], takeAll)).status).toBe(400);
    expect((await unclaimed("REFER", ["Refer-To: <sip:carol@example.test>", "Refer-To: <sip:dave@example.test>"], takeAll)).status).toBe(400);
    expect((await unclaimed("REFER", ["Refer-To: <<<"], takeAll)).status).toBe(400);
    expect(referrals).toHaveLength(0);
  });

  it("a BYE, UPDATE or INFO outside any dialog is answered 481, not 405 with an Allow that lists the method", async () => {
    for (const method of ["BYE", "UPDATE", "INFO"]) expect([method, (await unclaimed(method)).status]).toEqual([method, 481]);
  });
});

describe("registration lifetimes longer than a JS timer can wait (2**31-1 ms)", () => {
  /** alice registers (real time) at a raw-SIP registrar answering each REGISTER `status` with `headers`; after 300 ms: her state, the REGISTERs sent. */
  async function registerForReal(status: string, headers: (r: SipRequest) => string[], expires?: number) {
    const { network, ua, sleep } = realTimeWorld();
    const alice = ua("alice");
    const registrar = scriptedPeer(network, "registrar");
    registrar.onRequest((r) => r.method === "REGISTER" && registrar.reply(r, status, "reg", headers(r)));
    await alice.start();
    const registerer = new Registerer(alice, { registrar: UserAgent.makeURI("sip:registrar.example.test:5060")!, ...(expires ? { expires } : {}) });
    await registerer.register();
    await sleep(300);
    const seen = { state: registerer.state, sent: registrar.requests.filter((r) => r.method === "REGISTER").length };
    await alice.stop();
    return seen;
  }
  const days35 = 35 * 24 * 3600;

  it("a 2xx granting 35 days is refreshed once, later: not at once and over and over (real time)", async () => {
    const seen = await registerForReal("200 OK", (r) => [`Contact: ${r.getHeader("contact")!.replace(/expires=\d+/, `expires=${days35}`)}`, `Expires: ${days35}`], days35);
    expect(seen).toEqual({ state: RegistererState.Registered, sent: 1 });
  });

  it("a 503 with a Retry-After of 35 days is not retried at once and over and over (real time)", async () => {
    const seen = await registerForReal("503 Service Unavailable", () => [`Retry-After: ${days35}`]);
    expect(seen).toEqual({ state: RegistererState.Unregistered, sent: 1 });
  });

  it("the development registrar told to grant 40 days keeps a 35-day binding, granting what a timer can wait (real time)", async () => {
    const { network, ua, sleep } = realTimeWorld();
    const registrar = new Registrar({ memory: { network, address: "registrar.example.test:5060" }, maxExpires: 40 * 24 * 3600 });
    await registrar.start();
    const alice = ua("alice");
    await alice.start();
    const registerer = new Registerer(alice, { registrar: UserAgent.makeURI("sip:registrar.example.test:5060")!, expires: 35 * 24 * 3600 });
    const granted: string[] = [];
    registerer.responses$.subscribe((r) => granted.push(...r.contacts.map((c) => String(c.params["expires"]))));
    await registerer.register();
    await sleep(300);
    try {
      expect(registrar.bindings.map((b) => b.aor)).toEqual(["alice"]);
      expect(granted).toHaveLength(1);
      expect(Number(granted[0])).toBeLessThan(2 ** 31 / 1000);
    } finally {
      await alice.stop();
      await registrar.stop();
    }
  });
});

describe("requests in flight when the user agent stops", () => {
  it("sendOptions() settles (rejects) when the user agent stops before any answer", async () => {
    const w = world();
    const alice = w.ua("alice");
    await alice.start();
    scriptedPeer(w.network, "bob"); // never answers
    let settled: unknown = "pending";
    sendOptions(alice, w.target("bob")).then(
      () => (settled = "resolved"),
      (e: Error) => (settled = e.name),
    );
    await w.clock.advance(100);
    await alice.stop();
    await w.clock.advance(100);
    expect(settled).toBe("UserAgentStateError");
  });

  it("stop() while the first REGISTER awaits its 200 still removes the binding that 200 makes (Expires: 0 follows)", async () => {
    const w = world();
    const alice = w.ua("alice");
    const registrar = scriptedPeer(w.network, "registrar");
    registrar.onRequest((r) => {
      // the registrar is slow: 500 ms to answer
      const answer = () => {
        try {
          registrar.reply(r, "200 OK", "reg", [`Contact: ${r.getHeader("contact")}`]);
        } catch {
          // alice is gone by then
        }
      };
      if (r.method === "REGISTER") w.clock.scheduler.schedule(answer, 500);
    });
    await alice.start();
    const registerer = new Registerer(alice, { registrar: UserAgent.makeURI("sip:registrar.example.test:5060")! });
    await registerer.register();
    await w.clock.advance(100);
    const stopped = alice.stop();
    await w.clock.advance(2000);
    await stopped;
    expect(registrar.requests.map((r) => r.getHeader("expires"))).toEqual(["600", "0"]);
    expect(registerer.state).toBe(RegistererState.Terminated);
  });
});

describe("stop() with a first REGISTER unanswered", () => {
  it("a silent registrar does not hold stop() up: it ends at once, after sending the un-REGISTER", async () => {
    const w = world();
    const alice = w.ua("alice");
    const registrar = scriptedPeer(w.network, "registrar"); // never answers
    await alice.start();
    await new Registerer(alice, { registrar: UserAgent.makeURI("sip:registrar.example.test:5060")! }).register();
    await w.clock.advance(100);
    let stopped = false;
    void alice.stop().then(() => (stopped = true));
    await w.clock.advance(100);
    expect(stopped).toBe(true);
    expect(registrar.requests.map((r) => `${r.cseq.seq} ${r.getHeader("expires")}`)).toEqual(["1 600", "2 0"]);
  });
});

describe("the lifetime granted to our binding among several (RFC 3261 §10.2.4)", () => {
  it("a registrar that rewrites our Contact (NAT) and lists another device of the account first: refreshed by our lifetime, not the other's", async () => {
    const w = world();
    const alice = w.ua("alice"); // Contact user "alice", as a desk phone of the same account might use
    const registrar = scriptedPeer(w.network, "registrar");
    registrar.onRequest((r) => {
      if (r.method !== "REGISTER") return;
      // the desk phone's binding (an hour) first, then ours rewritten to the address seen, granted 60 s
      registrar.reply(r, "200 OK", "reg", ["Contact: <sip:alice@deskphone.example.test:5060>;expires=3600", "Contact: <sip:alice@203.0.113.7:40000;transport=tcp>;expires=60"]);
    });
    await alice.start();
    const registerer = new Registerer(alice, { registrar: UserAgent.makeURI("sip:registrar.example.test:5060")! });
    await registerer.register();
    await w.clock.advance(60_000);
    expect(registrar.requests.filter((r) => r.method === "REGISTER").length).toBeGreaterThanOrEqual(2);
  });

  it("with outbound (+sip.instance) and a rewritten Contact: our binding is found by its instance, its GRUU taken, not the other device's", async () => {
    const w = world();
    const alice = w.ua("alice", { instanceId: "6f0c1c2e-8f43-4a5e-9d7b-0a1b2c3d4e5f" });
    const registrar = scriptedPeer(w.network, "registrar");
    registrar.onRequest((r) => {
      if (r.method !== "REGISTER") return;
      registrar.reply(r, "200 OK", "reg", [
        'Contact: <sip:alice@deskphone.example.test:5060>;expires=3600;+sip.instance="<urn:uuid:11111111-2222-4333-8444-555555555555>";pub-gruu="sip:alice@example.test;gr=urn:uuid:11111111-2222-4333-8444-555555555555"',
        'Contact: <sip:alice@203.0.113.7:40000;transport=tcp>;expires=60;+sip.instance="<urn:uuid:6f0c1c2e-8f43-4a5e-9d7b-0a1b2c3d4e5f>";pub-gruu="sip:alice@example.test;gr=urn:uuid:6f0c1c2e-8f43-4a5e-9d7b-0a1b2c3d4e5f"',
      ]);
    });
    await alice.start();
    const registerer = new Registerer(alice, { registrar: UserAgent.makeURI("sip:registrar.example.test:5060")!, regId: 1 });
    await registerer.register();
    await w.clock.advance(60_000);
    expect(alice.userAgentCore.contact.uri.params["gr"]).toBe("urn:uuid:6f0c1c2e-8f43-4a5e-9d7b-0a1b2c3d4e5f");
    expect(registrar.requests.filter((r) => r.method === "REGISTER").length).toBeGreaterThanOrEqual(2);
  });
});

describe("re-registration after the connection comes back", () => {
  it("a refresh that failed at once (registrar unreachable) before the connection dropped is still re-registered on reconnect", async () => {
    const w = world();
    const alice = w.ua("alice");
    const answer = (peer: ReturnType<typeof scriptedPeer>) =>
      peer.onRequest((r) => r.method === "REGISTER" && peer.reply(r, "200 OK", "reg", [`Contact: ${r.getHeader("contact")}`]));
    let registrar = scriptedPeer(w.network, "registrar");
    answer(registrar);
    await alice.start();
    const registerer = new Registerer(alice, { registrar: UserAgent.makeURI("sip:registrar.example.test:5060")!, expires: 60 });
    await registerer.register();
    await w.clock.advance(1000);
    expect(registerer.state).toBe(RegistererState.Registered);
    registrar.close(); // the registrar goes away: the refresh at 55 s cannot be delivered
    await w.clock.advance(56_000);
    expect(registerer.state).toBe(RegistererState.Unregistered);
    (alice.transport as InMemoryTransport).fail("cable pulled");
    await w.clock.advance(1000);
    registrar = scriptedPeer(w.network, "registrar");
    answer(registrar);
    await alice.reconnect();
    await w.clock.advance(1000);
    expect(registrar.requests.map((r) => r.method)).toEqual(["REGISTER"]);
    expect(registerer.state).toBe(RegistererState.Registered);
  });
});

describe("a 2xx to REGISTER with an unreadable lifetime (bad network input)", () => {
  async function registerWith(headers: (r: SipRequest) => string[]) {
    const w = world();
    const alice = w.ua("alice");
    const registrar = scriptedPeer(w.network, "registrar");
    registrar.onRequest((r) => r.method === "REGISTER" && registrar.reply(r, "200 OK", "reg", headers(r)));
    await alice.start();
    const outcomes: string[] = [];
    const registerer = new Registerer(alice, { registrar: UserAgent.makeURI("sip:registrar.example.test:5060")!, expires: 120 });
    registerer.outcomes$.subscribe((o) => outcomes.push(o.type));
    await registerer.register();
    await w.clock.advance(1000);
    const state = registerer.state;
    await w.clock.advance(120_000);
    return { state, outcomes, registers: registrar.requests.length };
  }

  it("Expires: soon: registered for the lifetime asked for, refreshed, the outcome told (not stuck in Initial)", async () => {
    expect(await registerWith(() => ["Expires: soon"])).toEqual({ state: RegistererState.Registered, outcomes: ["accepted", "accepted"], registers: 2 });
  });

  it("another device's binding the registrar lists malformed (unquoted +sip.instance) beside ours: registered by our own expires=60, not dropped whole", async () => {
    const seen = await registerWith((r) => ["Contact: <sip:alice@deskphone.example.test:5060>;expires=3600;+sip.instance=<urn:uuid:1>", `Contact: ${r.getHeader("contact")!.replace(/expires=\d+/, "expires=60")}`]);
    expect(seen.state).toBe(RegistererState.Registered);
    expect(seen.outcomes[0]).toBe("accepted");
    expect(seen.registers).toBeGreaterThanOrEqual(3); // refreshed by our 60 s, not the 120 s asked
  });

  it("our Contact with expires=abc and Expires: 60: registered, refreshed by the Expires header", async () => {
    const seen = await registerWith((r) => [`Contact: ${r.getHeader("contact")!.replace(/expires=\d+/, "expires=abc")}`, "Expires: 60"]);
    expect(seen.state).toBe(RegistererState.Registered);
    expect(seen.registers).toBeGreaterThanOrEqual(3);
  });
});
