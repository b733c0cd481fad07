/**
 * re-INVITE glare (RFC 3261 §14.1, §14.2): both sides send a re-INVITE at once; each gets
 * the other's while its own is pending and answers 491 (Request Pending); on the 491 each
 * waits a random time T and tries once more: "If the UAC is the owner of the Call-ID of the
 * dialog ID ..., T has a randomly chosen value between 2.1 and 4 seconds in units of 10 ms.
 * If the UAC is not the owner of the Call-ID ..., T has a randomly chosen value of between 0
 * and 2 seconds in units of 10 ms."
 */
import { describe, expect, it } from "vitest";
import type { IncomingRefresh } from "../../../src/core/dialogs/index.js";
import { RequestPendingError } from "../../../src/core/user-agent-core/index.js";
import { linkedCores } from "../../core/user-agent-core/link.js";
import { firstLine, type WireEntry } from "../../core/user-agent-core/network.js";
import { runMarbles, script } from "../helpers.js";
import { ANSWER, OFFER } from "./sdp.js";
import { call } from "./established.js";

const cseq = (w: WireEntry) => /\r\nCSeq: *([^\r]*)\r\n/.exec(w.text)![1]!;

interface GlareRun {
  timeline: string[];
  /** Delay between the 491 reaching each side and its second re-INVITE. */
  aliceWait: number;
  bobWait: number;
  accepted: string[];
}

function glare(seeds: readonly [number, number]): GlareRun {
  return runMarbles((h) => {
    const { scheduler } = h;
    const { alice, bob, wire } = linkedCores(scheduler, { seeds });
    const c = call(scheduler, alice, bob);
    const accepted: string[] = [];
    const accept = (who: string) => (refresh: IncomingRefresh) => {
      accepted.push(`${who} answered ${refresh.request.cseq.seq}`);
      refresh.accept({ body: ANSWER });
    };
    script(h, "1000ms g 9999ms e", {
      g: () => {
        c.alice!.delegate.onReinvite = accept("alice");
        c.bob!.delegate.onReinvite = accept("bob");
        c.alice!.reinvite({ body: OFFER }, { onAccept: () => accepted.push("alice's re-INVITE accepted") });
        c.bob!.reinvite({ body: OFFER }, { onAccept: () => accepted.push("bob's re-INVITE accepted") });
        // one offer/answer at a time (§14.1): a third attempt while ours is pending is refused
        expect(() => c.alice!.reinvite({ body: OFFER })).toThrow(RequestPendingError);
      },
      e: () => c.alice!.bye(),
    });
    scheduler.flush();
    const invites = (from: string) => wire.filter((w) => w.from === from && w.text.startsWith("INVITE "));
    // the 491 answering `side`'s re-INVITE is sent by the other side and arrives 10 ms later
    const got491 = (side: string) => wire.find((w) => w.from !== side && w.text.startsWith("SIP/2.0 491"))!.at + 10;
    const timeline = wire.filter((w) => w.at >= 1000 && w.at < 10000).map((w) => `${w.from}: ${firstLine(w.text)} (${cseq(w)})`);
    const aliceRe = invites("alice").slice(1); // the first is the initial INVITE
    const bobRe = invites("bob");
    return { timeline, aliceWait: aliceRe[1]!.at - got491("alice"), bobWait: bobRe[1]!.at - got491("bob"), accepted };
  });
}

describe("re-INVITE glare (RFC 3261 §14.1)", () => {
  it("both send re-INVITE at once → 491 both ways → the non-owner of the Call-ID retries first and succeeds, then the owner", () => {
    const run = glare([1, 2]);
    expect(run.timeline).toEqual([
      "alice: INVITE (2 INVITE)",
      "bob: INVITE (1 INVITE)",
      "bob: SIP/2.0 491 Request Pending (2 INVITE)",
      "alice: SIP/2.0 491 Request Pending (1 INVITE)",
      "alice: ACK (2 ACK)",
      "bob: ACK (1 ACK)",
      // bob (who did not make the Call-ID) tries again within 0–2 s
      "bob: INVITE (2 INVITE)",
      "alice: SIP/2.0 200 OK (2 INVITE)",
      "bob: ACK (2 ACK)",
      // alice (the owner) within 2.1–4 s
      "alice: INVITE (3 INVITE)",
      "bob: SIP/2.0 200 OK (3 INVITE)",
      "alice: ACK (3 ACK)",
    ]);
    expect(run.accepted).toEqual(["alice answered 2", "bob's re-INVITE accepted", "bob answered 3", "alice's re-INVITE accepted"]);
  });

  it("over 20 pairs of random sources, the retry waits are in the RFC's ranges, in 10 ms units, and not all alike", () => {
    const waits = { alice: [] as number[], bob: [] as number[] };
    for (let i = 0; i < 20; i++) {
      const run = glare([100 + i, 200 + i]);
      waits.alice.push(run.aliceWait);
      waits.bob.push(run.bobWait);
      expect(run.accepted).toContain("alice's re-INVITE accepted");
      expect(run.accepted).toContain("bob's re-INVITE accepted");
    }
    for (const t of waits.alice) {
      expect(t).toBeGreaterThanOrEqual(2100);
      expect(t).toBeLessThanOrEqual(4000);
      expect(t % 10).toBe(0);
    }
    for (const t of waits.bob) {
      expect(t).toBeGreaterThanOrEqual(0);
      expect(t).toBeLessThanOrEqual(2000);
      expect(t % 10).toBe(0);
    }
    expect(new Set(waits.alice).size).toBeGreaterThan(10);
    expect(new Set(waits.bob).size).toBeGreaterThan(10);
  });
});
