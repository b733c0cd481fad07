import { describe, expect, it } from "vitest";
import type { SipMessageAny } from "../../src/core/messages/index.js";
import { InMemoryNetwork, NetworkError, routeMessage } from "../../src/testing/index.js";
import { runMarbles } from "../marbles/helpers.js";
import { request, response } from "./wire.js";

/** Opens endpoints at `addresses` on a network in virtual time; `arrivals` says who got what, when. */
function lan(addresses: string[], send: (network: InMemoryNetwork) => void): string[] {
  return runMarbles(({ scheduler }) => {
    const network = new InMemoryNetwork({ scheduler });
    const arrivals: string[] = [];
    for (const address of addresses) {
      const endpoint = network.endpoint(address);
      endpoint.onMessage((m: SipMessageAny) => arrivals.push(`${scheduler.now()} ${endpoint.address} ${m.isRequest ? m.method : m.statusCode}`));
    }
    send(network);
    return arrivals;
  });
}

describe("InMemoryNetwork routing", () => {
  describe("a request (RFC 3261 §8.1.2)", () => {
    it("goes to the Request-URI's host and port when it has no Route", () => {
      const arrivals = lan(["alice.example.test:5060", "bob.example.test:5070"], (n) => {
        n.get("alice.example.test:5060")!.send(request({ ruri: "sip:bob@bob.example.test:5070" }));
      });
      expect(arrivals).toEqual(["0 bob.example.test:5070 OPTIONS"]);
    });

    it("goes to the first Route URI when there is one, not to the Request-URI", () => {
      const arrivals = lan(["alice.example.test:5060", "bob.example.test:5060", "proxy.example.test:5060", "edge.example.test:5060"], (n) => {
        n.get("alice.example.test")!.send(
          request({ routes: ["<sip:proxy.example.test;lr>", "<sip:edge.example.test;lr>"], ruri: "sip:bob@bob.example.test" }),
        );
      });
      expect(arrivals).toEqual(["0 proxy.example.test:5060 OPTIONS"]);
    });

    it("uses the first URI of a comma-separated Route header", () => {
      const arrivals = lan(["alice.example.test:5060", "edge.example.test:5080", "proxy.example.test:5060"], (n) => {
        n.get("alice.example.test")!.send(request({ routes: ["<sip:edge.example.test:5080;lr>, <sip:proxy.example.test;lr>"] }));
      });
      expect(arrivals).toEqual(["0 edge.example.test:5080 OPTIONS"]);
    });

    it("defaults the port to 5060, and to 5061 for a sips: URI", () => {
      expect(routeMessage(request({ ruri: "sip:bob@Bob.Example.TEST" }))).toBe("bob.example.test:5060");
      expect(routeMessage(request({ ruri: "sips:bob@bob.example.test" }))).toBe("bob.example.test:5061");
      expect(routeMessage(request({ ruri: "sip:bob@[2001:db8::1]:5070" }))).toBe("[2001:db8::1]:5070");
    });
  });

  describe("a response (RFC 3261 §18.2.2, RFC 3581 §4)", () => {
    it("goes to the top Via's sent-by host and port when it has no received / rport", () => {
      const arrivals = lan(["bob.example.test:5060", "alice.example.test:5062"], (n) => {
        n.get("bob.example.test")!.send(response(200, "SIP/2.0/UDP alice.example.test:5062;branch=z9hG4bK776asdhds"));
      });
      expect(arrivals).toEqual(["0 alice.example.test:5062 200"]);
    });

    it("goes to `received` and `rport` when the server transport stamped them", () => {
      const arrivals = lan(["bob.example.test:5060", "alice.example.test:5060", "192.0.2.7:40123"], (n) => {
        n.get("bob.example.test")!.send(response(200, "SIP/2.0/UDP alice.example.test:5060;branch=z9hG4bK1;received=192.0.2.7;rport=40123"));
      });
      expect(arrivals).toEqual(["0 192.0.2.7:40123 200"]);
    });

    it("goes to `received` at the sent-by port when rport is absent or empty", () => {
      const arrivals = lan(["bob.example.test:5060", "192.0.2.7:5062"], (n) => {
        n.get("bob.example.test")!.send(response(180, "SIP/2.0/UDP alice.example.test:5062;branch=z9hG4bK1;received=192.0.2.7", "Ringing"));
        n.get("bob.example.test")!.send(response(200, "SIP/2.0/UDP alice.example.test:5062;branch=z9hG4bK1;received=192.0.2.7;rport"));
      });
      expect(arrivals).toEqual(["0 192.0.2.7:5062 180", "0 192.0.2.7:5062 200"]);
    });

    it("uses only the top Via", () => {
      const arrivals = lan(["bob.example.test:5060", "proxy.example.test:5060", "alice.example.test:5060"], (n) => {
        n.get("bob.example.test")!.send(response(200, "SIP/2.0/UDP proxy.example.test;branch=z9hG4bK2, SIP/2.0/UDP alice.example.test;branch=z9hG4bK1"));
      });
      expect(arrivals).toEqual(["0 proxy.example.test:5060 200"]);
    });

    it("to an address where nobody listens is dropped and logged, not thrown", () => {
      runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler });
        const bob = network.endpoint("bob.example.test:5060");
        expect(() => bob.send(response(200, "SIP/2.0/UDP gone.example.test;branch=z9hG4bK1"))).not.toThrow();
        expect(network.log).toEqual([
          expect.objectContaining({ from: "bob.example.test:5060", to: "gone.example.test:5060", dropped: true, reason: "unreachable" }),
        ]);
      });
    });

    it("from a reliable endpoint reaches a reliable client whose Via names a .invalid host (RFC 7118 §5.2)", () => {
      const arrivals = runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler });
        const client = network.endpoint("client.example.test:50000", { reliable: true, protocol: "WS", viaHost: "df7jal23ls0d.invalid" });
        const server = network.endpoint("server.example.test:5060", { reliable: true, protocol: "WS" });
        const got: string[] = [];
        client.onMessage((m) => got.push(`${scheduler.now()} ${m.isResponse ? m.statusCode : ""}`));
        expect(client.viaHost).toBe("df7jal23ls0d.invalid");
        server.send(response(200, "SIP/2.0/WS df7jal23ls0d.invalid:50000;branch=z9hG4bK1"));
        return got;
      });
      expect(arrivals).toEqual(["0 200"]);
    });
  });

  describe("to an address where nobody listens", () => {
    it("a request makes send throw NetworkError UNREACHABLE (which a transaction reports as a TransportError)", () => {
      runMarbles(({ scheduler }) => {
        const network = new InMemoryNetwork({ scheduler });
        const alice = network.endpoint("alice.example.test:5060");
        let error: unknown;
        try {
          alice.send(request({ ruri: "sip:nobody@nowhere.example.test" }));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(NetworkError);
        expect(error).toMatchObject({ code: "UNREACHABLE", from: "alice.example.test:5060", to: "nowhere.example.test:5060" });
        expect(network.log).toEqual([expect.objectContaining({ to: "nowhere.example.test:5060", dropped: true, reason: "unreachable" })]);
      });
    });

    it("a request to an endpoint that closed is unreachable too", () => {
      const network = new InMemoryNetwork();
      const alice = network.endpoint("alice.example.test:5060");
      network.endpoint("bob.example.test:5060").close();
      expect(() => alice.send(request())).toThrow(expect.objectContaining({ code: "UNREACHABLE" }));
      network.close();
    });
  });

  describe("endpoints", () => {
    it("take viaHost / viaPort from their address, and protocol from reliability", () => {
      const network = new InMemoryNetwork();
      const udp = network.endpoint("Alice.Example.TEST:5062");
      const tcp = network.endpoint("bob.example.test", { reliable: true });
      const ws = network.endpoint("[2001:db8::5]:8080", { reliable: true, protocol: "WSS" });
      expect([udp.address, udp.viaHost, udp.viaPort, udp.protocol, udp.reliable]).toEqual(["alice.example.test:5062", "alice.example.test", 5062, "UDP", false]);
      expect([tcp.address, tcp.viaHost, tcp.viaPort, tcp.protocol, tcp.reliable]).toEqual(["bob.example.test:5060", "bob.example.test", undefined, "TCP", true]);
      expect([ws.address, ws.viaHost, ws.viaPort, ws.protocol]).toEqual(["[2001:db8::5]:8080", "[2001:db8::5]", 8080, "WSS"]);
      network.close();
    });

    it("refuse a second endpoint at the same address, and a malformed address", () => {
      const network = new InMemoryNetwork();
      network.endpoint("alice.example.test:5060");
      expect(() => network.endpoint("alice.example.test")).toThrow(expect.objectContaining({ code: "ADDRESS_IN_USE" }));
      expect(() => network.endpoint("sip:alice@example.test")).toThrow(expect.objectContaining({ code: "INVALID_ADDRESS" }));
      expect(() => network.endpoint("alice.example.test:70000")).toThrow(expect.objectContaining({ code: "INVALID_ADDRESS" }));
      network.close();
    });

    it("free their address on close, and refuse to send after it", () => {
      const network = new InMemoryNetwork();
      const alice = network.endpoint("alice.example.test:5060");
      network.endpoint("bob.example.test:5060");
      alice.close();
      expect(alice.closed).toBe(true);
      expect(() => alice.send(request())).toThrow(expect.objectContaining({ code: "ENDPOINT_CLOSED" }));
      expect(network.endpoint("alice.example.test:5060").closed).toBe(false);
      network.close();
    });

    it("a message that names no address makes send throw NO_ROUTE", () => {
      const network = new InMemoryNetwork();
      const alice = network.endpoint("alice.example.test:5060");
      const noVia = response(200, "SIP/2.0/UDP alice.example.test");
      noVia.removeHeader("Via");
      expect(() => alice.send(noVia)).toThrow(expect.objectContaining({ code: "NO_ROUTE" }));
      network.close();
    });
  });
});
