import { describe, expect, it } from "vitest";
import { parseMessage, SipRequest, Uri } from "../../src/core/messages/index.js";
import { Inviter, SessionState, UserAgent, type Invitation } from "../../src/index.js";
import { fakeSessionDescriptionHandlerFactory, type FakeSessionDescriptionHandler, type InMemoryNetwork } from "../../src/testing/index.js";
import { world } from "./harness.js";

/** A stateless forking proxy (RFC 3261 §16.11) at `address`: each request goes to every target. */
function forkingProxy(network: InMemoryNetwork, address: string, targets: string[]): void {
  const endpoint = network.endpoint(address, { reliable: true });
  endpoint.onMessage((message) => {
    if (!(message instanceof SipRequest)) {
      const vias = message.getHeaders("via");
      message.removeHeader("via");
      for (const via of vias.slice(1)) message.addHeader("Via", via);
      endpoint.send(message);
      return;
    }
    const text = message.toString();
    targets.forEach((target, i) => {
      const fork = parseMessage(text) as SipRequest;
      const [host, port] = target.split(":");
      fork.ruri = Uri.sip(fork.ruri.user, host!, Number(port));
      fork.setHeader("Max-Forwards", String((fork.maxForwards ?? 70) - 1));
      fork.prependHeader("Via", `SIP/2.0/TCP ${address};branch=${fork.via.branch}.${i + 1}`);
      endpoint.sendRaw(target, fork.toString());
    });
  });
}

describe("early media with forking (RFC 3261 §13.2.2.4, RFC 3960)", () => {
  it("the first fork's early answer is played; a later fork's is ignored; the answering fork's call is established", async () => {
    const w = world();
    forkingProxy(w.network, "proxy.example.test:5060", ["bob1.example.test:5060", "bob2.example.test:5060"]);
    const alice = w.ua("alice");
    const bob1 = w.ua("bob1", { sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory({ firstPort: 41000 }), sipExtension100rel: "Unsupported" });
    const bob2 = w.ua("bob2", { sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory({ firstPort: 42000 }), sipExtension100rel: "Unsupported" });
    await Promise.all([alice.start(), bob1.start(), bob2.start()]);
    const calls: Record<string, Invitation> = {};
    bob1.invites$.subscribe((i) => {
      calls["bob1"] = i;
      i.autoSendAnInitialProvisionalResponse = false;
      w.clock.scheduler.schedule(() => void i.progress({ statusCode: 183, earlyMedia: true }), 100);
      w.clock.scheduler.schedule(() => void i.accept(), 3000);
    });
    bob2.invites$.subscribe((i) => {
      calls["bob2"] = i;
      i.autoSendAnInitialProvisionalResponse = false;
      w.clock.scheduler.schedule(() => void i.progress({ statusCode: 183, earlyMedia: true }), 500);
    });
    const inviter = new Inviter(alice, UserAgent.makeURI("sip:bob@proxy.example.test:5060")!, { earlyMedia: true });
    await inviter.invite();
    await w.clock.advance(1000);
    // both forks' 183s with SDP reached alice
    expect(w.wire().filter((l) => l === "proxy: SIP/2.0 183 Session Progress")).toHaveLength(2);
    const sdh = inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler;
    expect(sdh.remoteDescriptions).toHaveLength(1);
    expect(sdh.remoteDescriptions[0]!.sdp).toContain("m=audio 41000");
    await w.clock.advance(3000);
    expect(inviter.state).toBe(SessionState.Established);
    expect(calls["bob1"]!.state).toBe(SessionState.Established);
    expect(sdh.remoteDescriptions).toHaveLength(1);
    expect(inviter.dialog!.dialog.remoteTag).toBe(calls["bob1"]!.dialog!.dialog.localTag);
  });
});
