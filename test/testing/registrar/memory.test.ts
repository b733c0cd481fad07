import { TestScheduler } from "rxjs/testing";
import { describe, expect, it } from "vitest";
import { DigestAuthenticator, formatCredentials, sha2Digest } from "../../../src/core/auth/index.js";
import type { SipMessageAny, SipRequest, SipResponse } from "../../../src/core/messages/index.js";
import { InMemoryNetwork, Registrar, type Binding, type RegistrarOptions } from "../../../src/testing/index.js";
import { requestText, responseText, unique, type RequestSpec } from "./helpers/sipText.js";

const REGISTRAR = "registrar.test:5060";

/**
 * A registrar on an in-memory network in virtual time, and UDP-like clients at
 * `${name}.test:5060`: `send` puts hand-written SIP on the wire, `flush` delivers it.
 */
function virtualWorld(run: (w: ReturnType<typeof makeWorld>) => void, options: Partial<RegistrarOptions> = {}) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  scheduler.run(() => {
    /** Runs what is due within `ms` virtual milliseconds (0: what is due now), then sets the clock there. */
    const advance = (ms = 0) => {
      const target = scheduler.now() + ms;
      const limit = scheduler.maxFrames;
      scheduler.maxFrames = target;
      scheduler.flush();
      scheduler.maxFrames = limit;
      scheduler.frame = target;
    };
    const w = makeWorld(scheduler, advance, options);
    run(w);
    void w.registrar.stop();
  });
}

function makeWorld(scheduler: TestScheduler, flush: (ms?: number) => void, options: Partial<RegistrarOptions>) {
  const network = new InMemoryNetwork({ scheduler });
  const registrar = new Registrar({ memory: { network, address: REGISTRAR }, scheduler, ...options });
  void registrar.start();
  const client = (name: string) => {
    const endpoint = network.endpoint(`${name}.test:5060`);
    const base = (method: string, ruri: string, extra: Partial<RequestSpec> = {}): RequestSpec => ({
      method,
      ruri,
      via: `UDP ${name}.test:5060`,
      from: `sip:${name}@example.test`,
      to: ruri.startsWith("sip:") && ruri.includes("@") ? ruri : `sip:${name}@example.test`,
      ...extra,
    });
    return {
      endpoint,
      received: endpoint.received,
      /** Sends a request to the registrar; returns it as text. */
      send(method: string, ruri: string, extra: Partial<RequestSpec> = {}): string {
        const text = requestText(base(method, ruri, extra));
        endpoint.sendRaw(REGISTRAR, text);
        return text;
      },
      register(extra: Partial<RequestSpec> = {}): string {
        return this.send("REGISTER", "sip:example.test", {
          to: `sip:${name}@example.test`,
          contact: `<sip:${name}@${name}.test:5060>`,
          ...extra,
        });
      },
      reply(request: SipRequest, status: number, reason: string, extra: Parameters<typeof responseText>[3] = {}): void {
        endpoint.sendRaw(REGISTRAR, responseText(request, status, reason, extra));
      },
      responses(): SipResponse[] {
        return endpoint.received.filter((m): m is SipResponse => m.isResponse);
      },
      requests(method?: string): SipRequest[] {
        return endpoint.received.filter((m): m is SipRequest => m.isRequest && (method === undefined || m.method === method));
      },
      last(): SipMessageAny {
        return endpoint.received[endpoint.received.length - 1]!;
      },
    };
  };
  return { scheduler, flush, network, registrar, client };
}

const statuses = (messages: SipMessageAny[]) => messages.map((m) => (m.isResponse ? m.statusCode : m.method));

describe("Registrar on an in-memory network: REGISTER (RFC 3261 §10.3)", () => {
  it("binds the contact for 600 s by default and lists it in the 200 with its expiry", () => {
    virtualWorld(({ client, flush, registrar }) => {
      const alice = client("alice");
      alice.register();
      flush();
      const ok = alice.responses()[0]!;
      expect(ok.statusCode).toBe(200);
      expect(ok.to.tag).toBeDefined();
      expect(ok.getHeaders("contact")).toEqual(["<sip:alice@alice.test:5060>;expires=600"]);
      expect(registrar.bindings).toEqual([
        expect.objectContaining<Partial<Binding>>({
          aor: "alice",
          contact: "sip:alice@alice.test:5060",
          expires: 600,
          expiresAt: 600_000,
          flow: { id: "memory:alice.test:5060", transport: "memory", remote: "alice.test:5060" },
        }),
      ]);
    });
  });

  it("expires a binding after its Expires in virtual time, and bindings$ says so", () => {
    virtualWorld(({ client, flush, registrar, scheduler }) => {
      const seen: Array<[number, number]> = [];
      registrar.bindings$.subscribe((b) => seen.push([scheduler.now(), b.length]));
      const alice = client("alice");
      alice.register({ expires: 60 });
      scheduler.schedule(() => seen.push([scheduler.now(), registrar.bindings.length]), 59_999);
      flush(3_600_000);
      expect(seen).toEqual([
        [0, 0],
        [0, 1],
        [59_999, 1],
        [60_000, 0],
      ]);
    });
  });

  it("a refresh restarts the timer; the contact's expires parameter wins over the Expires header; at most maxExpires", () => {
    virtualWorld(({ client, flush, registrar, scheduler }) => {
      const alice = client("alice");
      const callId = unique("reg");
      alice.register({ callId, cseq: 1, expires: 30 });
      scheduler.schedule(() => alice.register({ callId, cseq: 2, expires: 7200 }), 20_000);
      scheduler.schedule(() => alice.register({ callId, cseq: 3, expires: 7200, contact: "<sip:alice@alice.test:5060>;expires=45" }), 25_000);
      const ends: number[] = [];
      registrar.bindings$.subscribe((b) => b.length === 0 && ends.push(scheduler.now()));
      flush(3_600_000);
      const contacts = alice.responses().map((r) => r.getHeader("contact"));
      expect(contacts).toEqual(["<sip:alice@alice.test:5060>;expires=30", "<sip:alice@alice.test:5060>;expires=3600", "<sip:alice@alice.test:5060>;expires=45"]);
      expect(ends).toEqual([0, 70_000]);
    });
  });

  it("keeps several contacts per user; Expires: 0 removes one, Contact: * removes all", () => {
    virtualWorld(({ client, flush, registrar, scheduler }) => {
      const alice = client("alice");
      const callId = unique("reg");
      alice.register({ callId, cseq: 1, contact: "<sip:alice@alice.test:5060>, <sip:alice@desk.test:5060>;expires=100" });
      flush();
      expect(registrar.bindings.map((b) => [b.contact, b.expires])).toEqual([
        ["sip:alice@alice.test:5060", 600],
        ["sip:alice@desk.test:5060", 100],
      ]);
      flush(10_000);
      alice.register({ callId, cseq: 2, contact: "<sip:alice@desk.test:5060>", expires: 0 });
      flush();
      expect(registrar.bindings.map((b) => b.contact)).toEqual(["sip:alice@alice.test:5060"]);
      expect(alice.responses()[1]!.getHeaders("contact")).toEqual([`<sip:alice@alice.test:5060>;expires=${600 - scheduler.now() / 1000}`]);
      alice.register({ callId, cseq: 3, contact: "*", expires: 0 });
      flush();
      expect(registrar.bindings).toEqual([]);
      expect(statuses(alice.received)).toEqual([200, 200, 200]);
      expect(alice.responses()[2]!.hasHeader("contact")).toBe(false);
    });
  });

  it("answers 400 to Contact: * without Expires: 0, and 500 to an update with an old CSeq of the same Call-ID", () => {
    virtualWorld(({ client, flush }) => {
      const alice = client("alice");
      alice.register({ contact: "*", expires: 60 });
      const callId = unique("reg");
      alice.register({ callId, cseq: 5 });
      flush();
      alice.register({ callId, cseq: 4 });
      flush();
      expect(statuses(alice.received)).toEqual([400, 200, 500]);
    });
  });

  it("answers 423 with Min-Expires when asked for less than minExpires", () => {
    virtualWorld(
      ({ client, flush, registrar }) => {
        const alice = client("alice");
        alice.register({ expires: 10 });
        flush();
        expect(statuses(alice.received)).toEqual([423]);
        expect(alice.responses()[0]!.getHeader("min-expires")).toBe("60");
        expect(registrar.bindings).toEqual([]);
      },
      { minExpires: 60 },
    );
  });

  it("answers a REGISTER retransmitted over UDP with the same response, from its server transaction (RFC 3261 §17.2.2)", () => {
    virtualWorld(({ client, flush }) => {
      const alice = client("alice");
      const text = alice.register({ branch: "z9hG4bKsame" });
      flush();
      alice.endpoint.sendRaw(REGISTRAR, text);
      flush();
      const [first, second] = alice.responses();
      expect(second!.statusCode).toBe(200);
      expect(second!.to.tag).toBe(first!.to.tag);
    });
  });

  it("answers a query (no Contact) with the current bindings and changes nothing", () => {
    virtualWorld(({ client, flush, registrar }) => {
      const alice = client("alice");
      alice.register();
      flush();
      alice.register({ contact: undefined });
      flush();
      expect(alice.responses()[1]!.getHeaders("contact")).toEqual(["<sip:alice@alice.test:5060>;expires=600"]);
      expect(registrar.bindings).toHaveLength(1);
    });
  });
});

describe("Registrar: Digest authentication of REGISTER (RFC 3261 §22.4, RFC 7616, RFC 8760)", () => {
  const auth = { realm: "example.test", users: { alice: "alice-secret", bob: "bob-secret" } };

  /** The REGISTER again, with credentials answering the 401's challenge. */
  function answerChallenge(unauthorized: SipResponse, username: string, password: string) {
    const challenge = unauthorized.parseHeaders("www-authenticate", "Challenge")[0]!;
    const credentials = new DigestAuthenticator({ username, password }, { algorithms: sha2Digest() }).authorize(challenge, { method: "REGISTER", uri: "sip:example.test" });
    return formatCredentials(credentials);
  }

  it("challenges with 401 (MD5, qop=auth), then accepts the right credentials with 200", () => {
    virtualWorld(
      ({ client, flush, registrar }) => {
        const alice = client("alice");
        const callId = unique("reg");
        alice.register({ callId, cseq: 1 });
        flush();
        const unauthorized = alice.responses()[0]!;
        expect(unauthorized.statusCode).toBe(401);
        const challenge = unauthorized.getHeader("www-authenticate")!;
        expect(challenge).toMatch(/^Digest realm="example.test", nonce="[0-9a-f]{32}", algorithm=MD5, qop="auth"$/);
        expect(registrar.bindings).toEqual([]);
        alice.register({ callId, cseq: 2, headers: [["Authorization", answerChallenge(unauthorized, "alice", "alice-secret")]] });
        flush();
        expect(statuses(alice.received)).toEqual([401, 200]);
        expect(registrar.bindings.map((b) => b.aor)).toEqual(["alice"]);
      },
      { auth },
    );
  });

  it("answers 403 to a wrong password, an unknown user, and credentials of another user than the AOR", () => {
    virtualWorld(
      ({ client, flush, registrar }) => {
        const alice = client("alice");
        alice.register();
        flush();
        const unauthorized = alice.responses()[0]!;
        alice.register({ cseq: 2, headers: [["Authorization", answerChallenge(unauthorized, "alice", "wrong")]] });
        alice.register({ cseq: 3, headers: [["Authorization", answerChallenge(unauthorized, "mallory", "x")]] });
        alice.register({ cseq: 4, headers: [["Authorization", answerChallenge(unauthorized, "bob", "bob-secret")]] });
        flush();
        expect(statuses(alice.received)).toEqual([401, 403, 403, 403]);
        expect(registrar.bindings).toEqual([]);
      },
      { auth },
    );
  });

  it("challenges with SHA-256 (and MD5 after it) when configured, and verifies a SHA-256 answer", () => {
    virtualWorld(
      ({ client, flush, registrar }) => {
        const alice = client("alice");
        alice.register();
        flush();
        const unauthorized = alice.responses()[0]!;
        const challenges = unauthorized.getHeaders("www-authenticate");
        expect(challenges).toHaveLength(2);
        expect(challenges[0]).toContain("algorithm=SHA-256");
        expect(challenges[1]).toContain("algorithm=MD5");
        const authorization = answerChallenge(unauthorized, "alice", "alice-secret");
        expect(authorization).toContain("algorithm=SHA-256");
        alice.register({ cseq: 2, headers: [["Authorization", authorization]] });
        flush();
        expect(statuses(alice.received)).toEqual([401, 200]);
        expect(registrar.bindings).toHaveLength(1);
      },
      { auth: { ...auth, algorithm: ["SHA-256", "MD5"] } },
    );
  });

  it("a nonce older than nonceLifetime draws a new challenge with stale=true (RFC 7616 §3.3)", () => {
    virtualWorld(
      ({ client, flush, scheduler }) => {
        const alice = client("alice");
        alice.register();
        flush();
        const authorization = answerChallenge(alice.responses()[0]!, "alice", "alice-secret");
        scheduler.schedule(() => alice.register({ cseq: 2, headers: [["Authorization", authorization]] }), 31_000);
        flush(31_000);
        expect(statuses(alice.received)).toEqual([401, 401]);
        expect(alice.responses()[1]!.getHeader("www-authenticate")).toMatch(/stale=true$/);
      },
      { auth: { ...auth, nonceLifetime: 30 } },
    );
  });
});

describe("Registrar on an in-memory network: proxying (RFC 3261 §16)", () => {
  it("forwards a MESSAGE to the registered contact and relays the 200 back without its own Via", () => {
    virtualWorld(({ client, flush }) => {
      const alice = client("alice");
      const bob = client("bob");
      bob.register();
      flush();
      alice.send("MESSAGE", "sip:bob@example.test", { body: "hello", branch: "z9hG4bKalice1" });
      flush();
      const message = bob.requests("MESSAGE")[0]!;
      expect(message.ruri.toString()).toBe("sip:bob@bob.test:5060");
      expect(message.vias.map((v) => v.sentBy)).toEqual([REGISTRAR, "alice.test:5060"]);
      expect(message.via.branch).toMatch(/^z9hG4bK/);
      expect(message.maxForwards).toBe(69);
      expect(message.hasHeader("record-route")).toBe(false);
      expect(message.body).toBe("hello");
      bob.reply(message, 200, "OK", { toTag: "bobtag" });
      flush();
      const ok = alice.responses()[0]!;
      expect(ok.statusCode).toBe(200);
      expect(ok.vias.map((v) => v.branch)).toEqual(["z9hG4bKalice1"]);
    });
  });

  it("answers 404 for a user nobody registered, 483 when Max-Forwards is 0, 200 to OPTIONS for itself", () => {
    virtualWorld(({ client, flush }) => {
      const alice = client("alice");
      const bob = client("bob");
      bob.register();
      flush();
      alice.send("MESSAGE", "sip:carol@example.test");
      flush();
      alice.send("MESSAGE", "sip:bob@example.test", { maxForwards: 0 });
      flush();
      alice.send("OPTIONS", `sip:${REGISTRAR}`);
      flush();
      expect(statuses(alice.received)).toEqual([404, 483, 200]);
      expect(alice.responses()[2]!.getHeader("allow")).toContain("REGISTER");
      expect(bob.requests()).toEqual([]);
    });
  });

  it("absorbs the ACK of its own 404 to an INVITE (the INVITE server transaction), forwarding nothing", () => {
    virtualWorld(({ client, flush, registrar }) => {
      const out: string[] = [];
      registrar.log$.subscribe((e) => out.push(`${e.direction} ${e.message.isRequest ? e.message.method : e.message.statusCode}`));
      const alice = client("alice");
      alice.send("INVITE", "sip:carol@example.test", { branch: "z9hG4bKinv404", callId: "c404", fromTag: "a1" });
      flush();
      const notFound = alice.responses()[0]!;
      expect(notFound.statusCode).toBe(404);
      alice.send("ACK", "sip:carol@example.test", { branch: "z9hG4bKinv404", callId: "c404", fromTag: "a1", toTag: notFound.to.tag! });
      flush();
      expect(out).toEqual(["in INVITE", "out 404", "in ACK"]);
    });
  });

  it("forwards CANCEL where its INVITE went, with the INVITE's branch, and relays the 200 and the 487", () => {
    virtualWorld(({ client, flush }) => {
      const alice = client("alice");
      const bob = client("bob");
      bob.register();
      flush();
      const common = { branch: "z9hG4bKinvite7", callId: "call7", fromTag: "at7", cseq: 1 };
      alice.send("INVITE", "sip:bob@example.test", { ...common, contact: "<sip:alice@alice.test:5060>" });
      flush();
      const invite = bob.requests("INVITE")[0]!;
      bob.reply(invite, 180, "Ringing", { toTag: "bt7" });
      flush();
      alice.send("CANCEL", "sip:bob@example.test", common);
      flush();
      const cancel = bob.requests("CANCEL")[0]!;
      expect(cancel.via.branch).toBe(invite.via.branch);
      expect(cancel.ruri.toString()).toBe(invite.ruri.toString());
      bob.reply(cancel, 200, "OK", { toTag: "bt7" });
      bob.reply(invite, 487, "Request Terminated", { toTag: "bt7" });
      flush();
      expect(statuses(alice.received)).toEqual([180, 200, 487]);
      alice.send("ACK", "sip:bob@example.test", { ...common, toTag: "bt7" });
      flush();
      const ack = bob.requests("ACK")[0]!;
      expect(ack.via.branch).toBe(invite.via.branch);
    });
  });

  it("answers 481 to a CANCEL for an INVITE it never forwarded", () => {
    virtualWorld(({ client, flush }) => {
      const alice = client("alice");
      alice.send("CANCEL", "sip:bob@example.test");
      flush();
      expect(statuses(alice.received)).toEqual([481]);
    });
  });

  it("serves only the configured domain: a REGISTER for another domain gets 404", () => {
    virtualWorld(
      ({ client, flush, registrar }) => {
        const alice = client("alice");
        alice.send("REGISTER", "sip:elsewhere.test", { contact: "<sip:alice@alice.test:5060>" });
        alice.send("REGISTER", "sip:example.test", { contact: "<sip:alice@alice.test:5060>" });
        flush();
        expect(statuses(alice.received)).toEqual([404, 200]);
        expect(registrar.bindings).toHaveLength(1);
      },
      { domain: "example.test" },
    );
  });

  it("stop() cancels every timer: nothing is left scheduled", () => {
    virtualWorld(({ client, flush, registrar, scheduler }) => {
      const alice = client("alice");
      alice.register();
      alice.send("INVITE", "sip:nobody@example.test");
      scheduler.schedule(() => void registrar.stop(), 1000);
      flush(3_600_000);
      expect(scheduler.actions).toHaveLength(0);
      expect(registrar.bindings).toEqual([]);
    });
  });
});
