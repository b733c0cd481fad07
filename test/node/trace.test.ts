import { afterEach, describe, expect, it } from "vitest";
import { Registerer, UserAgent, type WireEvent } from "../../src/index.js";
import { NodeTransport } from "../../src/node.js";
import { until } from "../streams/helpers/observe.js";
import { UdpPeer } from "../streams/helpers/udpPeer.js";

/**
 * The SIP trace: `traceSip` (SIP.js's option, on every transport) logs each message at
 * debug level through the logger, `wire$` carries it as a stream, credentials never appear
 * in clear; `incomingMessageFilter` sees (and may veto) a message before the user agent acts.
 */
const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const PASSWORD = "s3cret-pw";

/** A registrar on a UDP socket: 401 with a digest challenge, then 200. */
async function registrar(): Promise<UdpPeer> {
  const peer = await UdpPeer.start();
  cleanups.push(() => peer.stop());
  peer.onMessage = (text, from) => {
    if (!text.startsWith("REGISTER")) return;
    const keep = text.split("\r\n").filter((l) => /^(via|from|to|call-id|cseq):/i.test(l));
    const challenge = !/\r\nAuthorization:/i.test(text);
    const head = challenge ? 'SIP/2.0 401 Unauthorized\r\nWWW-Authenticate: Digest realm="example.test", nonce="n0nce", algorithm=MD5, qop="auth"' : "SIP/2.0 200 OK";
    void peer.send(`${head}\r\n${keep.join("\r\n")}\r\nContent-Length: 0\r\n\r\n`, from.port);
  };
  return peer;
}

describe("SIP trace", () => {
  it("traceSip: true logs every message at debug through the logger, with Authorization redacted; wire$ has direction, flow, time, text", async () => {
    const peer = await registrar();
    const lines: Array<{ level: string; content: string }> = [];
    const ua = new UserAgent({
      uri: UserAgent.makeURI("sip:alice@example.test")!,
      transportConstructor: NodeTransport,
      transportOptions: { server: `udp://127.0.0.1:${peer.port}`, localAddress: "127.0.0.1", traceSip: true },
      authorizationUsername: "alice",
      authorizationPassword: PASSWORD,
      logLevel: "debug",
      logBuiltinEnabled: false,
      logConnector: (level, _category, _label, content) => lines.push({ level, content }),
    });
    cleanups.push(() => ua.stop());
    const wire: WireEvent[] = [];
    ua.wire$.subscribe((e) => wire.push(e));
    await ua.start();
    await new Registerer(ua).register();
    await until(() => wire.filter((e) => e.direction === "in").length === 2, 3000, "the 401 and the 200");
    const traced = lines.filter((l) => l.level === "debug" && /REGISTER sip:|SIP\/2\.0 (401|200)/.test(l.content));
    expect(traced.length).toBe(4);
    expect(wire.map((e) => `${e.direction} ${e.text.slice(0, e.text.indexOf("\r\n"))}`)).toEqual([
      expect.stringMatching(/^out REGISTER sip:/),
      "in SIP/2.0 401 Unauthorized",
      expect.stringMatching(/^out REGISTER sip:/),
      "in SIP/2.0 200 OK",
    ]);
    for (const e of wire) {
      expect(e.flow).toBe(`UDP 127.0.0.1:${peer.port}`);
      expect(typeof e.at).toBe("number");
    }
    const withCredentials = wire[2]!.text;
    expect(withCredentials).toContain("\r\nAuthorization: <redacted>\r\n");
    // the real REGISTER carried a digest response; neither it nor the password is in the trace or the log
    const sent = peer.received.map((r) => r.text).find((t) => /\r\nAuthorization: Digest /.test(t))!;
    const response = /response="([0-9a-f]+)"/.exec(sent)![1]!;
    const everything = lines.map((l) => l.content).join("\n") + wire.map((e) => e.text).join("\n");
    expect(everything).not.toContain(response);
    expect(everything).not.toContain(PASSWORD);
  });

  it("without traceSip nothing is logged at debug about messages, and wire$ still traces", async () => {
    const peer = await registrar();
    const lines: string[] = [];
    const ua = new UserAgent({
      uri: UserAgent.makeURI("sip:alice@example.test")!,
      transportConstructor: NodeTransport,
      transportOptions: { server: `udp://127.0.0.1:${peer.port}`, localAddress: "127.0.0.1" },
      logLevel: "debug",
      logBuiltinEnabled: false,
      logConnector: (_l, _c, _label, content) => lines.push(content),
    });
    cleanups.push(() => ua.stop());
    const wire: WireEvent[] = [];
    ua.wire$.subscribe((e) => wire.push(e));
    await ua.start();
    void new Registerer(ua).register();
    await until(() => wire.length >= 2, 3000, "REGISTER and its 401");
    expect(lines.some((l) => l.includes("REGISTER sip:"))).toBe(false);
  });

  it("incomingMessageFilter sees a request before the user agent and may veto it: nothing is answered", async () => {
    const peer = await UdpPeer.start();
    cleanups.push(() => peer.stop());
    const seen: string[] = [];
    const ua = new UserAgent({
      uri: UserAgent.makeURI("sip:alice@example.test")!,
      transportConstructor: NodeTransport,
      transportOptions: { listen: { protocol: "UDP", host: "127.0.0.1", port: 0 } },
      logBuiltinEnabled: false,
      incomingMessageFilter: (m) => {
        seen.push(m.isRequest ? m.method : String(m.statusCode));
        return !(m.isRequest && m.getHeader("User-Agent") === "friendly-scanner");
      },
    });
    cleanups.push(() => ua.stop());
    await ua.start();
    const port = (ua.transport as NodeTransport).localAddresses[0]!.port;
    const options = (n: number, agent: string) =>
      `OPTIONS sip:alice@127.0.0.1:${port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:${peer.port};branch=z9hG4bKf${n}\r\nFrom: <sip:x@example.test>;tag=${n}\r\n` +
      `To: <sip:alice@example.test>\r\nCall-ID: filter-${n}\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nUser-Agent: ${agent}\r\nContent-Length: 0\r\n\r\n`;
    await peer.send(options(1, "friendly-scanner"), port);
    await peer.send(options(2, "a-real-phone"), port);
    await until(() => peer.received.length === 1, 3000, "the answer to the allowed OPTIONS");
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual(["OPTIONS", "OPTIONS"]);
    expect(peer.received.map((r) => /Call-ID: (\S+)/.exec(r.text)![1])).toEqual(["filter-2"]);
  });
});
