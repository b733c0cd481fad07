import { describe, expect, it } from "vitest";
import { orderServers, parseServer } from "../../src/streams/transports/parseServer.js";
import { randomInvalidHost } from "../../src/streams/transports/invalidHost.js";
import { redactServer, TransportError } from "../../src/streams/TransportError.js";

const pick = (s: string) => {
  const t = parseServer(s);
  return { protocol: t.protocol, host: t.host, port: t.port, url: t.url };
};

describe("parseServer", () => {
  it.each([
    ["udp://127.0.0.1:5070", { protocol: "UDP", host: "127.0.0.1", port: 5070, url: undefined }],
    ["tcp://127.0.0.1", { protocol: "TCP", host: "127.0.0.1", port: 5060, url: undefined }],
    ["tls://sip.example.com", { protocol: "TLS", host: "sip.example.com", port: 5061, url: undefined }],
    ["ws://127.0.0.1:8080/sip", { protocol: "WS", host: "127.0.0.1", port: 8080, url: "ws://127.0.0.1:8080/sip" }],
    ["wss://sip.example.com", { protocol: "WSS", host: "sip.example.com", port: 443, url: "wss://sip.example.com" }],
    ["tcp://[::1]:5062", { protocol: "TCP", host: "::1", port: 5062, url: undefined }],
    ["sip:127.0.0.1:5080", { protocol: "UDP", host: "127.0.0.1", port: 5080, url: undefined }],
    ["sip:127.0.0.1:5080;transport=tcp", { protocol: "TCP", host: "127.0.0.1", port: 5080, url: undefined }],
    ["sip:proxy.example.com;lr;transport=TLS", { protocol: "TLS", host: "proxy.example.com", port: 5061, url: undefined }],
    ["sips:proxy.example.com", { protocol: "TLS", host: "proxy.example.com", port: 5061, url: undefined }],
    ["sips:[2001:db8::1]:5071;transport=tcp", { protocol: "TLS", host: "2001:db8::1", port: 5071, url: undefined }],
    ["sip:alice@127.0.0.1:5090;transport=ws", { protocol: "WS", host: "127.0.0.1", port: 5090, url: "ws://127.0.0.1:5090/" }],
    ["sips:127.0.0.1;transport=ws", { protocol: "WSS", host: "127.0.0.1", port: 443, url: "wss://127.0.0.1/" }],
  ])("reads %s", (server, expected) => {
    expect(pick(server)).toEqual(expected);
  });

  it.each(["127.0.0.1:5060", "http://example.com", "sip:;transport=tcp", "sip:host:99999", "sip:host;transport=sctp", "tcp://"])(
    "refuses %s with INVALID_SERVER",
    (server) => {
      let error: unknown;
      try {
        parseServer(server);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).code).toBe("INVALID_SERVER");
    },
  );

  it("orders by priority, lower first, keeping the given order among equals", () => {
    const order = orderServers([
      parseServer("tcp://c", 5),
      parseServer("tcp://a", 1),
      parseServer("tcp://b", 5),
      parseServer("tcp://d", 0),
    ]).map((t) => t.host);
    expect(order).toEqual(["d", "a", "c", "b"]);
  });

  it("never shows user info", () => {
    expect(redactServer("wss://alice:pw@sip.example.com/ws")).toBe("wss://sip.example.com/ws");
    expect(redactServer("sip:alice:pw@127.0.0.1;transport=tcp")).toBe("sip:127.0.0.1;transport=tcp");
    expect(parseServer("tcp://u:p@127.0.0.1:5060").label).toBe("tcp://127.0.0.1:5060");
  });
});

describe("randomInvalidHost (RFC 7118 §5.2)", () => {
  it("is a random name under .invalid", () => {
    const a = randomInvalidHost();
    expect(a).toMatch(/^[a-z0-9]{12}\.invalid$/);
    expect(randomInvalidHost()).not.toBe(a);
    expect(randomInvalidHost(4)).toMatch(/^[a-z0-9]{4}\.invalid$/);
  });
});
