import { describe, expect, it } from "vitest";
import { answerCancel, TransactionLayer, type InviteServerTransaction, type NonInviteServerTransaction } from "../../../src/core/transactions/index.js";
import { createTestScheduler } from "../../marbles/helpers.js";
import { RecordingClientUser, RecordingServerUser, RecordingTransport, request, response } from "./fixtures.js";

function server() {
  const scheduler = createTestScheduler();
  const transport = new RecordingTransport(false, scheduler);
  const layer = new TransactionLayer({ transport, scheduler, random: (t) => t.fill(1) });
  const user = new RecordingServerUser(scheduler);
  return { scheduler, transport, layer, user };
}

describe("CANCEL (RFC 3261 §9)", () => {
  describe("UAS (§9.2)", () => {
    describe("when the INVITE has no final response yet", () => {
      it("the UAS answers the CANCEL with 200 and SHOULD immediately respond to the INVITE with 487, then tells the TU", () => {
        const { layer, user, transport } = server();
        const invite = layer.createServer(request(), user) as InviteServerTransaction;
        invite.respond(response(invite.request, 180, "callee"));
        const cancelReq = request({ method: "CANCEL" });
        const cancel = layer.createServer(cancelReq, user) as NonInviteServerTransaction;
        expect(answerCancel(cancel, layer.findCancelTarget(cancelReq))).toBe(true);
        expect(transport.sent.map((s) => `${s.message.isResponse && s.message.statusCode} ${s.message.cseq.method} ${s.message.to.tag}`)).toEqual([
          "180 INVITE callee",
          "200 CANCEL callee",
          "487 INVITE callee",
        ]);
        expect(invite.state).toBe("Completed");
        expect(user.events).toEqual(["0 cancel"]);
      });

      it("the To tag of the 200 and of the 487 SHOULD be the same: a new one when no tagged response was sent", () => {
        const { layer, user, transport } = server();
        layer.createServer(request(), user);
        const cancelReq = request({ method: "CANCEL" });
        const cancel = layer.createServer(cancelReq, user) as NonInviteServerTransaction;
        answerCancel(cancel, layer.findCancelTarget(cancelReq), { random: (t) => t.fill(1) });
        expect(transport.sent.map((s) => s.message.to.tag)).toEqual(["0101010101010101", "0101010101010101"]);
      });
    });

    describe("when a final response was sent", () => {
      it("the CANCEL has no effect on the INVITE, and is answered 200", () => {
        const { layer, user, transport } = server();
        const invite = layer.createServer(request(), user) as InviteServerTransaction;
        invite.respond(response(invite.request, 200, "callee"));
        const cancelReq = request({ method: "CANCEL" });
        const cancel = layer.createServer(cancelReq, user) as NonInviteServerTransaction;
        expect(answerCancel(cancel, layer.findCancelTarget(cancelReq), { toTag: "callee" })).toBe(false);
        expect(transport.sent.map((s) => s.message.isResponse && s.message.statusCode)).toEqual([200, 200]);
        expect(invite.state).toBe("Accepted");
        expect(user.events).toEqual([]);
      });
    });

    describe("when no transaction matches", () => {
      it("the UAS SHOULD respond to the CANCEL with a 481", () => {
        const { layer, user, transport } = server();
        const cancelReq = request({ method: "CANCEL" });
        const cancel = layer.createServer(cancelReq, user) as NonInviteServerTransaction;
        expect(answerCancel(cancel, layer.findCancelTarget(cancelReq))).toBe(false);
        expect(transport.sent.map((s) => s.message.isResponse && s.message.statusCode)).toEqual([481]);
      });
    });
  });

  describe("UAC (§9.1) through the TransactionLayer", () => {
    it("the CANCEL waits for a provisional response, then runs in its own non-INVITE client transaction", () => {
      const scheduler = createTestScheduler();
      const transport = new RecordingTransport(false, scheduler);
      const layer = new TransactionLayer({ transport, scheduler });
      const invite = layer.createClient(request(), new RecordingClientUser(scheduler));
      if (invite.kind !== "INVITE client") throw new Error("an INVITE makes an INVITE client transaction");
      expect(layer.cancel(invite, new RecordingClientUser(scheduler))).toBe("deferred");
      expect(transport.sent.map((s) => s.message.isRequest && s.message.method)).toEqual(["INVITE"]);
      layer.receiveResponse(response(invite.request, 180, "b"));
      expect(transport.sent.map((s) => s.message.isRequest && s.message.method)).toEqual(["INVITE", "CANCEL"]);
      expect(layer.size).toBe(2);
    });
  });
});
