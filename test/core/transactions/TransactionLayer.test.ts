import { describe, expect, it } from "vitest";
import {
  InviteClientTransaction,
  InviteServerTransaction,
  NonInviteClientTransaction,
  NonInviteServerTransaction,
  TransactionError,
  TransactionLayer,
  generateBranch,
} from "../../../src/core/transactions/index.js";
import { parseMessage, type SipResponse } from "../../../src/core/messages/index.js";
import { createTestScheduler } from "../../marbles/helpers.js";
import { ack, BRANCH, RecordingClientUser, RecordingServerUser, RecordingTransport, request, response } from "./fixtures.js";

function layer(reliable = false) {
  const scheduler = createTestScheduler();
  const transport = new RecordingTransport(reliable, scheduler);
  const l = new TransactionLayer({ transport, scheduler, random: (t) => t.fill(0xab) });
  return { scheduler, transport, layer: l, client: new RecordingClientUser(scheduler), server: new RecordingServerUser(scheduler) };
}

describe("TransactionLayer", () => {
  describe("client transactions (RFC 3261 §17.1.3)", () => {
    describe("creation", () => {
      it("creates an INVITE client transaction for INVITE and a non-INVITE one otherwise, and sends the request", () => {
        const { layer: l, transport, client } = layer();
        expect(l.createClient(request(), client)).toBeInstanceOf(InviteClientTransaction);
        expect(l.createClient(request({ method: "OPTIONS", branch: "z9hG4bK2" }), client)).toBeInstanceOf(NonInviteClientTransaction);
        expect(transport.log).toEqual(["0 INVITE", "0 OPTIONS"]);
        expect(l.size).toBe(2);
      });

      it("refuses ACK: an ACK has no client transaction of its own", () => {
        const { layer: l, client } = layer();
        expect(() => l.createClient(request({ method: "ACK" }), client)).toThrow(expect.objectContaining({ code: "ACK_HAS_NO_TRANSACTION" }));
      });

      it("refuses a request whose top Via has no branch", () => {
        const { layer: l, client } = layer();
        expect(() => l.createClient(request({ branch: null }), client)).toThrow(TransactionError);
        expect(() => l.createClient(request({ branch: null }), client)).toThrow(expect.objectContaining({ code: "NO_BRANCH" }));
      });

      it("refuses a second transaction with the same branch and method", () => {
        const { layer: l, client } = layer();
        l.createClient(request(), client);
        expect(() => l.createClient(request(), client)).toThrow(expect.objectContaining({ code: "DUPLICATE_TRANSACTION" }));
      });
    });

    describe("matching a response", () => {
      it("matches when the branch of its top Via equals that of the request and the CSeq method equals the request's method", () => {
        const { layer: l, client } = layer();
        const tx = l.createClient(request(), client);
        expect(l.receiveResponse(response(tx.request, 180, "b"))).toBe(tx);
        expect(client.events).toEqual(["0 response 180"]);
      });

      it("does not match a response with another branch (a stray response is left to the caller)", () => {
        const { layer: l, client } = layer();
        l.createClient(request(), client);
        expect(l.receiveResponse(response(request({ branch: "z9hG4bKother" }), 180, "b"))).toBeUndefined();
        expect(client.events).toEqual([]);
      });

      it("the response to a CANCEL matches the CANCEL transaction, not the INVITE that shares its branch", () => {
        const { layer: l, client } = layer();
        const invite = l.createClient(request(), client) as InviteClientTransaction;
        invite.receiveResponse(response(invite.request, 180, "b"));
        const cancelUser = new RecordingClientUser(createTestScheduler());
        expect(l.cancel(invite, cancelUser)).toBe("sent");
        const cancelTx = l.findClient(response(request({ method: "CANCEL" }), 200, "b"));
        expect(cancelTx?.request.method).toBe("CANCEL");
        expect(cancelTx?.request.via.branch).toBe(BRANCH);
        expect(l.receiveResponse(response(request({ method: "CANCEL" }), 200, "b"))).toBe(cancelTx);
        expect(l.receiveResponse(response(invite.request, 487, "b"))).toBe(invite);
        expect(cancelUser.events).toEqual(["0 response 200"]);
      });

      it("a response without a usable Via matches nothing, without throwing", () => {
        const { layer: l, client } = layer();
        l.createClient(request(), client);
        const noVia = parseMessage("SIP/2.0 200 OK\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n") as SipResponse;
        expect(l.receiveResponse(noVia)).toBeUndefined();
      });
    });

    describe("on termination", () => {
      it("a terminated transaction is removed from the store; later responses match nothing", () => {
        const { layer: l, client } = layer(true);
        const tx = l.createClient(request({ method: "OPTIONS" }), client);
        l.receiveResponse(response(tx.request, 200, "b")); // Timer K = 0 over TCP
        expect(tx.state).toBe("Terminated");
        expect(l.size).toBe(0);
        expect(l.receiveResponse(response(tx.request, 200, "b"))).toBeUndefined();
      });

      it("a transaction that fails to send its request is removed at once", () => {
        const { layer: l, client, transport } = layer();
        transport.failWhen = () => true;
        const tx = l.createClient(request(), client);
        expect(tx.state).toBe("Terminated");
        expect(l.size).toBe(0);
      });
    });
  });

  describe("server transactions (RFC 3261 §17.2.3)", () => {
    describe("creation", () => {
      it("creates an INVITE server transaction for INVITE, a non-INVITE one otherwise, and schedules the 100 Trying", () => {
        const { layer: l, server, scheduler, transport } = layer();
        expect(l.createServer(request(), server)).toBeInstanceOf(InviteServerTransaction);
        expect(l.createServer(request({ method: "BYE", branch: "z9hG4bK9" }), server)).toBeInstanceOf(NonInviteServerTransaction);
        scheduler.flush();
        expect(transport.log).toEqual(["200 100"]);
      });

      it("refuses ACK and duplicates", () => {
        const { layer: l, server } = layer();
        expect(() => l.createServer(request({ method: "ACK" }), server)).toThrow(expect.objectContaining({ code: "ACK_HAS_NO_TRANSACTION" }));
        l.createServer(request(), server);
        expect(() => l.createServer(request(), server)).toThrow(expect.objectContaining({ code: "DUPLICATE_TRANSACTION" }));
      });
    });

    describe("with the magic cookie", () => {
      it("a retransmitted request matches when branch, sent-by of the top Via and method are equal", () => {
        const { layer: l, server } = layer();
        const tx = l.createServer(request(), server);
        expect(l.findServer(request())).toBe(tx);
        expect(l.findServer(request({ sentBy: "PC33.Atlanta.COM:5060" }))).toBe(tx);
      });

      it("does not match when the sent-by differs, even with the same branch", () => {
        const { layer: l, server } = layer();
        l.createServer(request(), server);
        expect(l.findServer(request({ sentBy: "pc34.atlanta.com:5060" }))).toBeUndefined();
        expect(l.findServer(request({ sentBy: "pc33.atlanta.com:5070" }))).toBeUndefined();
      });

      it("does not match when the method differs (other than ACK)", () => {
        const { layer: l, server } = layer();
        l.createServer(request(), server);
        expect(l.findServer(request({ method: "BYE" }))).toBeUndefined();
      });

      it("an ACK for a non-2xx matches the INVITE transaction, whose method is INVITE, and confirms it", () => {
        const { layer: l, server } = layer();
        const tx = l.createServer(request(), server) as InviteServerTransaction;
        tx.respond(response(tx.request, 486, "t"));
        expect(l.receiveRequest(ack(tx.request, "t"))).toBe(tx);
        expect(tx.state).toBe("Confirmed");
      });

      it("an ACK to a 2xx (a new branch) does not match the INVITE server transaction", () => {
        const { layer: l, server } = layer();
        const tx = l.createServer(request(), server) as InviteServerTransaction;
        tx.respond(response(tx.request, 200, "t"));
        expect(l.receiveRequest(ack(tx.request, "t", "z9hG4bKnewbranch"))).toBeUndefined();
        expect(tx.state).toBe("Accepted");
        expect(server.events).toEqual([]);
      });

      it("a CANCEL matches its own transaction, not the INVITE; findCancelTarget gives the INVITE it targets", () => {
        const { layer: l, server } = layer();
        const invite = l.createServer(request(), server);
        const cancelReq = request({ method: "CANCEL" });
        expect(l.findServer(cancelReq)).toBeUndefined();
        expect(l.findCancelTarget(cancelReq)).toBe(invite);
        const cancel = l.createServer(cancelReq, server);
        expect(cancel).toBeInstanceOf(NonInviteServerTransaction);
        expect(l.findServer(request({ method: "CANCEL" }))).toBe(cancel);
        expect(l.findServer(request())).toBe(invite);
      });

      it("a CANCEL whose INVITE is unknown has no target", () => {
        const { layer: l } = layer();
        expect(l.findCancelTarget(request({ method: "CANCEL" }))).toBeUndefined();
      });
    });

    describe("RFC 2543 fallback (no magic cookie)", () => {
      const old = { branch: null } as const;

      it("an INVITE matches when Request-URI, To tag, From tag, Call-ID, CSeq and top Via match those of the INVITE that created the transaction", () => {
        const { layer: l, server } = layer();
        const tx = l.createServer(request(old), server);
        expect(l.findServer(request(old))).toBe(tx);
        expect(l.findServer(request({ ...old, ruri: "sip:carol@biloxi.com" }))).toBeUndefined();
        expect(l.findServer(request({ ...old, fromTag: "other" }))).toBeUndefined();
        expect(l.findServer(request({ ...old, toTag: "other" }))).toBeUndefined();
        expect(l.findServer(request({ ...old, callId: "other" }))).toBeUndefined();
        expect(l.findServer(request({ ...old, cseq: 2 }))).toBeUndefined();
        expect(l.findServer(request({ ...old, sentBy: "elsewhere.com" }))).toBeUndefined();
      });

      it("a branch without the magic cookie is matched the RFC 2543 way (the whole top Via counts)", () => {
        const { layer: l, server } = layer();
        const tx = l.createServer(request({ branch: "oldstyle1" }), server);
        expect(l.findServer(request({ branch: "oldstyle1" }))).toBe(tx);
        expect(l.findServer(request({ branch: "oldstyle2" }))).toBeUndefined();
      });

      it("an ACK matches when Request-URI, From tag, Call-ID, CSeq number and top Via match, and its To tag is that of the response sent", () => {
        const { layer: l, server } = layer();
        const tx = l.createServer(request(old), server) as InviteServerTransaction;
        tx.respond(response(tx.request, 404, "resp-tag"));
        expect(l.findServer(request({ ...old, method: "ACK", toTag: "other" }))).toBeUndefined();
        expect(l.receiveRequest(request({ ...old, method: "ACK", toTag: "resp-tag" }))).toBe(tx);
        expect(tx.state).toBe("Confirmed");
      });

      it("a CANCEL finds its INVITE by the same fields", () => {
        const { layer: l, server } = layer();
        const tx = l.createServer(request(old), server);
        expect(l.findServer(request({ ...old, method: "CANCEL" }))).toBeUndefined();
        expect(l.findCancelTarget(request({ ...old, method: "CANCEL" }))).toBe(tx);
      });
    });

    describe("on termination", () => {
      it("a terminated server transaction is removed: a retransmission afterwards matches nothing", () => {
        const { layer: l, server } = layer(true);
        const tx = l.createServer(request({ method: "OPTIONS", transport: "TCP" }), server) as NonInviteServerTransaction;
        tx.respond(response(tx.request, 200, "t")); // Timer J = 0 over TCP
        expect(l.size).toBe(0);
        expect(l.receiveRequest(request({ method: "OPTIONS", transport: "TCP" }))).toBeUndefined();
      });
    });

    describe("a request that came over UDP while the layer's transport is reliable (a UDP listener beside a TCP server)", () => {
      it("its retransmission after the final response gets the response again, not a new transaction (Timer J is 64*T1 over UDP, §17.2.2)", () => {
        const { layer: l, server, scheduler, transport } = layer(true);
        const tx = l.createServer(request({ method: "MESSAGE" }), server) as NonInviteServerTransaction;
        tx.respond(response(tx.request, 200, "t"));
        scheduler.schedule(() => expect(l.receiveRequest(request({ method: "MESSAGE" }))).toBe(tx), 1000);
        scheduler.maxFrames = Infinity; // virtual time beyond the default 750 frames
        scheduler.flush();
        expect(transport.log).toEqual(["0 200", "1000 200"]);
        expect(server.events).toEqual(["32000 terminated"]);
      });

      it("a final non-2xx response to an INVITE is retransmitted until the ACK (Timer G, §17.2.1)", () => {
        const { layer: l, server, scheduler, transport } = layer(true);
        const tx = l.createServer(request(), server) as InviteServerTransaction;
        tx.respond(response(tx.request, 486, "t"));
        scheduler.schedule(() => l.receiveRequest(ack(tx.request, "t")), 1200);
        scheduler.maxFrames = Infinity;
        scheduler.flush();
        expect(transport.log).toEqual(["0 486", "500 486"]); // next would be at 1500
        expect(server.events).toEqual(["6200 terminated"]); // Timer I: T4 after the ACK
      });

      it("a request over TCP on an unreliable layer transport gets the reliable timers (no retransmission, Timer J = 0)", () => {
        const { layer: l, server, scheduler, transport } = layer(false);
        const tx = l.createServer(request({ transport: "TCP" }), server) as InviteServerTransaction;
        tx.respond(response(tx.request, 486, "t"));
        scheduler.schedule(() => l.receiveRequest(ack(tx.request, "t")), 1200);
        scheduler.maxFrames = Infinity;
        scheduler.flush();
        expect(transport.log).toEqual(["0 486"]);
        expect(server.events).toEqual(["1200 terminated"]);
      });
    });
  });

  describe("branches (RFC 3261 §8.1.1.7)", () => {
    it("the branch MUST begin with z9hG4bK; the rest comes from the injected random source", () => {
      const { layer: l } = layer();
      expect(l.generateBranch()).toBe("z9hG4bK" + "ab".repeat(12));
    });

    it("by default uses crypto.getRandomValues: unique branches", () => {
      const a = generateBranch();
      const b = generateBranch();
      expect(a).toMatch(/^z9hG4bK[0-9a-f]{24}$/);
      expect(a).not.toBe(b);
    });
  });

  describe("dispose", () => {
    it("terminates every transaction and leaves nothing scheduled", () => {
      const { layer: l, client, server, scheduler, transport } = layer();
      l.createClient(request(), client);
      l.createServer(request({ branch: "z9hG4bKs" }), server);
      l.dispose();
      expect(l.size).toBe(0);
      expect(scheduler.actions).toHaveLength(0);
      scheduler.flush();
      expect(transport.log).toEqual(["0 INVITE"]);
      expect(client.events).toEqual(["0 terminated"]);
      expect(server.events).toEqual(["0 terminated"]);
    });
  });
});
