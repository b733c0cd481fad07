import { asyncScheduler } from "rxjs";
import { describe, expect, it } from "vitest";
import { UserAgent, type Invitation } from "../../../src/index.js";
import { MediaFormatError, nodeMediaFactory } from "../../../src/node.js";
import { InMemoryNetwork, InMemoryTransport } from "../../../src/testing/index.js";
import { scriptedPeer } from "../../api/scriptedPeer.js";
import { waitFor } from "./twoAgents.js";

/** A plain SIP phone's offer: RTP/AVP, no ICE, no DTLS-SRTP; `extra` lines at its end. */
const plainOffer = (extra: string[]) =>
  ["v=0", "o=phone 1 1 IN IP4 192.0.2.10", "s=-", "c=IN IP4 192.0.2.10", "t=0 0", "m=audio 4000 RTP/AVP 0 8 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=sendrecv", ...extra, ""].join("\r\n");

/**
 * The Node handler speaks DTLS-SRTP with ICE (werift). A plain SIP phone's offer (RTP/AVP)
 * cannot be answered with the same transport (RFC 3264 §6: the answer keeps the offer's
 * transport; RFC 5764): 488, and accept() rejects with MediaFormatError, rather than a 200 whose
 * UDP/TLS/RTP/SAVPF answer the phone cannot use (a call with no audio) or an untyped error.
 */
describe("Node media: an offer of plain RTP (RTP/AVP, no DTLS-SRTP)", () => {
  for (const [name, extra] of [
    ["without a=mid", []],
    ["with a=mid", ["a=mid:0"]],
  ] as const) {
    it(`${name}: answered 488, accept() rejects with MediaFormatError`, async () => {
      const network = new InMemoryNetwork({ scheduler: asyncScheduler, delay: 1 });
      const alice = new UserAgent({
        uri: UserAgent.makeURI("sip:alice@example.test")!,
        transportConstructor: InMemoryTransport as never,
        transportOptions: { network, address: "alice.example.test:5060", reliable: true },
        sessionDescriptionHandlerFactory: nodeMediaFactory({ loopback: true }),
        logBuiltinEnabled: false,
        contactName: "alice",
      });
      const phone = scriptedPeer(network, "phone");
      const outcomes: unknown[] = [];
      alice.invites$.subscribe((i: Invitation) => i.accept().catch((e: unknown) => outcomes.push(e)));
      await alice.start();
      try {
        phone.send(
          [
            "INVITE sip:alice@alice.example.test:5060 SIP/2.0",
            "Via: SIP/2.0/TCP phone.example.test:5060;branch=z9hG4bK-plain-1",
            "Max-Forwards: 70",
            "From: <sip:phone@example.test>;tag=p1",
            "To: <sip:alice@example.test>",
            "Call-ID: plain-rtp-1",
            "CSeq: 1 INVITE",
            "Contact: <sip:phone@phone.example.test:5060;transport=tcp>",
            "Content-Type: application/sdp",
          ],
          plainOffer([...extra]),
        );
        await waitFor("a final response", () => phone.responses.some((r) => r.statusCode >= 200), 5000);
        expect(phone.responses.filter((r) => r.statusCode >= 200).map((r) => r.statusCode)).toEqual([488]);
        await waitFor("accept() to reject", () => outcomes.length === 1, 2000);
        expect(outcomes[0]).toBeInstanceOf(MediaFormatError);
      } finally {
        await alice.dispose();
      }
    }, 10000);
  }
});
