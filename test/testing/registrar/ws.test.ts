import WebSocket from "ws";
import { afterEach, describe, expect, it } from "vitest";
import type { SipRequest } from "../../../src/core/messages/index.js";
import { startRegistrar, type Registrar } from "../../../src/testing/index.js";
import { UdpPeer, WsPeer, type RawPeer } from "./helpers/rawPeers.js";
import { SipClient } from "./helpers/sipClient.js";
import { unique } from "./helpers/sipText.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function registrarOn(options: Parameters<typeof startRegistrar>[0]): Promise<Registrar> {
  const registrar = await startRegistrar(options);
  cleanups.push(() => registrar.stop());
  return registrar;
}

async function peer<P extends RawPeer>(open: Promise<P>): Promise<P> {
  const p = await open;
  cleanups.push(() => p.close());
  return p;
}

/** The route set a UAC builds from the Record-Route of a 2xx (RFC 3261 §12.1.2: reversed). */
const uacRouteSet = (recordRoutes: string[]) => [...recordRoutes].reverse();

describe("Registrar over WebSocket (RFC 7118)", () => {
  it("accepts the sip subprotocol, answers CRLF keep-alives, registers a .invalid contact over the connection", async () => {
    const registrar = await registrarOn({ ws: true });
    expect(registrar.addresses.urls.ws).toBe(`ws://127.0.0.1:${registrar.addresses.ws}`);
    const alicePeer = await peer(WsPeer.open(registrar.addresses.urls.ws!));
    expect(alicePeer.protocol).toBe("sip");
    const alice = new SipClient(alicePeer, "alice");
    expect(alice.contactUri).toMatch(/^sip:alice@[a-z0-9]+\.invalid;transport=ws$/);
    const ok = await alice.register();
    expect(ok.statusCode).toBe(200);
    expect(ok.via.received).toBe("127.0.0.1");
    expect(registrar.bindings[0]!.flow.transport).toBe("ws");
    alicePeer.send("\r\n\r\n");
    for (let i = 0; i < 100 && alicePeer.pongs === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(alicePeer.pongs).toBe(1);
  });

  it("drops what does not parse with a MALFORMED error on errors$, and the connection goes on", async () => {
    const registrar = await registrarOn({ ws: true });
    const errors: string[] = [];
    registrar.errors$.subscribe((e) => errors.push(e.code));
    const alicePeer = await peer(WsPeer.open(registrar.addresses.urls.ws!));
    alicePeer.send("HELLO there\r\n\r\n");
    const ok = await new SipClient(alicePeer, "alice").register();
    expect(ok.statusCode).toBe(200);
    expect(errors).toEqual(["MALFORMED"]);
  });

  it("refuses a client that does not offer the sip subprotocol", async () => {
    const registrar = await registrarOn({ ws: true });
    const socket = new WebSocket(registrar.addresses.urls.ws!);
    const code = await new Promise<number>((resolve) => {
      socket.on("close", (c) => resolve(c));
      socket.on("error", () => undefined);
    });
    expect(code).toBe(1002);
  });

  it("routes a MESSAGE between two WebSocket clients over their connections", async () => {
    const registrar = await registrarOn({ ws: true });
    const url = registrar.addresses.urls.ws!;
    const alice = new SipClient(await peer(WsPeer.open(url)), "alice");
    const bob = new SipClient(await peer(WsPeer.open(url)), "bob");
    await alice.register();
    await bob.register();
    alice.send("MESSAGE", "sip:bob@example.test", { body: "hello over ws", contentType: "text/plain" });
    const message = await bob.peer.request("MESSAGE");
    expect(message.ruri.toString()).toBe(bob.contactUri);
    expect(message.via.transport).toBe("WS");
    expect(message.vias[1]!.received).toBe("127.0.0.1");
    expect(message.body).toBe("hello over ws");
    bob.reply(message, 200, "OK", { toTag: "bobws" });
    const ok = await alice.peer.response(200, "MESSAGE");
    expect(ok.vias).toHaveLength(1);
  });

  it("relays INVITE / 180 / 200 / ACK / BYE / 200 between two WebSocket clients, with its Record-Route honoured", async () => {
    const registrar = await registrarOn({ ws: true });
    const url = registrar.addresses.urls.ws!;
    const alice = new SipClient(await peer(WsPeer.open(url)), "alice");
    const bob = new SipClient(await peer(WsPeer.open(url)), "bob");
    await alice.register();
    await bob.register();
    const callId = unique("call");
    const aliceTag = "alicetag";
    alice.send("INVITE", "sip:bob@example.test", { callId, fromTag: aliceTag, cseq: 1, contact: `<${alice.contactUri}>`, body: "v=0\r\n", contentType: "application/sdp" });

    const invite = await bob.peer.request("INVITE");
    const recordRoute = `<sip:127.0.0.1:${registrar.addresses.ws};transport=ws;lr>`;
    expect(invite.getHeaders("record-route")).toEqual([recordRoute]);
    expect(invite.ruri.toString()).toBe(bob.contactUri);
    bob.reply(invite, 180, "Ringing", { toTag: "bobtag", contact: `<${bob.contactUri}>`, recordRoute: true });
    bob.reply(invite, 200, "OK", { toTag: "bobtag", contact: `<${bob.contactUri}>`, recordRoute: true, body: "v=0\r\n" });
    await alice.peer.response(180, "INVITE");
    const ok = await alice.peer.response(200, "INVITE");
    expect(ok.getHeaders("record-route")).toEqual([recordRoute]);

    // alice: the route set from the Record-Route, the remote target from the Contact (RFC 3261 §12.1.2)
    const aliceRoutes = uacRouteSet(ok.getHeaders("record-route"));
    const bobTarget = ok.contacts[0]!.uri.toString();
    alice.send("ACK", bobTarget, { callId, fromTag: aliceTag, to: "sip:bob@example.test", toTag: "bobtag", cseq: 1, routes: aliceRoutes });
    const ack = await bob.peer.request("ACK");
    expect(ack.ruri.toString()).toBe(bob.contactUri);
    expect(ack.hasHeader("route")).toBe(false);
    expect(ack.cseq).toEqual({ seq: 1, method: "ACK" });

    // bob: the route set is the Record-Route of the INVITE, the target alice's Contact (RFC 3261 §12.1.1)
    const bobRoutes = invite.getHeaders("record-route");
    const aliceTarget = invite.contacts[0]!.uri.toString();
    bob.send("BYE", aliceTarget, {
      callId,
      from: "sip:bob@example.test",
      fromTag: "bobtag",
      to: "sip:alice@example.test",
      toTag: aliceTag,
      cseq: 1,
      routes: bobRoutes,
    });
    const bye = await alice.peer.request("BYE");
    expect(bye.ruri.toString()).toBe(alice.contactUri);
    expect(bye.hasHeader("route")).toBe(false);
    expect(bye.vias).toHaveLength(2);
    alice.reply(bye, 200, "OK");
    const byeOk = await bob.peer.response(200, "BYE");
    expect(byeOk.vias).toHaveLength(1);
  });

  it("relays CANCEL to the ringing WebSocket client, with the 200 and the 487 back", async () => {
    const registrar = await registrarOn({ ws: true });
    const url = registrar.addresses.urls.ws!;
    const alice = new SipClient(await peer(WsPeer.open(url)), "alice");
    const bob = new SipClient(await peer(WsPeer.open(url)), "bob");
    await bob.register();
    const common = { callId: unique("call"), fromTag: "a9", cseq: 1, branch: "z9hG4bKwsinvite9" };
    alice.send("INVITE", "sip:bob@example.test", { ...common, contact: `<${alice.contactUri}>` });
    const invite = await bob.peer.request("INVITE");
    bob.reply(invite, 180, "Ringing", { toTag: "b9" });
    await alice.peer.response(180);
    alice.send("CANCEL", "sip:bob@example.test", common);
    const cancel = await bob.peer.request("CANCEL");
    expect(cancel.via.branch).toBe(invite.via.branch);
    bob.reply(cancel, 200, "OK", { toTag: "b9" });
    bob.reply(invite, 487, "Request Terminated", { toTag: "b9" });
    await alice.peer.response(200, "CANCEL");
    await alice.peer.response(487, "INVITE");
  });

  it("crosses from UDP to WebSocket with two Record-Routes (RFC 5658), and the callee's BYE goes back over UDP", async () => {
    const registrar = await registrarOn({ udp: true, ws: true });
    const { udp, ws, urls } = registrar.addresses;
    const alice = new SipClient(await peer(UdpPeer.open(udp!)), "alice");
    const bob = new SipClient(await peer(WsPeer.open(urls.ws!)), "bob");
    await bob.register();
    const callId = unique("call");
    alice.send("INVITE", "sip:bob@example.test", { callId, fromTag: "ax", contact: `<${alice.contactUri}>` });
    const invite = await bob.peer.request("INVITE");
    expect(invite.getHeaders("record-route")).toEqual([`<sip:127.0.0.1:${ws};transport=ws;lr>`, `<sip:127.0.0.1:${udp};lr>`]);
    bob.reply(invite, 200, "OK", { toTag: "bx", contact: `<${bob.contactUri}>`, recordRoute: true });
    const ok = await alice.peer.response(200, "INVITE");
    alice.send("ACK", ok.contacts[0]!.uri.toString(), { callId, fromTag: "ax", to: "sip:bob@example.test", toTag: "bx", routes: uacRouteSet(ok.getHeaders("record-route")) });
    await bob.peer.request("ACK");
    bob.send("BYE", invite.contacts[0]!.uri.toString(), {
      callId,
      from: "sip:bob@example.test",
      fromTag: "bx",
      to: "sip:alice@example.test",
      toTag: "ax",
      routes: invite.getHeaders("record-route"),
    });
    const bye: SipRequest = await alice.peer.request("BYE");
    expect(bye.via.transport).toBe("UDP");
    expect(bye.ruri.toString()).toBe(alice.contactUri);
    alice.reply(bye, 200, "OK");
    await bob.peer.response(200, "BYE");
  });

  it("forgets the bindings of a WebSocket that closed", async () => {
    const registrar = await registrarOn({ ws: true });
    const alicePeer = await WsPeer.open(registrar.addresses.urls.ws!);
    await new SipClient(alicePeer, "alice").register();
    expect(registrar.bindings).toHaveLength(1);
    await alicePeer.close();
    for (let i = 0; i < 100 && registrar.bindings.length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(registrar.bindings).toEqual([]);
  });

  it("stop() closes the WebSocket server and its connections", async () => {
    const registrar = await startRegistrar({ ws: true });
    const url = registrar.addresses.urls.ws!;
    const alicePeer = await WsPeer.open(url);
    await registrar.stop();
    await alicePeer.closed;
    await expect(WsPeer.open(url)).rejects.toBeDefined();
  });
});
