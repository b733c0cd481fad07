import { describe, expect, it } from "vitest";
import { ParseError, type SipMessageAny, type SipRequest, type SipResponse } from "../../src/core/messages/index.js";
import { buildResponse, NonInviteClientTransaction, TransportError } from "../../src/core/transactions/index.js";
import { InMemoryNetwork, NetworkError, type WireRecord } from "../../src/testing/index.js";
import { runMarbles } from "../marbles/helpers.js";
import { request, response } from "./wire.js";

describe("InMemoryNetwork", () => {
  describe("delivery", () => {
    it("is never made from inside send: it waits for the scheduler, even with no delay", async () => {
      const network = new InMemoryNetwork();
      const alice = network.endpoint("alice.example.test:5060");
      const bob = network.endpoint("bob.example.test:5060");
      const arrived: SipMessageAny[] = [];
      bob.onMessage((m) => arrived.push(m));
      alice.send(request());
      expect(arrived).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(arrived).toHaveLength(1);
      network.close();
    });

    it("a peer that answers at once does not re-enter its sender", () => {
      const events = runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler });
        const alice = network.endpoint("alice.example.test:5060");
        const bob = network.endpoint("bob.example.test:5060");
        const log: string[] = [];
        bob.onMessage((m) => {
          log.push(`${scheduler.now()} bob got ${(m as SipRequest).method}`);
          bob.send(buildResponse(m as SipRequest, 200, "OK", "b0b"));
          log.push(`${scheduler.now()} bob answered`);
        });
        alice.onMessage((m) => log.push(`${scheduler.now()} alice got ${(m as SipResponse).statusCode}`));
        log.push("alice sends");
        alice.send(request());
        log.push("alice sent");
        return log;
      });
      expect(events).toEqual(["alice sends", "alice sent", "0 bob got OPTIONS", "0 bob answered", "0 alice got 200"]);
    });

    it("carries text: the receiver gets a message parsed from what was on the wire, not the sender's object", () => {
      const { sent, got } = runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler });
        const alice = network.endpoint("alice.example.test:5060");
        const bob = network.endpoint("bob.example.test:5060");
        const sent = request();
        sent.body = "héllo";
        alice.send(sent);
        sent.setHeader("Subject", "changed after send");
        return { sent, got: bob.received };
      });
      expect(got).toHaveLength(1);
      expect(got[0]).not.toBe(sent);
      expect(got[0]!.getHeader("Subject")).toBeUndefined();
      expect(got[0]!.body).toBe("héllo");
      expect(got[0]!.getHeader("Content-Length")).toBe("6");
    });

    it("uses asyncScheduler by default (virtualised inside TestScheduler.run)", () => {
      const times = runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ delay: 15 });
        const alice = network.endpoint("alice.example.test:5060");
        const bob = network.endpoint("bob.example.test:5060");
        const t: number[] = [];
        bob.onMessage(() => t.push(scheduler.now()));
        alice.send(request());
        return t;
      });
      expect(times).toEqual([15]);
    });

    it("messages$ is hot: it completes when the endpoint closes, and a subscriber stops with its Subscription", () => {
      runMarbles(({ scheduler, expectObservable }) => {
        const network = new InMemoryNetwork({ scheduler });
        const alice = network.endpoint("alice.example.test:5060");
        const bob = network.endpoint("bob.example.test:5060");
        const got: number[] = [];
        const subscription = bob.onMessage(() => got.push(scheduler.now()));
        scheduler.schedule(() => alice.send(request()), 5);
        scheduler.schedule(() => subscription.unsubscribe(), 6);
        scheduler.schedule(() => alice.send(request()), 7);
        scheduler.schedule(() => bob.close(), 10);
        expectObservable(bob.messages$).toBe("5ms a 1ms b 2ms |", { a: expect.anything(), b: expect.anything() });
        scheduler.schedule(() => expect(got).toEqual([5]), 20);
      });
    });
  });

  describe("the wire log", () => {
    it("records every message sent with when, from, to, the exact text and when it arrives", () => {
      let sent!: SipRequest;
      const { network, streamed } = runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler, delay: 12 });
        const streamed: WireRecord[] = [];
        network.log$.subscribe((r) => streamed.push(r));
        const alice = network.endpoint("alice.example.test:5060");
        const bob = network.endpoint("bob.example.test:5060");
        sent = request();
        bob.onMessage((m) => bob.send(buildResponse(m as SipRequest, 200, "OK", "b0b")));
        scheduler.schedule(() => alice.send(sent), 3);
        return { network, streamed };
      });
      expect(network.log).toEqual([
        { at: 3, from: "alice.example.test:5060", to: "bob.example.test:5060", text: sent.toString(), deliverAt: 15 },
        { at: 15, from: "bob.example.test:5060", to: "alice.example.test:5060", text: expect.stringMatching(/^SIP\/2\.0 200 OK\r\n/), deliverAt: 27 },
      ]);
      expect(streamed).toEqual(network.log);
    });

    it("log$ completes when the network closes", () => {
      runMarbles(({ scheduler, expectObservable }) => {
        const network = new InMemoryNetwork({ scheduler });
        scheduler.schedule(() => network.close(), 4);
        expectObservable(network.log$).toBe("----|");
      });
    });
  });

  describe("raw text", () => {
    it("sendRaw puts hand-written text on the wire; what does not parse arrives on errors$ as MALFORMED", () => {
      const { got, errors } = runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler });
        const tester = network.endpoint("tester.example.test:5060");
        const bob = network.endpoint("bob.example.test:5060");
        const errors: NetworkError[] = [];
        bob.errors$.subscribe((e) => errors.push(e));
        tester.sendRaw("bob.example.test", request().toString());
        tester.sendRaw("bob.example.test:5060", "NOT SIP AT ALL\r\n\r\n");
        return { got: bob.received, errors };
      });
      expect(got.map((m) => (m as SipRequest).method)).toEqual(["OPTIONS"]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ code: "MALFORMED", from: "tester.example.test:5060", to: "bob.example.test:5060" });
      expect(errors[0]!.cause).toBeInstanceOf(ParseError);
    });

    it("sendRaw to an address where nobody listens throws UNREACHABLE", () => {
      const network = new InMemoryNetwork();
      const tester = network.endpoint("tester.example.test:5060");
      expect(() => tester.sendRaw("nobody.example.test:5060", "x")).toThrow(NetworkError);
      network.close();
    });
  });

  describe("close", () => {
    it("network.close() cancels deliveries in flight and closes every endpoint", () => {
      const { got, alice } = runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler, delay: 50 });
        const alice = network.endpoint("alice.example.test:5060");
        const bob = network.endpoint("bob.example.test:5060");
        alice.send(request());
        scheduler.schedule(() => network.close(), 10);
        return { got: bob.received, alice };
      });
      expect(got).toEqual([]);
      expect(alice.closed).toBe(true);
      expect(() => new InMemoryNetwork().close()).not.toThrow();
    });

    it("a message in flight to an endpoint that closes is not delivered", () => {
      const got = runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler, delay: 50 });
        const alice = network.endpoint("alice.example.test:5060");
        const bob = network.endpoint("bob.example.test:5060");
        alice.send(request());
        scheduler.schedule(() => bob.close(), 10);
        return bob.received;
      });
      expect(got).toEqual([]);
    });

    it("endpoint() after network.close() throws NETWORK_CLOSED", () => {
      const network = new InMemoryNetwork();
      network.close();
      expect(() => network.endpoint("alice.example.test")).toThrow(expect.objectContaining({ code: "NETWORK_CLOSED" }));
    });
  });

  describe("as the transport of a transaction (RFC 3261 §17.1.2)", () => {
    it("a non-INVITE client transaction over lossy UDP gets its answer through retransmission (Timer E)", () => {
      const { events, network } = runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler, seed: 3, loss: 0.5, delay: 10 });
        const alice = network.endpoint("alice.example.test:5060");
        const bob = network.endpoint("bob.example.test:5060");
        bob.onMessage((m) => bob.send(buildResponse(m as SipRequest, 200, "OK", "b0b")));
        const events: string[] = [];
        const tx = new NonInviteClientTransaction(request(), alice, { onResponse: (r) => events.push(`${scheduler.now()} ${r.statusCode}`) }, { scheduler });
        alice.onMessage((m) => tx.receiveResponse(m as SipResponse));
        tx.start();
        return { events, network };
      });
      // seed 3: the first 200 and the retransmission at T1 are lost; the one at 3*T1 gets through
      expect(network.log.map((r) => `${r.at} ${r.text.split(" ")[0]} ${r.deliverAt ?? r.reason}`)).toEqual([
        "0 OPTIONS 10",
        "10 SIP/2.0 loss",
        "500 OPTIONS loss",
        "1500 OPTIONS 1510",
        "1510 SIP/2.0 1520",
      ]);
      expect(events).toEqual(["1520 200"]);
    });

    it("a request to nowhere ends the transaction with a TransportError caused by NetworkError UNREACHABLE (§17.1.4)", () => {
      const errors = runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler });
        const alice = network.endpoint("alice.example.test:5060");
        const errors: TransportError[] = [];
        const tx = new NonInviteClientTransaction(request(), alice, { onResponse: () => {}, onTransportError: (e) => errors.push(e) }, { scheduler });
        tx.start();
        return errors;
      });
      expect(errors).toHaveLength(1);
      expect(errors[0]!.cause).toMatchObject({ name: "NetworkError", code: "UNREACHABLE" });
    });
  });

  it("responses routed back by Via reach the sender (request out, response back)", () => {
    const got = runMarbles(({ scheduler }) => {
      const network = new InMemoryNetwork({ scheduler });
      const alice = network.endpoint("alice.example.test:5060");
      const bob = network.endpoint("bob.example.test:5060");
      bob.onMessage((m) => bob.send(buildResponse(m as SipRequest, 486, "Busy Here", "b0b")));
      alice.send(request());
      bob.send(response(100, "SIP/2.0/UDP alice.example.test:5060;branch=z9hG4bKx", "Trying"));
      return alice.received;
    });
    expect(got.map((m) => (m as SipResponse).statusCode)).toEqual([100, 486]);
  });
});
