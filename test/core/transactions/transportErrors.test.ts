import { describe, expect, it } from "vitest";
import {
  InviteClientTransaction,
  InviteServerTransaction,
  NonInviteClientTransaction,
  NonInviteServerTransaction,
  TransportError,
} from "../../../src/core/transactions/index.js";
import { runMarbles, script } from "../../marbles/helpers.js";
import { label, RecordingClientUser, RecordingServerUser, RecordingTransport, request, response } from "./fixtures.js";

describe("transport errors (RFC 3261 §17.1.4, §17.2.4; RFC 6026 Figure 7)", () => {
  describe("INVITE client transaction", () => {
    describe("Calling", () => {
      it("when the INVITE cannot be sent, the client transaction informs the TU and moves to Terminated", () => {
        const { user, tx } = runMarbles((h) => {
          const transport = new RecordingTransport(false, h.scheduler);
          transport.failWhen = () => true;
          const user = new RecordingClientUser(h.scheduler);
          const tx = new InviteClientTransaction(request(), transport, user, { scheduler: h.scheduler });
          tx.start();
          return { user, tx };
        });
        expect(user.events).toEqual(["0 transport error", "0 terminated"]);
        expect(tx.state).toBe("Terminated");
        const error = user.errors[0]!;
        expect(error).toBeInstanceOf(TransportError);
        expect(error.code).toBe("TRANSPORT_ERROR");
        expect((error.cause as Error).message).toBe("network unreachable");
      });

      it("a failed Timer A retransmission ends the transaction too", () => {
        const { user, transport } = runMarbles((h) => {
          const transport = new RecordingTransport(false, h.scheduler);
          const user = new RecordingClientUser(h.scheduler);
          const tx = new InviteClientTransaction(request(), transport, user, { scheduler: h.scheduler });
          tx.start();
          script(h, "1000ms a", { a: () => (transport.failWhen = () => true) });
          return { user, transport };
        });
        expect(transport.log).toEqual(["0 INVITE", "500 INVITE"]);
        expect(user.events).toEqual(["1500 transport error", "1500 terminated"]);
      });
    });

    describe("Completed", () => {
      it("when the ACK cannot be sent, the TU has the response, then the transport error, then Terminated", () => {
        const { user } = runMarbles((h) => {
          const transport = new RecordingTransport(false, h.scheduler);
          transport.failWhen = (m) => label(m) === "ACK";
          const user = new RecordingClientUser(h.scheduler);
          const tx = new InviteClientTransaction(request(), transport, user, { scheduler: h.scheduler });
          tx.start();
          script(h, "100ms a", { a: () => tx.receiveResponse(response(tx.request, 486, "t")) });
          return { user };
        });
        expect(user.events).toEqual(["100 response 486", "100 transport error", "100 terminated"]);
      });
    });
  });

  describe("non-INVITE client transaction", () => {
    describe("Trying", () => {
      it("a failed Timer E retransmission informs the TU and terminates; nothing stays scheduled", () => {
        const { user, left } = runMarbles((h) => {
          const transport = new RecordingTransport(false, h.scheduler);
          const user = new RecordingClientUser(h.scheduler);
          const tx = new NonInviteClientTransaction(request({ method: "OPTIONS" }), transport, user, { scheduler: h.scheduler });
          tx.start();
          transport.failWhen = () => true;
          let left = -1;
          script(h, "501ms a", { a: () => (left = h.scheduler.actions.length) });
          h.flush();
          return { user, left };
        });
        expect(user.events).toEqual(["500 transport error", "500 terminated"]);
        expect(left).toBe(0);
      });
    });
  });

  describe("INVITE server transaction", () => {
    describe("Proceeding", () => {
      it("a failed 100 (Trying) is reported to the TU and the state stays Proceeding (RFC 6026 Figure 7)", () => {
        const { user, tx } = runMarbles((h) => {
          const transport = new RecordingTransport(false, h.scheduler);
          transport.failWhen = () => true;
          const user = new RecordingServerUser(h.scheduler);
          const tx = new InviteServerTransaction(request(), transport, user, { scheduler: h.scheduler });
          tx.start();
          return { user, tx };
        });
        expect(user.events).toEqual(["200 transport error"]);
        expect(tx.state).toBe("Proceeding");
      });
    });

    describe("Completed", () => {
      it("failed retransmissions are reported and Timer H still ends the transaction", () => {
        const { user } = runMarbles((h) => {
          const transport = new RecordingTransport(true, h.scheduler);
          const user = new RecordingServerUser(h.scheduler);
          const tx = new InviteServerTransaction(request({ transport: "TCP" }), transport, user, { scheduler: h.scheduler });
          tx.start();
          script(h, "100ms a", {
            a: () => {
              transport.failWhen = () => true;
              tx.respond(response(tx.request, 500, "t"));
            },
          });
          return { user };
        });
        expect(user.events).toEqual(["100 transport error", "32100 timeout", "32100 terminated"]);
      });
    });

    describe("Accepted", () => {
      it("a failed 2xx is reported; the transaction stays in Accepted until Timer L", () => {
        const { user } = runMarbles((h) => {
          const transport = new RecordingTransport(false, h.scheduler);
          transport.failWhen = (m) => label(m) === "200";
          const user = new RecordingServerUser(h.scheduler);
          const tx = new InviteServerTransaction(request(), transport, user, { scheduler: h.scheduler });
          tx.start();
          script(h, "100ms a", { a: () => tx.respond(response(tx.request, 200, "t")) });
          return { user };
        });
        expect(user.events).toEqual(["100 transport error", "32100 terminated"]);
      });
    });
  });

  describe("non-INVITE server transaction", () => {
    it("when the response cannot be sent, the TU is informed and the transaction moves to Terminated", () => {
      const { user, tx } = runMarbles((h) => {
        const transport = new RecordingTransport(false, h.scheduler);
        transport.failWhen = () => true;
        const user = new RecordingServerUser(h.scheduler);
        const tx = new NonInviteServerTransaction(request({ method: "BYE" }), transport, user, { scheduler: h.scheduler });
        tx.start();
        script(h, "100ms a", { a: () => tx.respond(response(tx.request, 200, "t")) });
        return { user, tx };
      });
      expect(user.events).toEqual(["100 transport error", "100 terminated"]);
      expect(tx.state).toBe("Terminated");
    });
  });

  describe("TransportError.from", () => {
    it("keeps a TransportError as it is and wraps anything else as its cause", () => {
      const e = new TransportError("socket closed");
      expect(TransportError.from(e)).toBe(e);
      const wrapped = TransportError.from("boom");
      expect(wrapped.cause).toBe("boom");
      expect(wrapped.name).toBe("TransportError");
    });
  });
});
