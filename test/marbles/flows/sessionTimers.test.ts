/**
 * Session timers (RFC 4028): the refresher refreshes at half the session interval, with
 * UPDATE when the peer allows it and re-INVITE otherwise (§10); the other side ends the
 * session with BYE at interval - min(32 s, interval / 3) when no refresh comes (§10); a UAS
 * whose Min-SE is above the asked interval answers 422, and the UAC retries with that
 * Min-SE (§7.4, §8.1).
 */
import { describe, expect, it } from "vitest";
import type { InviteSession } from "../../../src/core/dialogs/index.js";
import { DEFAULT_ALLOW, InvalidOptionError, sessionTimers, type UserAgentCoreOptions } from "../../../src/core/user-agent-core/index.js";
import { linkedCores } from "../../core/user-agent-core/link.js";
import { firstLine, type WireEntry } from "../../core/user-agent-core/network.js";
import { runMarbles, script } from "../helpers.js";
import { call } from "./established.js";
import { SDP } from "./sdp.js";
import { aliceHeaders, scriptedPeer } from "./scriptedPeer.js";
import { sipText } from "../../sipText.js";

const header = (w: WireEntry, name: string) => new RegExp(`\\r\\n${name}: *([^\\r]*)\\r\\n`, "i").exec(w.text)?.[1];
const timeline = (wire: WireEntry[]) => wire.filter((w) => !w.dropped).map((w) => `${w.at} ${w.from}: ${firstLine(w.text)} (${header(w, "CSeq")})`);

/** Session timers on, with the defaults (1800 s, Min-SE 90 s). */
const timers = { sessionTimers: sessionTimers() };

describe("session timers (RFC 4028)", () => {
  it("§10: the refresher (the UAC, refresher=uac) sends UPDATE at half the interval, again and again", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, wire } = linkedCores(scheduler, { alice: { sessionTimers: sessionTimers({ sessionExpires: 90 }) }, bob: timers });
      const c = call(scheduler, alice, bob);
      script(h, "100s e", { e: () => c.alice!.bye() });
      scheduler.flush();
      expect(timeline(wire)).toEqual([
        "0 alice: INVITE (1 INVITE)",
        "10 bob: SIP/2.0 200 OK (1 INVITE)",
        "20 alice: ACK (1 ACK)",
        "45020 alice: UPDATE (2 UPDATE)", // 45 s after the 2xx reached alice
        "45030 bob: SIP/2.0 200 OK (2 UPDATE)",
        "90040 alice: UPDATE (3 UPDATE)", // 45 s after the refresh's 2xx
        "90050 bob: SIP/2.0 200 OK (3 UPDATE)",
        "100000 alice: BYE (4 BYE)",
        "100010 bob: SIP/2.0 200 OK (4 BYE)",
      ]);
      const [invite, ok, , update, updateOk] = wire;
      expect(header(invite!, "Session-Expires")).toBe("90");
      expect(header(invite!, "Min-SE")).toBe("90");
      expect(header(invite!, "Supported")).toContain("timer");
      // §9: the UAS says who refreshes; the UAC supports timers, so it is the UAC
      expect(header(ok!, "Session-Expires")).toBe("90;refresher=uac");
      expect(header(ok!, "Require")).toBe("timer");
      // the refresh keeps the refresher: alice, the UAC of the UPDATE
      expect(header(update!, "Session-Expires")).toBe("90;refresher=uac");
      expect(header(update!, "Content-Type")).toBeUndefined();
      expect(header(updateOk!, "Session-Expires")).toBe("90;refresher=uac");
    });
  });

  it("§10: when the peer's Allow has no UPDATE, the refresh is a re-INVITE (with the session description) and its ACK", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, wire } = linkedCores(scheduler, {
        alice: { sessionTimers: sessionTimers({ sessionExpires: 120 }) },
        bob: { ...timers, allow: DEFAULT_ALLOW.filter((m) => m !== "UPDATE") },
      });
      const c = call(scheduler, alice, bob);
      script(h, "1000ms s 98999ms e", {
        s: () => {
          c.alice!.delegate.refreshBody = () => SDP;
          c.bob!.delegate.onReinvite = (re) => re.accept({ body: re.request.body });
        },
        e: () => c.alice!.bye(),
      });
      scheduler.flush();
      expect(timeline(wire)).toEqual([
        "0 alice: INVITE (1 INVITE)",
        "10 bob: SIP/2.0 200 OK (1 INVITE)",
        "20 alice: ACK (1 ACK)",
        "60020 alice: INVITE (2 INVITE)",
        "60030 bob: SIP/2.0 200 OK (2 INVITE)",
        "60040 alice: ACK (2 ACK)",
        "100000 alice: BYE (3 BYE)",
        "100010 bob: SIP/2.0 200 OK (3 BYE)",
      ]);
      const reinvite = wire[3]!;
      expect(reinvite.text.endsWith(SDP)).toBe(true);
      expect(header(reinvite, "Session-Expires")).toBe("120;refresher=uac");
      expect(header(wire[1]!, "Allow")).not.toContain("UPDATE");
    });
  });

  it("§9, §10: when the UAS is the refresher (refresher=uas), the callee's UPDATE names itself refresher=uac and the caller never expires", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, wire } = linkedCores(scheduler, { alice: timers, bob: timers });
      const c = call(scheduler, alice, bob, { headers: [["Session-Expires", "90;refresher=uas"]] });
      const expired: string[] = [];
      script(h, "1000ms s 198999ms e", {
        s: () => {
          c.alice!.delegate.onSessionExpired = () => expired.push("alice");
          c.bob!.delegate.onSessionExpired = () => expired.push("bob");
        },
        e: () => c.alice!.bye(),
      });
      scheduler.flush();
      expect(timeline(wire)).toEqual([
        "0 alice: INVITE (1 INVITE)",
        "10 bob: SIP/2.0 200 OK (1 INVITE)",
        "20 alice: ACK (1 ACK)",
        "45010 bob: UPDATE (1 UPDATE)", // 45 s after bob's 2xx
        "45020 alice: SIP/2.0 200 OK (1 UPDATE)",
        "90030 bob: UPDATE (2 UPDATE)",
        "90040 alice: SIP/2.0 200 OK (2 UPDATE)",
        "135050 bob: UPDATE (3 UPDATE)",
        "135060 alice: SIP/2.0 200 OK (3 UPDATE)",
        "180070 bob: UPDATE (4 UPDATE)",
        "180080 alice: SIP/2.0 200 OK (4 UPDATE)",
        "200000 alice: BYE (2 BYE)",
        "200010 bob: SIP/2.0 200 OK (2 BYE)",
      ]);
      expect(header(wire[1]!, "Session-Expires")).toBe("90;refresher=uas");
      for (const w of wire.filter((x) => x.text.startsWith("UPDATE") || (x.from === "alice" && x.text.startsWith("SIP/2.0 200")))) {
        expect(header(w, "Session-Expires")).toBe("90;refresher=uac"); // bob is the UAC of each UPDATE
      }
      expect(expired).toEqual([]);
    });
  });

  for (const interval of [90, 1800]) {
    const byeAt = interval * 1000 - Math.min(32_000, (interval * 1000) / 3);
    it(`§10: with a ${interval} s interval and no refresh, the non-refresher sends BYE ${byeAt / 1000} s after the 2xx (interval - min(32, interval/3))`, () => {
      runMarbles((h) => {
        const { scheduler } = h;
        const { alice, bob, wire } = linkedCores(scheduler, { alice: { sessionTimers: sessionTimers({ sessionExpires: interval }) }, bob: timers });
        const events: string[] = [];
        const c = call(scheduler, alice, bob);
        script(h, "1s s", {
          s: () => {
            c.alice!.timer!.stop(); // the refresher goes silent
            c.bob!.delegate.onSessionExpired = () => events.push(`bob expired at ${scheduler.now()}`);
            c.bob!.delegate.onTerminated = (r) => events.push(`bob ${r}`);
            c.alice!.delegate.onTerminated = (r) => events.push(`alice ${r}`);
          },
        });
        scheduler.flush();
        // bob's timer started with his 2xx, at 10 ms
        expect(timeline(wire.slice(3))).toEqual([`${10 + byeAt} bob: BYE (1 BYE)`, `${20 + byeAt} alice: SIP/2.0 200 OK (1 BYE)`]);
        expect(header(wire[3]!, "Reason")).toBe('SIP;cause=408;text="Session expired"');
        expect(events).toEqual([`bob expired at ${10 + byeAt}`, "bob expired", "alice bye-received"]);
      });
    });
  }

  it("§7.4, §8.1: a UAS with a higher Min-SE answers 422 with its Min-SE; the UAC retries with Session-Expires = that Min-SE and succeeds", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, wire } = linkedCores(scheduler, {
        alice: { sessionTimers: sessionTimers({ sessionExpires: 90 }) },
        bob: { sessionTimers: sessionTimers({ minSE: 300 }) },
      });
      let session: InviteSession | undefined;
      const c = call(scheduler, alice, bob, { handlers: { onAccept: (_r, s) => (session = s) } });
      script(h, "200s e", { e: () => session!.bye() });
      scheduler.flush();
      expect(timeline(wire)).toEqual([
        "0 alice: INVITE (1 INVITE)",
        "10 bob: SIP/2.0 422 Session Interval Too Small (1 INVITE)",
        "20 alice: ACK (1 ACK)", // the transaction acknowledges the 422 before passing it up (§17.1.1.2)
        "20 alice: INVITE (2 INVITE)",
        "30 bob: SIP/2.0 200 OK (2 INVITE)",
        "40 alice: ACK (2 ACK)",
        "150040 alice: UPDATE (3 UPDATE)", // half of 300 s
        "150050 bob: SIP/2.0 200 OK (3 UPDATE)",
        "200000 alice: BYE (4 BYE)",
        "200010 bob: SIP/2.0 200 OK (4 BYE)",
      ]);
      const [first, tooSmall, , retry, ok] = wire;
      expect(header(first!, "Session-Expires")).toBe("90");
      expect(header(tooSmall!, "Min-SE")).toBe("300");
      expect(header(retry!, "Session-Expires")).toBe("300");
      expect(header(retry!, "Min-SE")).toBe("300");
      // §8.1: the retry is the same request with the next CSeq: same Call-ID and From tag
      expect(header(retry!, "Call-ID")).toBe(header(first!, "Call-ID"));
      expect(header(retry!, "From")).toBe(header(first!, "From"));
      expect(header(retry!, "Via")).not.toBe(header(first!, "Via"));
      expect(header(ok!, "Session-Expires")).toBe("300;refresher=uac");
      expect(c.invite!.request.cseq.seq).toBe(2);
    });
  });
});

describe("without session timers (the default: no sessionTimers())", () => {
  it("§7.1: our INVITE has no Session-Expires nor Min-SE and Supported has no timer; the callee's 2xx sets none either", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, wire } = linkedCores(scheduler);
      call(scheduler, alice, bob);
      scheduler.flush();
      const [invite, ok] = wire;
      expect(firstLine(invite!.text)).toBe("INVITE");
      expect(header(invite!, "Session-Expires")).toBeUndefined();
      expect(header(invite!, "Min-SE")).toBeUndefined();
      expect(header(invite!, "Supported")).not.toMatch(/\btimer\b/);
      expect(header(ok!, "Session-Expires")).toBeUndefined();
      expect(header(ok!, "Supported")).not.toMatch(/\btimer\b/);
    });
  });

  it("RFC 3261 §8.2.2.3: an INVITE with Require: timer gets 420 Bad Extension with Unsupported: timer", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, wire } = linkedCores(scheduler, { alice: timers });
      const rejected: number[] = [];
      call(scheduler, alice, bob, { headers: [["Require", "timer"]], handlers: { onReject: (r) => rejected.push(r.statusCode) } });
      scheduler.flush();
      expect(timeline(wire).slice(0, 2)).toEqual(["0 alice: INVITE (1 INVITE)", "10 bob: SIP/2.0 420 Bad Extension (1 INVITE)"]);
      expect(header(wire[1]!, "Unsupported")).toBe("timer");
      expect(rejected).toEqual([420]);
    });
  });

  it("a core told supported: [..., timer] without sessionTimers() does not claim it: Require: timer still gets 420", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, wire } = linkedCores(scheduler, { alice: timers, bob: { supported: ["100rel", "timer"] } });
      expect(bob.supported).toEqual(["100rel"]);
      expect(alice.supported).toContain("timer"); // with sessionTimers() the core adds it to DEFAULT_SUPPORTED
      call(scheduler, alice, bob, { headers: [["Require", "timer"]] });
      scheduler.flush();
      expect(firstLine(wire[1]!.text)).toBe("SIP/2.0 420 Bad Extension");
    });
  });

  it("§9: a caller's Session-Expires (even below 90 s) is ignored: 200 without Session-Expires, no refresh, no expiry BYE", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, wire } = linkedCores(scheduler, { alice: timers });
      const c = call(scheduler, alice, bob, { headers: [["Session-Expires", "60;refresher=uas"]] });
      const ended: string[] = [];
      script(h, "1s s 3598999ms e", {
        s: () => (c.bob!.delegate.onTerminated = (r) => ended.push(`bob ${r}`)),
        e: () => c.alice!.bye(),
      });
      scheduler.flush();
      expect(timeline(wire)).toEqual([
        "0 alice: INVITE (1 INVITE)",
        "10 bob: SIP/2.0 200 OK (1 INVITE)",
        "20 alice: ACK (1 ACK)",
        "3600000 alice: BYE (2 BYE)",
        "3600010 bob: SIP/2.0 200 OK (2 BYE)",
      ]);
      expect(header(wire[1]!, "Session-Expires")).toBeUndefined();
      expect(header(wire[1]!, "Require")).toBeUndefined();
      expect(c.bob!.timer).toBeUndefined();
      expect(ended).toEqual(["bob bye-received"]);
    });
  });

  it("§9: a refresh UPDATE with Session-Expires is answered 200 without Session-Expires", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, wire } = linkedCores(scheduler);
      const c = call(scheduler, alice, bob);
      script(h, "1s u", { u: () => c.alice!.update({ extraHeaders: [["Session-Expires", "120;refresher=uac"]] }) });
      scheduler.flush();
      const ok = wire.find((w) => w.from === "bob" && /\(\d+ UPDATE\)/.test(timeline([w])[0]!));
      expect(ok && firstLine(ok.text)).toBe("SIP/2.0 200 OK");
      expect(header(ok!, "Session-Expires")).toBeUndefined();
      expect(header(ok!, "Require")).toBeUndefined();
    });
  });

  it("the old { sessionExpires, minSE } form is refused with an InvalidOptionError naming sessionTimers()", () => {
    runMarbles((h) => {
      const old = { sessionTimers: { sessionExpires: 600 } } as unknown as Partial<UserAgentCoreOptions>;
      expect(() => linkedCores(h.scheduler, { alice: old })).toThrow(InvalidOptionError);
      expect(() => linkedCores(h.scheduler, { alice: old })).toThrow(/sessionTimers\(/);
    });
  });

  it("sessionTimers() refuses intervals below 90 s (RFC 4028 §4) and a Session-Expires below its Min-SE", () => {
    expect(() => sessionTimers({ sessionExpires: 60 })).toThrow(InvalidOptionError);
    expect(() => sessionTimers({ minSE: 30 })).toThrow(InvalidOptionError);
    expect(() => sessionTimers({ sessionExpires: 120, minSE: 300 })).toThrow(InvalidOptionError);
    expect(sessionTimers({ sessionExpires: 600 })).toMatchObject({ sessionExpires: 600, minSE: 90 });
  });

  it("RFC 3261 §8.2.2.3: a refresh from a peer that does not say Supported: timer gets a 2xx without Require: timer", () => {
    runMarbles((h) => {
      // a caller without timer support, whose proxy put Session-Expires in the INVITE (§8): we refresh (refresher=uas)
      const peer = scriptedPeer(h.scheduler, timers);
      let tag = "";
      peer.bob.delegate = {
        onInvite: (i) => {
          tag = i.toTag;
          i.accept({ body: SDP }).delegate.onReinvite = (r) => r.accept({ body: SDP });
        },
      };
      script(h, "a 49ms b 49ms c 49ms d", {
        a: () => peer.send([...aliceHeaders("INVITE", 1, "i1"), "Session-Expires: 1800"], SDP),
        b: () => peer.send(aliceHeaders("ACK", 1, "a1", tag)),
        c: () => peer.send(aliceHeaders("INVITE", 2, "i2", tag), SDP),
        d: () => peer.send(aliceHeaders("ACK", 2, "a2", tag)),
      });
      h.scheduler.flush();
      const oks = peer.received.filter((t) => t.startsWith("SIP/2.0 200")).map(sipText);
      expect(oks.map((r) => r.header("CSeq")[0])).toEqual(["1 INVITE", "2 INVITE"]);
      expect(oks[0]!.header("Session-Expires")).toEqual(["1800;refresher=uas"]);
      for (const ok of oks) expect(ok.header("Require")).toEqual([]);
    });
  });
});

