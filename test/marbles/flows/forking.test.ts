/**
 * RFC 3261 §13.2.2.4 and §12.1.2: an INVITE forked by a proxy to two user agents. Each fork
 * answers 180 with its own To tag (two early dialogs); the first 2xx makes the session; the
 * 2xx of the other fork "MUST" be acknowledged and, since the UAC wants one session, ended
 * with BYE.
 */
import { describe, expect, it } from "vitest";
import type { InviteSession } from "../../../src/core/dialogs/index.js";
import { Uri } from "../../../src/core/messages/index.js";
import { attachForkingProxy } from "../../core/user-agent-core/forkingProxy.js";
import { hostOf, VirtualNetwork } from "../../core/user-agent-core/network.js";
import { runMarbles, script } from "../helpers.js";
import { SDP } from "./sdp.js";

describe("an INVITE forked to two user agents (RFC 3261 §13.2.2.4)", () => {
  it("two 180s with different To tags make two early dialogs; the second fork's 2xx is ACKed, then BYEd", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const net = new VirtualNetwork(scheduler);
      const alice = net.core("alice", {}, 1);
      const bob1 = net.core("bob1", {}, 2);
      const bob2 = net.core("bob2", {}, 3);
      attachForkingProxy(net, "proxy", ["bob1", "bob2"]);

      const ended: string[] = [];
      const answer = (name: string, ringAfter: number, answerAfter: number) => ({
        onInvite(invite: import("../../../src/core/user-agent-core/index.js").IncomingInvite) {
          scheduler.schedule(() => invite.progress(), ringAfter);
          scheduler.schedule(() => {
            const s = invite.accept({ body: SDP });
            s.delegate.onTerminated = (r) => ended.push(`${name} ${r}`);
          }, answerAfter);
        },
      });
      bob1.delegate = answer("bob1", 0, 1000);
      bob2.delegate = answer("bob2", 50, 1500);

      const early: Array<{ tag: string; session: InviteSession | undefined }> = [];
      const accepted: string[] = [];
      let session: InviteSession | undefined;
      alice.invite(alice.createRequest("INVITE", Uri.sip("bob", hostOf("proxy")), { body: SDP }), {
        onProgress: (res, s) => early.push({ tag: res.to.tag!, session: s }),
        onAccept: (res, s) => {
          accepted.push(res.to.tag!);
          session = s;
          s.delegate.onTerminated = (r) => ended.push(`alice ${r}`);
        },
      });
      script(h, "3000ms a", { a: () => session!.bye() });
      scheduler.flush();

      const at = net.wire.filter((w) => !w.dropped).map((w) => `${w.at} ${w.from}>${w.to} ${w.text.slice(0, w.text.indexOf("\r\n")).replace(/ \S+ SIP\/2\.0$/, "")}`);
      expect(at).toEqual([
        "0 alice>proxy INVITE",
        "10 proxy>bob1 INVITE",
        "10 proxy>bob2 INVITE",
        "20 bob1>proxy SIP/2.0 180 Ringing",
        "30 proxy>alice SIP/2.0 180 Ringing",
        "70 bob2>proxy SIP/2.0 180 Ringing",
        "80 proxy>alice SIP/2.0 180 Ringing",
        "1020 bob1>proxy SIP/2.0 200 OK",
        "1030 proxy>alice SIP/2.0 200 OK",
        "1040 alice>bob1 ACK",
        "1520 bob2>proxy SIP/2.0 200 OK",
        "1530 proxy>alice SIP/2.0 200 OK",
        "1540 alice>bob2 ACK",
        "1540 alice>bob2 BYE",
        "1550 bob2>alice SIP/2.0 200 OK",
        "3000 alice>bob1 BYE",
        "3010 bob1>alice SIP/2.0 200 OK",
      ]);

      // two early dialogs, one per To tag, each with its own session
      expect(early).toHaveLength(2);
      expect(early[0]!.tag).not.toBe(early[1]!.tag);
      expect(early[0]!.session).toBeDefined();
      expect(early[1]!.session).toBeDefined();
      expect(early[0]!.session).not.toBe(early[1]!.session);
      // the first 2xx (bob1's) is the session; the second is not reported as another
      expect(accepted).toEqual([early[0]!.tag]);
      expect(session).toBe(early[0]!.session);

      // the ACK and BYE for the second fork carry that fork's To tag and follow its Contact
      const toBob2 = net.wire.filter((w) => w.to === "bob2" && !w.text.startsWith("INVITE"));
      const bob2Tag = early[1]!.tag;
      for (const w of toBob2) {
        expect(w.text).toContain(`;tag=${bob2Tag}`);
        expect(w.text.startsWith(`${w.text.startsWith("ACK") ? "ACK" : "BYE"} sip:bob2@${hostOf("bob2")}:5060 SIP/2.0`)).toBe(true);
      }
      expect(toBob2.map((w) => /CSeq: (.*)\r\n/.exec(w.text)![1])).toEqual(["1 ACK", "2 BYE"]);

      expect(ended).toEqual(["bob2 bye-received", "alice bye-sent", "bob1 bye-received"]);
      for (const core of [alice, bob1, bob2]) {
        expect(core.dialogCount).toBe(0);
        expect(core.transactions.size).toBe(0);
      }
    });
  });

  it("a retransmission of the second fork's 2xx is ACKed again, and BYE is not sent twice (§13.2.2.4)", () => {
    runMarbles(({ scheduler }) => {
      // the first ACK and the first BYE to bob2 are lost: bob2 retransmits its 2xx
      const lost = new Set<string>();
      const net = new VirtualNetwork(scheduler, {
        drop: (text, _from, to) => {
          const method = text.slice(0, 3);
          if (to !== "bob2" || (method !== "ACK" && method !== "BYE") || lost.has(method)) return false;
          lost.add(method);
          return true;
        },
      });
      const alice = net.core("alice", {}, 1);
      const bob1 = net.core("bob1", {}, 2);
      const bob2 = net.core("bob2", {}, 3);
      attachForkingProxy(net, "proxy", ["bob1", "bob2"]);
      bob1.delegate = { onInvite: (invite) => scheduler.schedule(() => invite.accept({ body: SDP }), 100) };
      bob2.delegate = { onInvite: (invite) => scheduler.schedule(() => invite.accept({ body: SDP }), 300) };
      let accepted = 0;
      alice.invite(alice.createRequest("INVITE", Uri.sip("bob", hostOf("proxy")), { body: SDP }), {
        onAccept: (_res, session) => {
          accepted++;
          scheduler.schedule(() => session.bye(), 5000);
        },
      });
      scheduler.flush();
      const toBob2 = net.wire.filter((w) => w.from === "alice" && w.to === "bob2").map((w) => `${w.at} ${w.text.slice(0, 3)}${w.dropped ? " (lost)" : ""}`);
      // bob2's 200 reaches alice at 340 and again at 840 (retransmitted T1 later, via the proxy):
      // the same ACK goes again; the BYE is retransmitted by its own transaction (Timer E), not sent anew
      expect(toBob2).toEqual(["340 ACK (lost)", "340 BYE (lost)", "840 BYE", "840 ACK"]);
      const acks = net.wire.filter((w) => w.to === "bob2" && w.text.startsWith("ACK"));
      expect(acks[1]!.text).toBe(acks[0]!.text);
      const byes = net.wire.filter((w) => w.to === "bob2" && w.text.startsWith("BYE"));
      expect(byes[1]!.text).toBe(byes[0]!.text);
      expect(accepted).toBe(1);
      for (const core of [alice, bob1, bob2]) {
        expect(core.dialogCount).toBe(0);
        expect(core.transactions.size).toBe(0);
      }
    });
  });
});
