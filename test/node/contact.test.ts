import { afterEach, describe, expect, it } from "vitest";
import { Inviter, Registerer, UserAgent, type UserAgentOptions } from "../../src/index.js";
import { NodeTransport, type NodeTransportOptions } from "../../src/node.js";
import { fakeSessionDescriptionHandlerFactory } from "../../src/testing/index.js";
import { until } from "../streams/helpers/observe.js";
import { TcpPeer } from "../streams/helpers/tcpPeer.js";
import { UdpPeer } from "../streams/helpers/udpPeer.js";

/**
 * RFC 3261 §8.1.1.8: the Contact of a user agent listening on UDP / TCP is the address it
 * listens on (it is bound only when the user agent starts), not a `.invalid` name.
 */
const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function agent(transportOptions: NodeTransportOptions, extra: Partial<UserAgentOptions> = {}): UserAgent {
  const ua = new UserAgent({
    uri: UserAgent.makeURI("sip:alice@example.test")!,
    transportConstructor: NodeTransport,
    transportOptions,
    contactName: "alice",
    sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
    logBuiltinEnabled: false,
    ...extra,
  });
  cleanups.push(() => ua.stop());
  return ua;
}

function header(text: string, name: string): string | undefined {
  return new RegExp(`\\r\\n${name}: ([^\\r]*)\\r\\n`, "i").exec(text)?.[1];
}

describe("the Contact of a listening user agent (RFC 3261 §8.1.1.8)", () => {
  it("UDP on 127.0.0.1: the REGISTER's Contact is the bound address and port, the same as the Via", async () => {
    const registrar = await UdpPeer.start();
    cleanups.push(() => registrar.stop());
    const ua = agent({ server: `udp://127.0.0.1:${registrar.port}`, listen: { protocol: "UDP", host: "127.0.0.1", port: 0 } });
    await ua.start();
    const port = (ua.transport as NodeTransport).localAddresses.find((a) => a.protocol === "UDP")!.port;
    void new Registerer(ua).register().catch(() => undefined);
    await until(() => registrar.received.length > 0);
    const register = registrar.received[0]!.text;
    expect(header(register, "Contact")).toMatch(new RegExp(`^<sip:alice@127\\.0\\.0\\.1:${port};transport=udp>`));
    expect(header(register, "Via")).toContain(`SIP/2.0/UDP 127.0.0.1:${port};`);
    expect(ua.contact.uri.toString()).toBe(`sip:alice@127.0.0.1:${port};transport=udp`);
    expect(register).not.toContain(".invalid");
  });

  it("UDP bound to every address: the Contact names an address this machine is reached at, not .invalid", async () => {
    const registrar = await UdpPeer.start();
    cleanups.push(() => registrar.stop());
    const ua = agent({ server: `udp://127.0.0.1:${registrar.port}`, listen: { protocol: "UDP", port: 0 } });
    await ua.start();
    const port = (ua.transport as NodeTransport).localAddresses.find((a) => a.protocol === "UDP")!.port;
    void new Registerer(ua).register().catch(() => undefined);
    await until(() => registrar.received.length > 0);
    expect(header(registrar.received[0]!.text, "Contact")).toMatch(new RegExp(`^<sip:alice@127\\.0\\.0\\.1:${port};transport=udp>`));
  });

  it("TCP listener on 127.0.0.1, no server: the INVITE's Contact is the listener's address and port", async () => {
    const peer = await TcpPeer.start();
    cleanups.push(() => peer.stop());
    const ua = agent({ listen: { protocol: "TCP", host: "127.0.0.1", port: 0 } });
    await ua.start();
    const port = (ua.transport as NodeTransport).localAddresses.find((a) => a.protocol === "TCP")!.port;
    const inviter = new Inviter(ua, UserAgent.makeURI(`sip:bob@127.0.0.1:${peer.port};transport=tcp`)!);
    void inviter.invite().catch(() => undefined);
    await until(() => peer.text.includes("\r\n\r\n"));
    expect(header(peer.text, "Contact")).toBe(`<sip:alice@127.0.0.1:${port};transport=tcp>`);
  });

  it("viaHost / viaPort (the address the world sees) win over the bound address", async () => {
    const registrar = await UdpPeer.start();
    cleanups.push(() => registrar.stop());
    const ua = agent({ server: `udp://127.0.0.1:${registrar.port}`, listen: { protocol: "UDP", host: "127.0.0.1", port: 0 }, viaHost: "pbx.example.test", viaPort: 5999 });
    await ua.start();
    void new Registerer(ua).register().catch(() => undefined);
    await until(() => registrar.received.length > 0);
    expect(header(registrar.received[0]!.text, "Contact")).toMatch(/^<sip:alice@pbx\.example\.test:5999;transport=udp>/);
  });
});
