import { describe, expect, it } from "vitest";
import { NodeTransport } from "../../src/streams/transports/node/NodeTransport.js";
import { WebSocketTransport } from "../../src/streams/transports/WebSocketTransport.js";
import { sipRequest, until } from "./helpers/observe.js";
import { TcpPeer } from "./helpers/tcpPeer.js";
import { UdpPeer } from "./helpers/udpPeer.js";
import { WsPeer } from "./helpers/wsPeer.js";

const SOCKETS = ["TCPSocketWrap", "TCPServerWrap", "UDPWrap", "TLSWrap"];

function openSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => SOCKETS.includes(r)).length;
}

describe("dispose leaves nothing behind", () => {
  it("closes every socket, listener and timer it opened (TCP, UDP, WS, listening)", async () => {
    const tcp = await TcpPeer.start();
    const udp = await UdpPeer.start();
    const ws = await WsPeer.start();
    const baseline = openSockets();
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

    const transports = [
      new NodeTransport(undefined, { server: `tcp://127.0.0.1:${tcp.port}`, keepAliveInterval: 60 }),
      new NodeTransport(undefined, { server: `udp://127.0.0.1:${udp.port}`, localAddress: "127.0.0.1", keepAliveInterval: 60 }),
      new NodeTransport(undefined, { listen: [{ protocol: "TCP", host: "127.0.0.1", port: 0 }, { protocol: "UDP", host: "127.0.0.1", port: 0 }] }),
      new WebSocketTransport(undefined, { server: ws.url, keepAliveInterval: 60 }),
    ];
    for (const t of transports) await t.connect();
    for (const t of [transports[0]!, transports[1]!, transports[3]!]) await t.send(sipRequest());
    await until(() => tcp.sockets.length === 1 && udp.received.length === 1 && ws.received.length === 1);
    expect(openSockets()).toBeGreaterThan(baseline);

    for (const t of transports) await t.dispose();
    await until(() => openSockets() === baseline, 3000, "every socket to close");
    await until(() => tcp.allClosed && ws.allClosed, 3000, "the peers to see the close");
    expect(process.getActiveResourcesInfo().filter((r) => r === "Timeout").length).toBeLessThanOrEqual(timersBefore);

    await tcp.stop();
    await udp.stop();
    await ws.stop();
  });
});
