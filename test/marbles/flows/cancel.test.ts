/**
 * CANCEL (RFC 3261 §9): the UAC cancels a pending INVITE; the UAS answers the CANCEL with
 * 200 and the INVITE with 487, and the UAC's INVITE transaction acknowledges the 487.
 */
import { describe, expect, it } from "vitest";
import { parseMessage, SipRequest, Uri } from "../../../src/core/messages/index.js";
import { buildResponse } from "../../../src/core/transactions/index.js";
import type { IncomingInvite, OutgoingInvite } from "../../../src/core/user-agent-core/index.js";
import { linkedCores } from "../../core/user-agent-core/link.js";
import { hostOf, VirtualNetwork, type WireEntry } from "../../core/user-agent-core/network.js";
import { runMarbles, script } from "../helpers.js";
import { SDP } from "./sdp.js";

const header = (w: WireEntry, name: string) => new RegExp(`\\r\\n${name}: *([^\\r]*)\\r\\n`, "i").exec(w.text)?.[1];
const timed = (wire: WireEntry[]) => wire.filter((w) => !w.dropped).map((w) => `${w.at} ${w.from}: ${w.text.slice(0, w.text.indexOf("\r\n")).replace(/ \S+ SIP\/2\.0$/, "")} (${header(w, "CSeq")})`);

describe("CANCEL of an INVITE (RFC 3261 §9)", () => {
  it("before any provisional response: the CANCEL waits for one (§9.1 MUST NOT be sent), then 200 to the CANCEL, 487 to the INVITE, ACK for the 487", () => {
    runMarbles(({ scheduler }) => {
      const { alice, bob, wire } = linkedCores(scheduler);
      let incoming: IncomingInvite | undefined;
      let cancelled: SipRequest | undefined;
      bob.delegate = {
        onInvite(invite) {
          incoming = invite; // the user has not answered yet: the transaction sends 100 after 200 ms
          invite.onCancel = (c) => (cancelled = c);
        },
      };
      const outcome: string[] = [];
      const call = alice.invite(alice.createRequest("INVITE", Uri.sip("bob", hostOf("bob"), 5060), { body: SDP }), {
        onReject: (res) => outcome.push(`rejected ${res.statusCode}`),
        onAccept: () => outcome.push("accepted"),
      });
      expect(call.cancel()).toBe("deferred");
      scheduler.flush();

      expect(timed(wire)).toEqual([
        "0 alice: INVITE (1 INVITE)",
        "210 bob: SIP/2.0 100 Trying (1 INVITE)",
        "220 alice: CANCEL (1 CANCEL)",
        "230 bob: SIP/2.0 200 OK (1 CANCEL)",
        "230 bob: SIP/2.0 487 Request Terminated (1 INVITE)",
        "240 alice: ACK (1 ACK)",
      ]);
      const [invite, , cancel, ok, terminated, ack] = wire;
      // §9.1: Request-URI, Call-ID, To, From, CSeq number and the top Via of the INVITE
      for (const name of ["Via", "From", "To", "Call-ID"]) expect(header(cancel!, name)).toBe(header(invite!, name));
      expect(cancel!.text.split("\r\n")[0]).toBe(invite!.text.split("\r\n")[0]!.replace("INVITE", "CANCEL"));
      // §9.2: the 200 and the 487 carry the same To tag; §17.1.1.3: the ACK has the 487's To and the INVITE's branch
      expect(header(ok!, "To")).toBe(header(terminated!, "To"));
      expect(header(ack!, "To")).toBe(header(terminated!, "To"));
      expect(header(ack!, "Via")).toBe(header(invite!, "Via"));
      expect(outcome).toEqual(["rejected 487"]);
      expect(cancelled?.method).toBe("CANCEL");
      expect(incoming!.answered).toBe(true);
      expect(alice.transactions.size + bob.transactions.size + alice.dialogCount + bob.dialogCount).toBe(0);
    });
  });

  it("after a 180: the CANCEL goes at once; the early dialogs end on both sides; the 487 has the 180's To tag", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, wire } = linkedCores(scheduler);
      bob.delegate = {
        onInvite: (invite) => {
          // the INVITE server transaction, in marbles: Proceeding from the INVITE (10 ms), Completed
          // with the 487 (510), Confirmed by the ACK (530), Terminated T4 later over UDP (Timer I)
          h.expectObservable(invite.transaction.state$).toBe("10ms p 499ms c 19ms f 4999ms (t|)", {
            p: "Proceeding",
            c: "Completed",
            f: "Confirmed",
            t: "Terminated",
          });
          scheduler.schedule(() => invite.progress(), 50);
        },
      };
      const outcome: string[] = [];
      let call: OutgoingInvite | undefined;
      let earlyEnded: string | undefined;
      call = alice.invite(alice.createRequest("INVITE", Uri.sip("bob", hostOf("bob"), 5060), { body: SDP }), {
        onProgress: (res, session) => {
          outcome.push(`progress ${res.statusCode}`);
          session!.delegate.onTerminated = (r) => (earlyEnded = r);
        },
        onReject: (res) => outcome.push(`rejected ${res.statusCode}`),
      });
      script(h, "500ms c", { c: () => outcome.push(`cancel ${call!.cancel()}`) });
      scheduler.flush();

      expect(timed(wire)).toEqual([
        "0 alice: INVITE (1 INVITE)",
        "60 bob: SIP/2.0 180 Ringing (1 INVITE)",
        "500 alice: CANCEL (1 CANCEL)",
        "510 bob: SIP/2.0 200 OK (1 CANCEL)",
        "510 bob: SIP/2.0 487 Request Terminated (1 INVITE)",
        "520 alice: ACK (1 ACK)",
      ]);
      const ringing = wire[1]!;
      const terminated = wire[4]!;
      expect(header(terminated, "To")).toBe(header(ringing, "To"));
      expect(outcome).toEqual(["progress 180", "cancel sent", "rejected 487"]);
      expect(earlyEnded).toBe("rejected");
      expect(alice.transactions.size + bob.transactions.size + alice.dialogCount + bob.dialogCount).toBe(0);
    });
  });

  it("after the 2xx: too late, nothing is sent (§9.1: the CANCEL SHOULD NOT be sent)", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, lines } = linkedCores(scheduler);
      bob.delegate = { onInvite: (invite) => invite.accept({ body: SDP }) };
      let result = "";
      const call = alice.invite(alice.createRequest("INVITE", Uri.sip("bob", hostOf("bob"), 5060), { body: SDP }), {
        onAccept: (_res, session) => scheduler.schedule(() => session.bye(), 1000),
      });
      script(h, "100ms c", { c: () => (result = call.cancel()) });
      scheduler.flush();
      expect(result).toBe("too-late");
      expect(lines()).toEqual(["alice: INVITE", "bob: SIP/2.0 200 OK", "alice: ACK", "alice: BYE", "bob: SIP/2.0 200 OK"]);
    });
  });

  it("a callee that never answers the INVITE after our CANCEL: 64*T1 after the CANCEL the INVITE is given up (§9.1), nothing is left", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const net = new VirtualNetwork(scheduler);
      const alice = net.core("alice");
      // bob, written here: 180 at once; 200 to the CANCEL, but never a final response to the INVITE
      net.attach("bob", (text) => {
        const m = parseMessage(text);
        if (!(m instanceof SipRequest) || m.method === "ACK") return;
        const r = buildResponse(m, m.method === "INVITE" ? 180 : 200, m.method === "INVITE" ? "Ringing" : "OK", "b1");
        if (m.method === "INVITE") r.addHeader("Contact", `<sip:bob@${hostOf("bob")}:5060>`);
        net.send("bob", r);
      });
      const outcome: string[] = [];
      const call = alice.invite(alice.createRequest("INVITE", Uri.sip("bob", hostOf("bob"), 5060), { body: SDP }), {
        onProgress: (r, early) => outcome.push(`progress ${r.statusCode} ${early ? "early" : ""}`),
        onTimeout: () => outcome.push(`given up at ${scheduler.now()}`),
        onReject: (r) => outcome.push(`rejected ${r.statusCode}`),
      });
      script(h, "100ms c", { c: () => outcome.push(`cancel ${call.cancel()}`) });
      scheduler.flush();
      expect(outcome).toEqual(["progress 180 early", "cancel sent", "given up at 32100"]);
      expect(alice.transactions.size + alice.dialogCount).toBe(0);
    });
  });
});

