import { connect as tlsConnect } from "node:tls";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { NodeTransport } from "../../src/streams/transports/node/NodeTransport.js";
import type { TransportError } from "../../src/streams/TransportError.js";
import { selfSignedCertificate } from "./helpers/certificate.js";
import { record, sipRequest, statusNames, until } from "./helpers/observe.js";
import { TcpPeer } from "./helpers/tcpPeer.js";

let cert: { cert: string; key: string };
let peer: TcpPeer;
const cleanups: Array<() => Promise<unknown> | void> = [];

beforeAll(async () => {
  cert = selfSignedCertificate();
  peer = await TcpPeer.start({ tls: cert });
});
afterAll(async () => {
  await peer.stop();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function make(options: ConstructorParameters<typeof NodeTransport>[1]): NodeTransport {
  const t = new NodeTransport(undefined, options);
  cleanups.push(() => t.dispose());
  return t;
}

describe("NodeTransport over TLS", () => {
  it("rejects a self-signed certificate by default with TLS_CERTIFICATE", async () => {
    const t = make({ server: `tls://127.0.0.1:${peer.port}` });
    const states = record(t.state$);
    const error = (await t.connect().catch((e: unknown) => e)) as TransportError;
    expect(error.code).toBe("TLS_CERTIFICATE");
    expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "disconnected:TLS_CERTIFICATE"]);
  });

  it("accepts it when given as ca, and carries messages both ways", async () => {
    const before = peer.sockets.length;
    const t = make({ server: `tls://127.0.0.1:${peer.port}`, ca: cert.cert });
    const messages = record(t.messages$);
    await t.connect();
    expect(t.protocol).toBe("TLS");
    await until(() => peer.sockets.length === before + 1);
    const server = peer.sockets.at(-1)!;
    await t.send(sipRequest({ branch: "z9hG4bKtls" }));
    await until(() => peer.text.includes("z9hG4bKtls"));
    server.write(sipRequest({ branch: "z9hG4bKback" }));
    await until(() => messages.values.length === 1);
    expect(messages.values[0]!.via.branch).toBe("z9hG4bKback");
    await t.disconnect();
    await until(() => server.destroyed || server.readableEnded, 3000, "the server to see the close");
  });

  it("reads sips:host:port as TLS", async () => {
    const t = make({ server: `sips:127.0.0.1:${peer.port}`, ca: cert.cert });
    await t.connect();
    expect(t.protocol).toBe("TLS");
  });

  it("connects with rejectUnauthorized: false (explicitly unsafe)", async () => {
    const t = make({ server: `tls://127.0.0.1:${peer.port}`, rejectUnauthorized: false });
    await t.connect();
    expect(t.isConnected()).toBe(true);
  });

  it("listens on TLS with its own certificate", async () => {
    const t = make({ listen: { protocol: "TLS", host: "127.0.0.1", port: 0, cert: cert.cert, key: cert.key } });
    const messages = record(t.messages$);
    await t.connect();
    const port = t.localAddresses[0]!.port;
    const socket = tlsConnect({ host: "127.0.0.1", port, ca: cert.cert });
    socket.on("error", () => undefined);
    cleanups.push(() => void socket.destroy());
    await new Promise<void>((r) => socket.once("secureConnect", () => r()));
    socket.write(sipRequest({ via: "SIP/2.0/TLS c.invalid;branch=z9hG4bKtlsin" }));
    await until(() => messages.values.length === 1);
    expect(messages.values[0]!.via.received).toBe("127.0.0.1");
  });
});
