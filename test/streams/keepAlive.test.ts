import { Subject } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import { describe, expect, it } from "vitest";
import { parseMessage } from "../../src/core/messages/parseMessage.js";
import type { SipRequest } from "../../src/core/messages/SipRequest.js";
import type { SipResponse } from "../../src/core/messages/SipResponse.js";
import { Uri } from "../../src/core/messages/Uri.js";
import { keepAlive } from "../../src/streams/keepAlive.js";
import { crlfKeepAlive, CRLF_PING } from "../../src/streams/keepAliveCrlf.js";
import { buildOptionsPing, optionsKeepAlive } from "../../src/streams/keepAliveOptions.js";
import { TransportError } from "../../src/streams/TransportError.js";

function scheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

const timeoutError = (ms: number) => new TransportError("KEEPALIVE_TIMEOUT", `no keep-alive answer within ${ms} ms`);

describe("keepAlive", () => {
  it("sends pings at interval, interval + answer delay + interval ...", () => {
    const ts = scheduler();
    ts.run(({ hot, expectObservable, flush }) => {
      const at: number[] = [];
      const answers = hot("----a------a--------");
      const result = keepAlive(() => void at.push(ts.now()), answers, { interval: 3, timeout: 5 });
      expectObservable(result, "^--------------!").toBe("");
      flush();
      // ping at 3, answer at 4; ping at 7, answer at 11; ping at 14
      expect(at).toEqual([3, 7, 14]);
    });
  });

  it("errors with KEEPALIVE_TIMEOUT when no answer comes within timeout", () => {
    scheduler().run(({ hot, expectObservable }) => {
      const answers = hot("-------------");
      const result = keepAlive(() => undefined, answers, { interval: 3, timeout: 2 });
      expectObservable(result).toBe("-----#", undefined, timeoutError(2));
    });
  });

  it("an answer before the ping does not count", () => {
    scheduler().run(({ hot, expectObservable }) => {
      const answers = hot("-a-----------");
      const result = keepAlive(() => undefined, answers, { interval: 3, timeout: 2 });
      expectObservable(result).toBe("-----#", undefined, timeoutError(2));
    });
  });

  it("errors with SEND_FAILED when the ping cannot be sent", async () => {
    const answers = new Subject<void>();
    const error = await new Promise<unknown>((resolve) =>
      keepAlive(() => Promise.reject(new Error("socket gone")), answers, { interval: 1, timeout: 1000 }).subscribe({ error: resolve }),
    );
    expect((error as TransportError).code).toBe("SEND_FAILED");
  });

  it("waits for an answer only after a ping, and lets go of everything when unsubscribed", () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const answers = hot("------------");
      const result = keepAlive(() => undefined, answers, { interval: 3, timeout: 2 });
      expectObservable(result, "^---!").toBe("");
      expectSubscriptions(answers.subscriptions).toBe("---^!");
    });
  });
});

describe("crlfKeepAlive (RFC 5626 §4.4.1)", () => {
  it("sends CRLF CRLF and takes a pong as the answer", () => {
    const ts = scheduler();
    ts.run(({ hot, expectObservable, flush }) => {
      const sent: Array<[number, string]> = [];
      const pongs = hot("-----p-----------");
      const result = crlfKeepAlive({ interval: 4, timeout: 3, send: (d) => void sent.push([ts.now(), d]), pongs$: pongs });
      expectObservable(result).toBe("------------#", undefined, timeoutError(3));
      flush();
      expect(sent).toEqual([
        [4, CRLF_PING],
        [9, CRLF_PING],
      ]);
    });
  });
});

describe("OPTIONS keep-alive", () => {
  const target = Uri.sip(undefined, "proxy.example.com", 5060);

  it("builds an OPTIONS request with the message layer (RFC 3261 §11)", () => {
    const req = buildOptionsPing({ target, protocol: "TCP", callId: "abc", cseq: 7, viaHost: "k.invalid", tag: "t1" });
    const parsed = parseMessage(req.toString()) as SipRequest;
    expect(parsed.method).toBe("OPTIONS");
    expect(parsed.ruri.toString()).toBe("sip:proxy.example.com:5060");
    expect(parsed.via.transport).toBe("TCP");
    expect(parsed.via.host).toBe("k.invalid");
    expect(parsed.via.branch).toMatch(/^z9hG4bK[a-z0-9]{16}$/);
    expect(parsed.via.rport).toBeNull();
    expect(parsed.cseq).toEqual({ seq: 7, method: "OPTIONS" });
    expect(parsed.callId).toBe("abc");
    expect(parsed.maxForwards).toBe(70);
    expect(parsed.from.params["tag"]).toBe("t1");
    expect(parsed.to.uri.toString()).toBe("sip:proxy.example.com:5060");
    expect(parsed.getHeader("Content-Length")).toBe("0");
  });

  it("takes the response to the current ping (Call-ID and CSeq) as the answer, whatever its status", () => {
    const ts = scheduler();
    ts.run(({ cold, expectObservable, flush }) => {
      const sent: SipRequest[] = [];
      const responses = new Subject<SipResponse>();
      const answer = (req: SipRequest, status: number) =>
        parseMessage(
          `SIP/2.0 ${status} X\r\nVia: ${req.getHeader("via")}\r\nCall-ID: ${req.callId}\r\nCSeq: ${req.cseq.seq} OPTIONS\r\nContent-Length: 0\r\n\r\n`,
        ) as SipResponse;
      const result = optionsKeepAlive({
        interval: 4,
        timeout: 3,
        target,
        protocol: "UDP",
        callId: "ka-1",
        send: (req) => {
          sent.push(req);
          // first ping: answered (405 still proves the server alive); second: a stale answer to the first
          const reply = sent.length === 1 ? answer(req, 405) : answer(sent[0]!, 200);
          cold("-a").subscribe(() => responses.next(reply));
        },
        responses$: responses,
      });
      expectObservable(result).toBe("------------#", undefined, timeoutError(3));
      flush();
      expect(sent.map((r) => r.cseq.seq)).toEqual([1, 2]);
      expect(new Set(sent.map((r) => r.callId))).toEqual(new Set(["ka-1"]));
    });
  });
  it("over UDP retransmits an unanswered ping at T1, doubling up to T2, until answered (RFC 3261 §17.1.2.2 Timer E)", () => {
    const ts = scheduler();
    ts.run(({ expectObservable, flush }) => {
      const sent: Array<[number, string, number]> = [];
      const responses = new Subject<SipResponse>();
      const result = optionsKeepAlive({
        interval: 1000,
        timeout: 10_000,
        target,
        protocol: "UDP",
        callId: "ka-2",
        send: (req) => void sent.push([ts.now(), req.via.branch!, req.cseq.seq]),
        responses$: responses,
      });
      // the 5th transmission (at 1000 + 7500) is answered; nothing more goes until the next ping at 8500 + 1000
      ts.schedule(() => {
        const req = sent[sent.length - 1]!;
        responses.next(parseMessage(`SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP x.invalid;branch=${req[1]}\r\nCall-ID: ka-2\r\nCSeq: ${req[2]} OPTIONS\r\nContent-Length: 0\r\n\r\n`) as SipResponse);
      }, 8600);
      expectObservable(result, "^ 9700ms !").toBe("");
      flush();
      expect(sent.map(([at]) => at)).toEqual([1000, 1500, 2500, 4500, 8500, 9600]);
      expect(new Set(sent.slice(0, 5).map(([, branch, cseq]) => `${branch} ${cseq}`)).size).toBe(1);
      expect(sent[5]![2]).toBe(2);
    });
  });

  it("over TCP sends each ping once", () => {
    const ts = scheduler();
    ts.run(({ expectObservable, flush }) => {
      const sent: number[] = [];
      const result = optionsKeepAlive({ interval: 1000, timeout: 10_000, target, protocol: "TCP", send: () => void sent.push(ts.now()), responses$: new Subject<SipResponse>() });
      expectObservable(result, "^ 9000ms !").toBe("");
      flush();
      expect(sent).toEqual([1000]);
    });
  });
});
