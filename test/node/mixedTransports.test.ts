import { afterEach, describe, expect, it } from "vitest";
import { UserAgent } from "../../src/index.js";
import { NodeTransport } from "../../src/node.js";
import { fakeSessionDescriptionHandlerFactory } from "../../src/testing/index.js";
import { until } from "../streams/helpers/observe.js";
import { UdpPeer } from "../streams/helpers/udpPeer.js";

/**
 * A user agent that listens on TCP and UDP at once: the timers of a server transaction
 * follow the transport its request came over (RFC 3261 §17.2), not the first listener's.
 */
const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("listening on TCP and UDP", () => {
  it("a MESSAGE retransmitted over UDP after the 200 was lost gets the 200 again and reaches the app once (§17.2.2)", async () => {
    const ua = new UserAgent({
      uri: UserAgent.makeURI("sip:alice@example.test")!,
      transportConstructor: NodeTransport,
      transportOptions: { listen: [{ protocol: "TCP", host: "127.0.0.1", port: 0 }, { protocol: "UDP", host: "127.0.0.1", port: 0 }] },
      sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
      logBuiltinEnabled: false,
    });
    cleanups.push(() => ua.stop());
    const delivered: string[] = [];
    ua.delegate = {
      onMessage: (m) => {
        delivered.push(m.request.body);
        void m.accept();
      },
    };
    await ua.start();
    const port = (ua.transport as NodeTransport).localAddresses.find((a) => a.protocol === "UDP")!.port;
    const peer = await UdpPeer.start();
    cleanups.push(() => peer.stop());
    const message =
      `MESSAGE sip:alice@127.0.0.1:${port} SIP/2.0\r\n` +
      `Via: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bKmixed1;rport\r\n` +
      `Max-Forwards: 70\r\nFrom: <sip:bob@example.test>;tag=b1\r\nTo: <sip:alice@example.test>\r\n` +
      `Call-ID: mixed1@test\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi`;
    await peer.send(message, port);
    await until(() => peer.received.length === 1, 2000, "the 200");
    // the 200 is "lost": Timer E sends the MESSAGE again
    await peer.send(message, port);
    await until(() => peer.received.length === 2, 2000, "the 200 again");
    expect(peer.received.map((r) => r.text.split("\r\n")[0])).toEqual(["SIP/2.0 200 OK", "SIP/2.0 200 OK"]);
    await new Promise((r) => setTimeout(r, 100));
    expect(delivered).toEqual(["hi"]);
  });
});
