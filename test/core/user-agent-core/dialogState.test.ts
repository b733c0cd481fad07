/**
 * Dialog state (RFC 3261 §12.1.1, §12.1.2, §12.2.1.1) and the small pure pieces of the
 * INVITE session: the glare delays of §14.1 and the session-timer `refresher` mapping of
 * RFC 4028 §9, read per transaction.
 */
import { describe, expect, it } from "vitest";
import { Dialog, glareDelay, readSessionTimer, refresherParam } from "../../../src/core/dialogs/index.js";
import { parseMessage, type SipRequest, type SipResponse } from "../../../src/core/messages/index.js";

const INVITE = parseMessage(
  "INVITE sip:bob@bob.example.test SIP/2.0\r\n" +
    "Via: SIP/2.0/UDP alice.example.test;branch=z9hG4bK776asdhds\r\n" +
    "Max-Forwards: 70\r\n" +
    'From: "Alice" <sip:alice@example.test>;tag=1928301774\r\n' +
    "To: Bob <sip:bob@example.test>\r\n" +
    "Call-ID: a84b4c76e66710@alice.example.test\r\n" +
    "CSeq: 314159 INVITE\r\n" +
    "Contact: <sip:alice@alice.example.test>\r\n" +
    "Record-Route: <sip:p2.example.test;lr>, <sip:p1.example.test;lr>\r\n" +
    "Content-Length: 0\r\n\r\n",
) as SipRequest;

const OK = parseMessage(
  "SIP/2.0 200 OK\r\n" +
    "Via: SIP/2.0/UDP alice.example.test;branch=z9hG4bK776asdhds\r\n" +
    'From: "Alice" <sip:alice@example.test>;tag=1928301774\r\n' +
    "To: Bob <sip:bob@example.test>;tag=a6c85cf\r\n" +
    "Call-ID: a84b4c76e66710@alice.example.test\r\n" +
    "CSeq: 314159 INVITE\r\n" +
    "Contact: <sip:bob@192.0.2.4>\r\n" +
    "Record-Route: <sip:p2.example.test;lr>, <sip:p1.example.test;lr>\r\n" +
    "Content-Length: 0\r\n\r\n",
) as SipResponse;

const header = (r: SipRequest, name: string) => r.getHeader(name);

describe("dialog state (RFC 3261 §12)", () => {
  it("§12.1.2: the UAC's dialog: route set is the Record-Route reversed, remote target the 2xx's Contact, tags and CSeq from the request", () => {
    const d = Dialog.fromUac(INVITE, OK);
    expect(d.state).toBe("confirmed");
    expect([d.callId, d.localTag, d.remoteTag, d.localSeq, d.remoteSeq]).toEqual(["a84b4c76e66710@alice.example.test", "1928301774", "a6c85cf", 314159, undefined]);
    expect(d.routeSet.map((r) => r.uri.host)).toEqual(["p1.example.test", "p2.example.test"]);
    expect(d.remoteTarget.toString()).toBe("sip:bob@192.0.2.4");
    expect(d.localUri.toString()).toBe('Alice <sip:alice@example.test>');
    expect(d.remoteUri.toString()).toBe("Bob <sip:bob@example.test>");
    expect(d.key).toBe("a84b4c76e66710@alice.example.test\n1928301774\na6c85cf");
  });

  it("§12.1.1: the UAS's dialog: route set is the Record-Route in order, remote target the request's Contact, remote CSeq the request's", () => {
    const d = Dialog.fromUas(INVITE, "a6c85cf");
    expect(d.state).toBe("early");
    expect([d.localTag, d.remoteTag, d.localSeq, d.remoteSeq]).toEqual(["a6c85cf", "1928301774", 0, 314159]);
    expect(d.routeSet.map((r) => r.uri.host)).toEqual(["p2.example.test", "p1.example.test"]);
    expect(d.remoteTarget.toString()).toBe("sip:alice@alice.example.test");
    expect(d.localUri.toString()).toBe("Bob <sip:bob@example.test>");
  });

  it("§12.2.1.1: a request in the dialog has the remote target as Request-URI, the route set as Route, the dialog's tags and the next CSeq", () => {
    const d = Dialog.fromUac(INVITE, OK);
    const bye = d.createRequest("BYE");
    expect(bye.ruri.toString()).toBe("sip:bob@192.0.2.4");
    expect(bye.getHeaders("route")).toEqual(["<sip:p1.example.test;lr>", "<sip:p2.example.test;lr>"]);
    expect(header(bye, "from")).toBe('Alice <sip:alice@example.test>;tag=1928301774');
    expect(header(bye, "to")).toBe("Bob <sip:bob@example.test>;tag=a6c85cf");
    expect(header(bye, "call-id")).toBe("a84b4c76e66710@alice.example.test");
    expect(header(bye, "cseq")).toBe("314160 BYE");
    // read back as a peer would
    const again = parseMessage(bye.toString()) as SipRequest;
    expect(again.from.tag).toBe("1928301774");
    expect(again.to.tag).toBe("a6c85cf");
  });

  it("§12.2.2: a request with a lower CSeq than the last one is out of order; ACK and CANCEL are not checked", () => {
    const d = Dialog.fromUas(INVITE, "a6c85cf");
    const inDialog = (method: string, seq: number) => ({ method, cseq: { seq, method } }) as unknown as SipRequest;
    expect(d.acceptRemoteSeq(inDialog("INFO", 314160))).toBe(true);
    expect(d.acceptRemoteSeq(inDialog("INFO", 314159))).toBe(false);
    expect(d.acceptRemoteSeq(inDialog("ACK", 1))).toBe(true);
  });
});

describe("§14.1 glare delays", () => {
  it("the owner of the Call-ID waits 2.1 to 4 s, the other side 0 to 2 s, in units of 10 ms", () => {
    const owner = new Set<number>();
    const other = new Set<number>();
    for (let r = 0; r < 5000; r++) {
      owner.add(glareDelay(true, r));
      other.add(glareDelay(false, r));
    }
    expect(Math.min(...owner)).toBe(2100);
    expect(Math.max(...owner)).toBe(4000);
    expect(owner.size).toBe(191);
    expect(Math.min(...other)).toBe(0);
    expect(Math.max(...other)).toBe(2000);
    expect(other.size).toBe(201);
    for (const t of [...owner, ...other]) expect(t % 10).toBe(0);
  });
});

describe("RFC 4028 §9: refresher names a side of the transaction, not of the dialog", () => {
  const withSe = (value: string) => parseMessage(`SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\nCall-ID: c\r\nCSeq: 1 UPDATE\r\nSession-Expires: ${value}\r\nContent-Length: 0\r\n\r\n`);
  it("refresher=uac read by the transaction's UAC means us; by its UAS, the peer", () => {
    expect(readSessionTimer(withSe("90;refresher=uac"), "uac")).toEqual({ interval: 90, refresher: "local" });
    expect(readSessionTimer(withSe("90;refresher=uac"), "uas")).toEqual({ interval: 90, refresher: "remote" });
    expect(readSessionTimer(withSe("1800"), "uac")).toEqual({ interval: 1800, refresher: "local" });
  });
  it("we write uac for ourselves when we send the request, uas when we answer it", () => {
    expect(refresherParam({ interval: 90, refresher: "local" }, "uac")).toBe("uac");
    expect(refresherParam({ interval: 90, refresher: "local" }, "uas")).toBe("uas");
    expect(refresherParam({ interval: 90, refresher: "remote" }, "uac")).toBe("uas");
    expect(refresherParam({ interval: 90, refresher: "remote" }, "uas")).toBe("uac");
  });
});
