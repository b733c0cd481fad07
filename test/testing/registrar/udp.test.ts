import { afterEach, describe, expect, it } from "vitest";
import { startRegistrar, type Registrar, type RegistrarLogEntry } from "../../../src/testing/index.js";
import { TcpPeer, UdpPeer, type RawPeer } from "./helpers/rawPeers.js";
import { SipClient } from "./helpers/sipClient.js";

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

describe("Registrar over UDP and TCP on 127.0.0.1 (NodeTransport listening mode)", () => {
  it("reports the ephemeral ports it listens on, and URLs a transport can use", async () => {
    const registrar = await registrarOn({ udp: true, tcp: true });
    const { udp, tcp, urls } = registrar.addresses;
    expect(udp).toBeGreaterThan(0);
    expect(tcp).toBeGreaterThan(0);
    expect(urls).toEqual({ udp: `sip:127.0.0.1:${udp};transport=udp`, tcp: `sip:127.0.0.1:${tcp};transport=tcp` });
  });

  it("registers a UDP client and remembers the source address as the binding's flow", async () => {
    const registrar = await registrarOn({ udp: true });
    const alice = new SipClient(await peer(UdpPeer.open(registrar.addresses.udp!)), "alice");
    const ok = await alice.register({ expires: 120 });
    expect(ok.statusCode).toBe(200);
    expect(ok.getHeaders("contact")).toEqual([`<${alice.contactUri}>;expires=120`]);
    expect(ok.via.received).toBe("127.0.0.1");
    expect(ok.via.rport).toBe(Number(alice.peer.sentBy.split(":")[1]));
    expect(registrar.bindings).toEqual([
      expect.objectContaining({ aor: "alice", contact: alice.contactUri, expires: 120, flow: { id: `udp:${alice.peer.sentBy}`, transport: "udp", remote: alice.peer.sentBy } }),
    ]);
  });

  it("routes a MESSAGE from one UDP client to another and the 200 back, logging every hop with its flow", async () => {
    const registrar = await registrarOn({ udp: true });
    const log: RegistrarLogEntry[] = [];
    registrar.log$.subscribe((e) => log.push(e));
    const port = registrar.addresses.udp!;
    const alice = new SipClient(await peer(UdpPeer.open(port)), "alice");
    const bob = new SipClient(await peer(UdpPeer.open(port)), "bob");
    await bob.register();
    alice.send("MESSAGE", "sip:bob@example.test", { body: "hi bob", branch: "z9hG4bKudpmsg1" });
    const message = await bob.peer.request("MESSAGE");
    expect(message.ruri.toString()).toBe(bob.contactUri);
    expect(message.via.toString()).toMatch(new RegExp(`^SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK`));
    expect(message.vias[1]!.branch).toBe("z9hG4bKudpmsg1");
    expect(message.maxForwards).toBe(69);
    expect(message.body).toBe("hi bob");
    bob.reply(message, 200, "OK", { toTag: "b1" });
    const ok = await alice.peer.response(200, "MESSAGE");
    expect(ok.vias.map((v) => v.branch)).toEqual(["z9hG4bKudpmsg1"]);
    const hops = log.filter((e) => e.message.cseq.method === "MESSAGE").map((e) => `${e.direction} ${e.flow?.remote === alice.peer.sentBy ? "alice" : "bob"} ${e.message.isRequest ? e.message.method : e.message.statusCode}`);
    expect(hops).toEqual(["in alice MESSAGE", "out bob MESSAGE", "in bob 200", "out alice 200"]);
  });

  it("answers 404 for an unknown user, 483 at Max-Forwards 0, and 200 to OPTIONS for itself", async () => {
    const registrar = await registrarOn({ udp: true });
    const port = registrar.addresses.udp!;
    const alice = new SipClient(await peer(UdpPeer.open(port)), "alice");
    const bob = new SipClient(await peer(UdpPeer.open(port)), "bob");
    await bob.register();
    alice.send("MESSAGE", "sip:carol@example.test");
    expect((await alice.peer.response(404)).to.tag).toBeDefined();
    alice.send("MESSAGE", "sip:bob@example.test", { maxForwards: 0 });
    await alice.peer.response(483);
    alice.send("OPTIONS", `sip:127.0.0.1:${port}`);
    await alice.peer.response(200, "OPTIONS");
    await bob.peer.silence(200);
  });

  it("relays between transports: a MESSAGE from a UDP client to a TCP client, over the TCP connection it registered on", async () => {
    const registrar = await registrarOn({ udp: true, tcp: true });
    const { udp, tcp } = registrar.addresses;
    const alice = new SipClient(await peer(UdpPeer.open(udp!)), "alice");
    const bob = new SipClient(await peer(TcpPeer.open(tcp!)), "bob");
    const registered = await bob.register();
    expect(registered.statusCode).toBe(200);
    expect(registrar.bindings[0]!.flow.transport).toBe("tcp");
    alice.send("MESSAGE", "sip:bob@example.test", { body: "over tcp" });
    const message = await bob.peer.request("MESSAGE");
    expect(message.via.transport).toBe("TCP");
    expect(message.via.port).toBe(tcp);
    bob.reply(message, 202, "Accepted", { toTag: "b2" });
    await alice.peer.response(202);
  });

  it("forgets the bindings of a TCP connection that closed; the user is then unavailable", async () => {
    const registrar = await registrarOn({ udp: true, tcp: true });
    const alice = new SipClient(await peer(UdpPeer.open(registrar.addresses.udp!)), "alice");
    const bobPeer = await TcpPeer.open(registrar.addresses.tcp!);
    const bob = new SipClient(bobPeer, "bob");
    await bob.register();
    expect(registrar.bindings).toHaveLength(1);
    await bobPeer.close();
    for (let i = 0; i < 100 && registrar.bindings.length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(registrar.bindings).toEqual([]);
    alice.send("MESSAGE", "sip:bob@example.test");
    await alice.peer.response(404);
  });
});
