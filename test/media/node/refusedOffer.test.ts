import { asyncScheduler } from "rxjs";
import { describe, expect, it } from "vitest";
import { Inviter, SessionState, UserAgent, type Invitation, type SessionDescriptionHandlerModifier } from "../../../src/index.js";
import { MediaFormatError, nodeMediaFactory, type NodeSessionDescriptionHandler } from "../../../src/node.js";
import { fakeSessionDescriptionHandlerFactory, InMemoryNetwork, InMemoryTransport } from "../../../src/testing/index.js";
import { waitFor } from "./twoAgents.js";

/** An offer of opus only: nothing the Node handler can play. */
const opusOnly: SessionDescriptionHandlerModifier = async (d) => ({
  ...d,
  sdp: d.sdp!
    .split("\r\n")
    .filter((l) => !/^a=(rtpmap|fmtp):/.test(l))
    .map((l) => (l.startsWith("m=audio") ? l.replace(/RTP\/AVP .*$/, "RTP/AVP 111") + "\r\na=rtpmap:111 opus/48000/2" : l))
    .join("\r\n"),
});

describe("Node media refuses an offer it cannot play", () => {
  it("an offer without PCMU or PCMA is answered 488; accept() rejects with MediaFormatError; the handler is closed", async () => {
    const network = new InMemoryNetwork({ scheduler: asyncScheduler, delay: 1 });
    const make = (name: string, factory: never) =>
      new UserAgent({
        uri: UserAgent.makeURI(`sip:${name}@example.test`)!,
        transportConstructor: InMemoryTransport as never,
        transportOptions: { network, address: `${name}.example.test:5060`, reliable: true },
        sessionDescriptionHandlerFactory: factory,
        logBuiltinEnabled: false,
        contactName: name,
      });
    const alice = make("alice", fakeSessionDescriptionHandlerFactory() as never);
    const bob = make("bob", nodeMediaFactory({ loopback: true }) as never);
    await Promise.all([alice.start(), bob.start()]);
    const outcomes: unknown[] = [];
    const invitations: Invitation[] = [];
    bob.invites$.subscribe((i) => {
      invitations.push(i);
      i.accept().catch((e: unknown) => outcomes.push(e));
    });
    const codes: number[] = [];
    const inviter = new Inviter(alice, UserAgent.makeURI("sip:bob@bob.example.test:5060")!);
    await inviter.invite({ sessionDescriptionHandlerModifiers: [opusOnly], requestDelegate: { onReject: (r) => codes.push(r.message.statusCode) } });
    try {
      await waitFor("the caller to end", () => inviter.state === SessionState.Terminated, 5000);
      expect(codes).toEqual([488]);
      await waitFor("accept() to reject", () => outcomes.length === 1, 2000);
      expect(outcomes[0]).toBeInstanceOf(MediaFormatError);
      expect((invitations[0]!.sessionDescriptionHandler as NodeSessionDescriptionHandler).peerConnection).toBeUndefined();
    } finally {
      await Promise.allSettled([alice.dispose(), bob.dispose()]);
    }
  }, 10000);
});
