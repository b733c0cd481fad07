/**
 * Reliable provisional responses (RFC 3262): the UAS sends a 1xx with Require: 100rel and
 * RSeq, retransmits it until the PRACK arrives, and answers the PRACK with 200; an offer in
 * a reliable provisional is answered in the PRACK.
 */
import { describe, expect, it } from "vitest";
import type { InviteSession } from "../../../src/core/dialogs/index.js";
import { parseMessage, SipRequest, Uri } from "../../../src/core/messages/index.js";
import { buildResponse } from "../../../src/core/transactions/index.js";
import type { IncomingInvite } from "../../../src/core/user-agent-core/index.js";
import { linkedCores } from "../../core/user-agent-core/link.js";
import { firstLine, hostOf, VirtualNetwork, type WireEntry } from "../../core/user-agent-core/network.js";
import { runMarbles, script } from "../helpers.js";
import { ANSWER, OFFER, SDP } from "./sdp.js";

const header = (w: WireEntry, name: string) => new RegExp(`\\r\\n${name}: *([^\\r]*)\\r\\n`, "i").exec(w.text)?.[1];
const body = (w: WireEntry) => w.text.slice(w.text.indexOf("\r\n\r\n") + 4);
const timeline = (wire: WireEntry[]) =>
  wire.map((w) => `${w.at} ${w.from}: ${firstLine(w.text)} (${header(w, "CSeq")})${w.dropped ? " lost" : ""}`);
const bob = (name = "bob") => Uri.sip(name, hostOf(name), 5060);

describe("reliable provisional responses (RFC 3262)", () => {
  it("§3: a reliable 180 has Require: 100rel and RSeq, is retransmitted until the PRACK, and the PRACK gets 200; §4: the PRACK's RAck names it", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      let pracks = 0;
      const { alice, bob: b, wire } = linkedCores(scheduler, { drop: (text, from) => from === "alice" && text.startsWith("PRACK") && pracks++ === 0 });
      let incoming: IncomingInvite | undefined;
      b.delegate = {
        onInvite(invite) {
          incoming = invite;
          invite.progress({ reliable: true });
          scheduler.schedule(() => invite.accept({ body: SDP }), 2000);
        },
      };
      let session: InviteSession | undefined;
      alice.invite(alice.createRequest("INVITE", bob(), { body: SDP }), { onAccept: (_r, s) => (session = s) });
      script(h, "5000ms e", { e: () => session!.bye() });
      scheduler.flush();

      expect(timeline(wire.filter((w) => w.at < 5000))).toEqual([
        "0 alice: INVITE (1 INVITE)",
        "10 bob: SIP/2.0 180 Ringing (1 INVITE)",
        "20 alice: PRACK (2 PRACK) lost",
        "510 bob: SIP/2.0 180 Ringing (1 INVITE)", // T1 after the first: no PRACK yet
        "520 alice: PRACK (2 PRACK)", // the PRACK's own transaction retransmits it (Timer E)
        "530 bob: SIP/2.0 200 OK (2 PRACK)", // and the 180 is not sent again
        "2010 bob: SIP/2.0 200 OK (1 INVITE)",
        "2020 alice: ACK (1 ACK)",
      ]);
      const [, ringing, prack, again] = wire;
      expect(header(ringing!, "Require")).toBe("100rel");
      const rseq = Number(header(ringing!, "RSeq"));
      expect(rseq).toBeGreaterThanOrEqual(1);
      expect(rseq).toBeLessThan(2 ** 31);
      expect(again!.text).toBe(ringing!.text);
      expect(header(prack!, "RAck")).toBe(`${rseq} 1 INVITE`);
      // the INVITE said it supports 100rel (§4: the UAC MUST, to receive reliable provisionals)
      expect(header(wire[0]!, "Supported")).toContain("100rel");
      expect(incoming!.answered).toBe(true);
      expect(alice.transactions.size + b.transactions.size + alice.dialogCount + b.dialogCount).toBe(0);
    });
  });

  it("§3: without a PRACK, the reliable 180 goes at T1, 2T1, 4T1 ... and after 64*T1 the INVITE is rejected with a 5xx", () => {
    runMarbles(({ scheduler }) => {
      const { alice, bob: b, wire } = linkedCores(scheduler, { drop: (text, from) => from === "alice" && text.startsWith("PRACK") });
      b.delegate = { onInvite: (invite) => invite.progress({ reliable: true }) };
      const outcome: number[] = [];
      alice.invite(alice.createRequest("INVITE", bob(), { body: SDP }), { onReject: (r) => outcome.push(r.statusCode) });
      scheduler.flush();
      const fromBob = wire.filter((w) => w.from === "bob").map((w) => `${w.at} ${firstLine(w.text)}`);
      expect(fromBob.slice(0, 8)).toEqual([
        "10 SIP/2.0 180 Ringing",
        "510 SIP/2.0 180 Ringing",
        "1510 SIP/2.0 180 Ringing",
        "3510 SIP/2.0 180 Ringing",
        "7510 SIP/2.0 180 Ringing",
        "15510 SIP/2.0 180 Ringing",
        "31510 SIP/2.0 180 Ringing",
        "32010 SIP/2.0 504 Reliable provisional not acknowledged",
      ]);
      expect(outcome).toEqual([504]);
      expect(alice.transactions.size + b.transactions.size + alice.dialogCount + b.dialogCount).toBe(0);
    });
  });

  it("§5: an offer in a reliable 183 is answered in the PRACK; the 2xx and ACK then carry no session description", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob: b, wire } = linkedCores(scheduler);
      const pracks: SipRequest[] = [];
      b.delegate = {
        onInvite(invite) {
          invite.onPrack = (prack) => pracks.push(prack);
          invite.progress({ statusCode: 183, reliable: true, body: OFFER });
          scheduler.schedule(() => invite.progress({ statusCode: 180, reliable: true }), 100);
          scheduler.schedule(() => invite.accept(), 1000);
        },
      };
      let session: InviteSession | undefined;
      const progress: string[] = [];
      alice.invite(
        alice.createRequest("INVITE", bob()), // no offer in the INVITE
        {
          onProgress: (r) => progress.push(`${r.statusCode} ${r.body === OFFER ? "with the offer" : "without a body"}`),
          onAccept: (_r, s) => (session = s),
        },
        { prackBody: (r) => (r.body !== "" ? { body: ANSWER } : undefined) },
      );
      script(h, "3000ms e", { e: () => session!.bye() });
      scheduler.flush();

      expect(timeline(wire.filter((w) => w.at < 3000))).toEqual([
        "0 alice: INVITE (1 INVITE)",
        "10 bob: SIP/2.0 183 Session Progress (1 INVITE)",
        "20 alice: PRACK (2 PRACK)",
        "30 bob: SIP/2.0 200 OK (2 PRACK)",
        "110 bob: SIP/2.0 180 Ringing (1 INVITE)",
        "120 alice: PRACK (3 PRACK)",
        "130 bob: SIP/2.0 200 OK (3 PRACK)",
        "1010 bob: SIP/2.0 200 OK (1 INVITE)",
        "1020 alice: ACK (1 ACK)",
      ]);
      const [invite, p183, prack1, , p180, prack2, , ok, ack] = wire;
      expect(body(invite!)).toBe("");
      expect(body(p183!)).toBe(OFFER);
      expect(body(prack1!)).toBe(ANSWER);
      expect(header(prack1!, "Content-Type")).toBe("application/sdp");
      expect(body(prack2!)).toBe("");
      expect(body(ok!)).toBe("");
      expect(body(ack!)).toBe("");
      // RSeq goes up by one per reliable provisional (§3), and each PRACK's RAck names its own
      const rseq = Number(header(p183!, "RSeq"));
      expect(Number(header(p180!, "RSeq"))).toBe(rseq + 1);
      expect(header(prack1!, "RAck")).toBe(`${rseq} 1 INVITE`);
      expect(header(prack2!, "RAck")).toBe(`${rseq + 1} 1 INVITE`);
      expect(pracks.map((p) => p.body)).toEqual([ANSWER, ""]);
      expect(progress).toEqual(["183 with the offer", "180 without a body"]);
    });
  });

  it("§3: a PRACK that matches no unacknowledged reliable provisional response gets 481", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob: b } = linkedCores(scheduler);
      b.delegate = {
        onInvite(invite) {
          invite.progress({ reliable: true });
          scheduler.schedule(() => invite.accept({ body: SDP }), 1000);
        },
      };
      let early: InviteSession | undefined;
      let session: InviteSession | undefined;
      alice.invite(alice.createRequest("INVITE", bob(), { body: SDP }), { onProgress: (_r, s) => (early = s), onAccept: (_r, s) => (session = s) });
      const answers: number[] = [];
      script(h, "500ms p 1999ms e", {
        p: () => {
          const bogus = early!.dialog.createRequest("PRACK", { extraHeaders: [["RAck", "999999 1 INVITE"]] });
          alice.request(bogus, { onReject: (r) => answers.push(r.statusCode), onAccept: (r) => answers.push(r.statusCode) });
        },
        e: () => session!.bye(),
      });
      scheduler.flush();
      expect(answers).toEqual([481]);
    });
  });

  it("§3: a PRACK whose RAck has the right RSeq and CSeq number but another method matches nothing: 481, and the 180 is still unacknowledged", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      // alice's own PRACKs are lost: only the one written here reaches bob
      const { alice, bob: b, wire } = linkedCores(scheduler, { drop: (text, from) => from === "alice" && text.startsWith("PRACK") && !text.includes(" BYE\r\n") });
      b.delegate = { onInvite: (invite) => void invite.progress({ reliable: true }) };
      let early: InviteSession | undefined;
      const call = alice.invite(alice.createRequest("INVITE", bob(), { body: SDP }), { onProgress: (_r, s) => (early = s) });
      const answers: number[] = [];
      script(h, "100ms p 1899ms c", {
        p: () => {
          const rseq = header(wire.find((w) => w.text.startsWith("SIP/2.0 180"))!, "RSeq");
          const wrong = early!.dialog.createRequest("PRACK", { extraHeaders: [["RAck", `${rseq} 1 BYE`]] });
          alice.request(wrong, { onReject: (r) => answers.push(r.statusCode), onAccept: (r) => answers.push(r.statusCode) });
        },
        c: () => call.cancel(),
      });
      scheduler.flush();
      expect(answers).toEqual([481]);
      // still waiting for its PRACK: sent again at T1 and 2T1 after the first
      expect(wire.filter((w) => w.from === "bob" && w.at < 2000 && w.text.startsWith("SIP/2.0 180")).map((w) => w.at)).toEqual([10, 510, 1510]);
    });
  });

  it("§4: a retransmitted reliable 183 (same RSeq) is neither PRACKed again nor reported again; one out of order is dropped", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const net = new VirtualNetwork(scheduler);
      const alice = net.core("alice");
      const got: string[] = [];
      // bob, written here: a reliable 183 with RSeq 7 twice, then RSeq 9 (8 is missing), then 200 to the PRACK
      net.attach("bob", (text) => {
        const m = parseMessage(text);
        if (!(m instanceof SipRequest)) return;
        got.push(`${m.method}${m.method === "PRACK" ? ` ${m.getHeader("RAck")}` : ""}`);
        if (m.method === "PRACK") return net.send("bob", buildResponse(m, 200, "OK", "b1"));
        if (m.method !== "INVITE") return;
        const reliable = (rseq: number) => {
          const r = buildResponse(m, 183, "Session Progress", "b1");
          r.addHeader("Contact", `<sip:bob@${hostOf("bob")}:5060>`).addHeader("Require", "100rel").addHeader("RSeq", String(rseq));
          return r;
        };
        net.send("bob", reliable(7));
        scheduler.schedule(() => net.send("bob", reliable(7)), 100);
        scheduler.schedule(() => net.send("bob", reliable(9)), 200);
      });
      const progress: number[] = [];
      const call = alice.invite(alice.createRequest("INVITE", bob(), { body: SDP }), { onProgress: (r) => progress.push(Number(r.getHeader("RSeq"))) });
      script(h, "1s c", { c: () => call.cancel() });
      scheduler.flush();
      expect(progress).toEqual([7]);
      expect(got.filter((g) => g.startsWith("PRACK"))).toEqual(["PRACK 7 1 INVITE"]);
    });
  });
});

