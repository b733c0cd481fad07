import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ParseError } from "../../src/core/messages/errors.js";
import { parseMessage } from "../../src/core/messages/parseMessage.js";
import type { SipRequest } from "../../src/core/messages/SipRequest.js";
import { NodeTransport } from "../../src/streams/transports/node/NodeTransport.js";
import { record, sipRequest, sipResponse, statusNames, until, waitFor } from "./helpers/observe.js";
import { UdpPeer } from "./helpers/udpPeer.js";

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function udpPeer(port = 0): Promise<UdpPeer> {
  const p = await UdpPeer.start(port);
  cleanups.push(() => p.stop());
  return p;
}

function make(options: ConstructorParameters<typeof NodeTransport>[1]): NodeTransport {
  const t = new NodeTransport(undefined, { localAddress: "127.0.0.1", ...options });
  cleanups.push(() => t.dispose());
  return t;
}

/** A TCP server and a UDP peer on the same port number of 127.0.0.1. */
async function tcpAndUdpOnOnePort(): Promise<{ udp: UdpPeer; tcp: Server; tcpText: () => string; sockets: Socket[] }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const tcp = createServer();
    await new Promise<void>((r) => tcp.listen(0, "127.0.0.1", r));
    const port = (tcp.address() as { port: number }).port;
    try {
      const udp = await udpPeer(port);
      const chunks: Buffer[] = [];
      const sockets: Socket[] = [];
      tcp.on("connection", (s: Socket) => {
        sockets.push(s);
        s.on("data", (d: Buffer) => chunks.push(d));
        s.on("error", () => undefined);
      });
      cleanups.push(
        () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            tcp.close(() => r());
          }),
      );
      return { udp, tcp, tcpText: () => Buffer.concat(chunks).toString(), sockets };
    } catch {
      await new Promise<void>((r) => tcp.close(() => r()));
    }
  }
  throw new Error("no port free for both TCP and UDP");
}

describe("NodeTransport over UDP", () => {
  it("connects to udp://, sends a request and receives the response on the same socket", async () => {
    const peer = await udpPeer();
    const t = make({ server: `udp://127.0.0.1:${peer.port}` });
    expect(t.protocol).toBe("UDP");
    expect(t.reliable).toBe(false);
    const states = record(t.state$);
    const messages = record(t.messages$);
    await t.connect();
    peer.onMessage = (text, from) => void peer.send(sipResponse(text), from.port);
    const request = sipRequest({ via: `SIP/2.0/UDP ${t.viaHost}:${t.viaPort};branch=z9hG4bKudp1;rport` });
    await t.send(request);
    await until(() => messages.values.length === 1);
    const res = messages.values[0]!;
    expect(res.isResponse && res.statusCode).toBe(200);
    expect(peer.received[0]!.text).toBe(request);
    // the socket that sent is the one that received: the peer saw the advertised port
    expect(peer.received[0]!.from.port).toBe(t.viaPort);
    expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected"]);
  });

  it("sip:host:port (no transport parameter) is UDP", async () => {
    const peer = await udpPeer();
    const t = make({ server: `sip:127.0.0.1:${peer.port}` });
    await t.connect();
    expect(t.protocol).toBe("UDP");
    await t.send(sipRequest());
    await until(() => peer.received.length === 1);
  });

  it("sends a request larger than 1300 octets over TCP to the same address, Via changed to TCP (RFC 3261 §18.1.1)", async () => {
    const { udp, tcpText, sockets } = await tcpAndUdpOnOnePort();
    const t = make({ server: `udp://127.0.0.1:${udp.port}` });
    const messages = record(t.messages$);
    await t.connect();
    const small = sipRequest({ via: "SIP/2.0/UDP host.invalid;branch=z9hG4bKsmall;rport" });
    const big = sipRequest({ via: "SIP/2.0/UDP host.invalid;branch=z9hG4bKbig;rport", size: 2000 });
    expect(Buffer.byteLength(big)).toBeGreaterThan(1300);
    await t.send(small);
    await t.send(big);
    await until(() => udp.received.length === 1 && tcpText().length > 0 && tcpText().endsWith("\r\n\r\n"));
    expect(udp.received[0]!.text).toContain("z9hG4bKsmall");
    const overTcp = parseMessage(tcpText()) as SipRequest;
    expect(overTcp.via.transport).toBe("TCP");
    expect(overTcp.via.branch).toBe("z9hG4bKbig");
    expect(overTcp.getHeader("X-Pad")).toBeDefined();
    // the response comes back on that TCP connection
    sockets[0]!.write(sipResponse(tcpText()));
    await until(() => messages.values.length === 1);
    expect(messages.values[0]!.via.branch).toBe("z9hG4bKbig");
    expect(t.connectionCount).toBe(1);
  });

  it("a peer that listens on UDP only (TCP refused) still gets a large request, over UDP as it was (RFC 3261 §18.1.1 SHOULD)", async () => {
    const udp = await udpPeer(); // nothing listens on TCP at this port: the connection is refused
    const t = make({ server: `udp://127.0.0.1:${udp.port}` });
    await t.connect();
    const big = sipRequest({ via: "SIP/2.0/UDP host.invalid;branch=z9hG4bKbigudp;rport", size: 2000 });
    expect(Buffer.byteLength(big)).toBeGreaterThan(1300);
    await t.send(big);
    await until(() => udp.received.length === 1, 5000, "the request over UDP");
    const got = parseMessage(udp.received[0]!.text) as SipRequest;
    expect(got.via.transport).toBe("UDP");
    expect(got.via.branch).toBe("z9hG4bKbigudp");
    expect(got.getHeader("X-Pad")).toBeDefined();
  });

  it("listens without a server: a request arrives with received / rport and its response goes back to its source", async () => {
    const t = make({ listen: { protocol: "UDP", host: "127.0.0.1", port: 0 } });
    const states = record(t.state$);
    const messages = record(t.messages$);
    await t.connect();
    expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected"]);
    const local = t.localAddresses[0]!;
    expect(local.protocol).toBe("UDP");
    expect(t.viaHost).toBe("127.0.0.1");
    expect(t.viaPort).toBe(local.port);
    const peer = await udpPeer();
    // the peer writes a sent-by that is not where it sends from (behind a NAT, say)
    await peer.send(sipRequest({ via: "SIP/2.0/UDP 192.0.2.1:5999;branch=z9hG4bKnat;rport" }), local.port);
    await until(() => messages.values.length === 1);
    const via = messages.values[0]!.via;
    expect(via.received).toBe("127.0.0.1");
    expect(via.rport).toBe(peer.port);
    await t.send(sipResponse(messages.values[0]!.toString(), 486, "Busy Here"));
    await until(() => peer.received.length === 1);
    expect(peer.received[0]!.text.startsWith("SIP/2.0 486 Busy Here")).toBe(true);
  });

  it("listening, sends a request to its Request-URI when there is no server", async () => {
    const peer = await udpPeer();
    const t = make({ listen: { protocol: "UDP", host: "127.0.0.1", port: 0 } });
    await t.connect();
    await t.send(sipRequest().replace("sip:bob@127.0.0.1 ", `sip:bob@127.0.0.1:${peer.port} `));
    await until(() => peer.received.length === 1);
    expect(peer.received[0]!.from.port).toBe(t.localAddresses[0]!.port);
  });

  it("listening on UDP, a request to a ;transport=tcp URI goes over TCP with its top Via saying TCP (§18.1.1), so its answer comes back on the connection", async () => {
    const { tcp, tcpText, sockets } = await tcpAndUdpOnOnePort();
    const port = (tcp.address() as { port: number }).port;
    const t = make({ listen: { protocol: "UDP", host: "127.0.0.1", port: 0 } });
    const messages = record(t.messages$);
    await t.connect();
    const request = sipRequest({ branch: "z9hG4bKtotcp", via: "SIP/2.0/UDP 127.0.0.1:5099;branch=z9hG4bKtotcp;rport" });
    await t.send(request.replace("sip:bob@127.0.0.1 ", `sip:bob@127.0.0.1:${port};transport=tcp `));
    await until(() => tcpText().includes("\r\n\r\n"), 2000, "the request over TCP");
    const sent = parseMessage(tcpText()) as SipRequest;
    expect(sent.via.transport).toBe("TCP");
    expect(sent.via.branch).toBe("z9hG4bKtotcp");
    // a peer that follows the Via (§18.2.2) answers on the connection the request came on
    sockets[0]!.write(sipResponse(tcpText(), 200, "OK"));
    await until(() => messages.values.length === 1, 2000, "the response");
    expect((messages.values[0] as { statusCode?: number }).statusCode).toBe(200);
  });

  it("drops datagrams it cannot parse into errors$, and goes on", async () => {
    const t = make({ listen: { protocol: "UDP", host: "127.0.0.1", port: 0 } });
    const errors = record(t.errors$);
    const messages = record(t.messages$);
    await t.connect();
    const peer = await udpPeer();
    await peer.send("this is not SIP\r\n\r\n", t.localAddresses[0]!.port);
    await peer.send("\r\n\r\n", t.localAddresses[0]!.port); // keep-alive noise: ignored
    await peer.send(sipRequest(), t.localAddresses[0]!.port);
    await until(() => messages.values.length === 1);
    expect(errors.values).toHaveLength(1);
    expect(errors.values[0]).toBeInstanceOf(ParseError);
  });

  describe("OPTIONS keep-alive (the default on UDP)", () => {
    it("an unanswered OPTIONS ping declares the flow dead: disconnected with KEEPALIVE_TIMEOUT", async () => {
      const peer = await udpPeer();
      const t = make({ server: `udp://127.0.0.1:${peer.port}`, keepAliveInterval: 0.05, keepAliveTimeout: 0.1 });
      const states = record(t.state$);
      await t.connect();
      const s = await waitFor(t.state$, (x) => x.type === "disconnected", 3000);
      expect(s.type === "disconnected" && s.error?.code).toBe("KEEPALIVE_TIMEOUT");
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected", "disconnected:KEEPALIVE_TIMEOUT"]);
      const ping = parseMessage(peer.received[0]!.text) as SipRequest;
      expect(ping.method).toBe("OPTIONS");
      expect(ping.ruri.toString()).toBe(`sip:127.0.0.1:${peer.port}`);
      expect(ping.via.transport).toBe("UDP");
      expect(ping.via.rport).toBeNull();
    });

    it("a lost OPTIONS ping is retransmitted (Timer E, RFC 3261 §17.1.2.2): one lost datagram does not disconnect", async () => {
      const peer = await udpPeer();
      // the first datagram is lost on the way; every later one is answered
      peer.onMessage = (text, from) => {
        if (peer.received.length > 1) void peer.send(sipResponse(text, 200, "OK"), from.port);
      };
      const t = make({ server: `udp://127.0.0.1:${peer.port}`, keepAliveInterval: 0.05, keepAliveTimeout: 1.5 });
      const states = record(t.state$);
      await t.connect();
      await until(() => peer.received.length >= 2, 2500, "a retransmission of the ping");
      const [first, again] = peer.received.map((r) => parseMessage(r.text) as SipRequest);
      // the same request again: same branch, same CSeq
      expect(again!.via.branch).toBe(first!.via.branch);
      expect(again!.cseq.seq).toBe(first!.cseq.seq);
      const gap = peer.received[1]!.at - peer.received[0]!.at;
      expect(gap).toBeGreaterThanOrEqual(400); // T1
      await new Promise((r) => setTimeout(r, 1500)); // past the keep-alive timeout of the first ping
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected"]);
    });

    it("the OPTIONS ping's Via names the port the socket listens on, so a server that ignores rport answers there (RFC 3261 §18.1.1, §18.2.2)", async () => {
      const peer = await udpPeer();
      // an RFC 3261 server without RFC 3581: the answer goes to the Via sent-by port (5060 when
      // absent, where nothing of ours listens: not sent here)
      peer.onMessage = (text) => {
        const port = (parseMessage(text) as SipRequest).via.port;
        if (port !== undefined) void peer.send(sipResponse(text, 200, "OK"), port);
      };
      const t = make({ server: `udp://127.0.0.1:${peer.port}`, keepAliveInterval: 0.05, keepAliveTimeout: 0.3 });
      const states = record(t.state$);
      await t.connect();
      await until(() => peer.received.length >= 3, 3000, "three keep-alives");
      const ping = parseMessage(peer.received[0]!.text) as SipRequest;
      expect(ping.via.port).toBe(t.localAddresses.find((a) => a.protocol === "UDP")!.port);
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected"]);
    });

    it("answered OPTIONS pings keep it up, and their responses do not reach messages$", async () => {
      const peer = await udpPeer();
      peer.onMessage = (text, from) => void peer.send(sipResponse(text, 405, "Method Not Allowed"), from.port);
      const t = make({ server: `udp://127.0.0.1:${peer.port}`, keepAliveInterval: 0.03, keepAliveTimeout: 1 });
      const messages = record(t.messages$);
      await t.connect();
      await until(() => peer.received.length >= 4, 3000);
      expect(t.isConnected()).toBe(true);
      expect(messages.values).toHaveLength(0);
      const cseqs = peer.received.map((r) => (parseMessage(r.text) as SipRequest).cseq.seq);
      expect(cseqs.slice(0, 4)).toEqual([1, 2, 3, 4]);
    });
  });
});
