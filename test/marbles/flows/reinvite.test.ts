/**
 * re-INVITE (RFC 3261 §14): an offer/answer inside the dialog, with the 2xx retransmitted by
 * the UAS until the ACK (§13.3.1.4) and the ACK sent again for each retransmission (§13.2.2.4).
 */
import { describe, expect, it } from "vitest";
import { linkedCores } from "../../core/user-agent-core/link.js";
import { firstLine } from "../../core/user-agent-core/network.js";
import { runMarbles, script } from "../helpers.js";
import { ANSWER, OFFER } from "./sdp.js";
import { call } from "./established.js";

describe("re-INVITE (RFC 3261 §14)", () => {
  it("a retransmitted 2xx to a re-INVITE gets the same ACK again, and the re-INVITE is reported accepted once", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      let acks = 0;
      // alice's first ACK for the re-INVITE's 2xx is lost
      const { alice, bob, wire } = linkedCores(scheduler, {
        drop: (text, from) => from === "alice" && text.startsWith("ACK") && text.includes("CSeq: 2 ACK") && acks++ === 0,
      });
      const c = call(scheduler, alice, bob);
      const seen: string[] = [];
      script(h, "1000ms r 9999ms e", {
        r: () => {
          c.bob!.delegate.onReinvite = (refresh) => refresh.accept({ body: ANSWER });
          c.bob!.delegate.onAck = (ack) => seen.push(`bob got ACK ${ack.cseq.seq} at ${scheduler.now()}`);
          c.alice!.reinvite({ body: OFFER }, { onAccept: (res) => seen.push(`accepted ${res.statusCode} at ${scheduler.now()}`) });
        },
        e: () => c.alice!.bye(),
      });
      scheduler.flush();
      const timeline = wire.filter((w) => w.at >= 1000 && w.at < 10000).map((w) => `${w.at} ${w.from}: ${firstLine(w.text)}${w.dropped ? " (lost)" : ""}`);
      expect(timeline).toEqual([
        "1000 alice: INVITE",
        "1010 bob: SIP/2.0 200 OK",
        "1020 alice: ACK (lost)",
        "1510 bob: SIP/2.0 200 OK",
        "1520 alice: ACK",
      ]);
      const sentAcks = wire.filter((w) => w.from === "alice" && w.text.startsWith("ACK") && w.text.includes("CSeq: 2 ACK"));
      expect(sentAcks[1]!.text).toBe(sentAcks[0]!.text);
      expect(seen).toEqual(["accepted 200 at 1020", "bob got ACK 2 at 1530"]);
    });
  });

  it("without an onReinvite member the peer's re-INVITE is refused with 488 and the session stays (§14.2)", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, lines } = linkedCores(scheduler);
      const c = call(scheduler, alice, bob);
      const seen: string[] = [];
      script(h, "1000ms r 999ms e", {
        r: () => c.alice!.reinvite({ body: OFFER }, { onReject: (res) => seen.push(`rejected ${res.statusCode}`) }),
        e: () => {
          seen.push(`alice ${c.alice!.state}, bob ${c.bob!.state}`);
          c.alice!.bye();
        },
      });
      scheduler.flush();
      expect(lines()).toEqual([
        "alice: INVITE",
        "bob: SIP/2.0 200 OK",
        "alice: ACK",
        "alice: INVITE",
        "bob: SIP/2.0 488 Not Acceptable Here",
        "alice: ACK",
        "alice: BYE",
        "bob: SIP/2.0 200 OK",
      ]);
      expect(seen).toEqual(["rejected 488", "alice confirmed, bob confirmed"]);
    });
  });

  it("a 500 with Retry-After (§14.2: the peer is busy with its own offer) is retried after that delay; a peer that keeps answering so is given up after 3 retries", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, lines } = linkedCores(scheduler);
      const c = call(scheduler, alice, bob);
      const seen: string[] = [];
      let busy = 1; // the first re-INVITE finds bob busy, then every one of the second exchange
      script(h, "1000ms r 9999ms s 19999ms e", {
        r: () => {
          c.bob!.delegate.onReinvite = (refresh) => (busy-- > 0 ? refresh.reject({ statusCode: 500, extraHeaders: [["Retry-After", "1"]] }) : refresh.accept({ body: ANSWER }));
          c.alice!.reinvite({ body: OFFER }, { onAccept: (res) => seen.push(`accepted ${res.statusCode} at ${scheduler.now()}`), onReject: (res) => seen.push(`rejected ${res.statusCode}`) });
        },
        s: () => {
          busy = Infinity;
          c.alice!.reinvite({ body: OFFER }, { onAccept: () => seen.push("accepted"), onReject: (res) => seen.push(`rejected ${res.statusCode} at ${scheduler.now()}`) });
        },
        e: () => c.alice!.bye(),
      });
      scheduler.flush();
      const invites = lines().filter((l) => l.includes("alice: INVITE"));
      // the call's INVITE, the first re-INVITE and its retry, then the second re-INVITE and 3 retries
      expect(invites).toHaveLength(1 + 2 + 4);
      // each retry leaves 1 s after its 500 arrives (10 ms each way): 2020; 12020, 13040, 14060
      expect(seen).toEqual(["accepted 200 at 2040", "rejected 500 at 14080"]);
      expect(c.alice!.state).toBe("terminated");
    });
  });
});
