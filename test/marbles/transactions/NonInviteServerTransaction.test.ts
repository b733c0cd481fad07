import { describe, expect, it } from "vitest";
import { NonInviteServerTransaction, type TimerOptions } from "../../../src/core/transactions/index.js";
import { RecordingServerUser, RecordingTransport, request, response } from "../../core/transactions/fixtures.js";
import { runMarbles, script, type MarbleHelpers } from "../helpers.js";

function setup(h: MarbleHelpers, reliable: boolean, timers?: TimerOptions) {
  const transport = new RecordingTransport(reliable, h.scheduler);
  const user = new RecordingServerUser(h.scheduler);
  const req = request({ method: "REGISTER", transport: reliable ? "TCP" : "UDP" });
  const tx = new NonInviteServerTransaction(req, transport, user, { scheduler: h.scheduler, timers });
  tx.start();
  const results: boolean[] = [];
  const respond = (status: number) => () => void results.push(tx.respond(response(req, status, "x")));
  const retransmit = () => tx.receiveRequest(request({ method: "REGISTER" }));
  return { transport, user, tx, respond, retransmit, results };
}

describe("non-INVITE server transaction (RFC 3261 §17.2.2)", () => {
  describe("over an unreliable transport (UDP)", () => {
    describe("Trying", () => {
      describe("on a retransmitted request", () => {
        it("is discarded: no response has been generated yet", () => {
          const { transport, tx } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "500ms a 999ms a", { a: s.retransmit });
            return s;
          });
          expect(transport.log).toEqual([]);
          expect(tx.state).toBe("Trying");
        });
      });

      describe("on a provisional response from the TU", () => {
        it("MUST move to Proceeding and send it", () => {
          const { transport } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "100ms a", { a: s.respond(100) });
            h.expectObservable(s.tx.state$).toBe("a 99ms b", { a: "Trying", b: "Proceeding" });
            return s;
          });
          expect(transport.log).toEqual(["100 100"]);
        });
      });

      describe("on a final response from the TU", () => {
        it("MUST move to Completed and send it", () => {
          const { transport } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "100ms a", { a: s.respond(200) });
            h.expectObservable(s.tx.state$, "^ 1000ms !").toBe("a 99ms b", { a: "Trying", b: "Completed" });
            return s;
          });
          expect(transport.log).toEqual(["100 200"]);
        });
      });
    });

    describe("Proceeding", () => {
      describe("on a retransmitted request", () => {
        it("the most recently sent provisional response MUST be passed to the transport again", () => {
          const { transport } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "100ms a 399ms b 99ms c 99ms b", { a: s.respond(100), b: s.retransmit, c: s.respond(183) });
            return s;
          });
          expect(transport.log).toEqual(["100 100", "500 100", "600 183", "700 183"]);
        });
      });
    });

    describe("Completed", () => {
      describe("on a retransmitted request", () => {
        it("the final response MUST be passed to the transport again", () => {
          const { transport } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "100ms a 399ms b 3999ms b", { a: s.respond(401), b: s.retransmit });
            return s;
          });
          expect(transport.log).toEqual(["100 401", "500 401", "4500 401"]);
        });
      });

      describe("on another response from the TU", () => {
        it("any other final responses passed by the TU MUST be discarded", () => {
          const { transport, results } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "100ms a 99ms b 99ms c", { a: s.respond(200), b: s.respond(500), c: s.respond(180) });
            return s;
          });
          expect(transport.log).toEqual(["100 200"]);
          expect(results).toEqual([true, false, false]);
        });
      });

      describe("on Timer J", () => {
        it("Timer J is 64*T1 on UDP: retransmitted requests are answered until it fires, then Terminated", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "100ms a 31998ms b 1ms b", { a: s.respond(200), b: s.retransmit });
            h.expectObservable(s.tx.state$).toBe("a 99ms b 31999ms (c|)", { a: "Trying", b: "Completed", c: "Terminated" });
            return s;
          });
          // answered at 32099; at 32101 the transaction is gone
          expect(transport.log).toEqual(["100 200", "32099 200"]);
          expect(user.events).toEqual(["32100 terminated"]);
        });

        it("Timer J follows the configured T1 (T1 = 250 ms: 16 s)", () => {
          runMarbles((h) => {
            const s = setup(h, false, { T1: 250 });
            script(h, "100ms a", { a: s.respond(200) });
            h.expectObservable(s.tx.state$).toBe("a 99ms b 15999ms (c|)", { a: "Trying", b: "Completed", c: "Terminated" });
          });
        });
      });
    });

    describe("Terminated", () => {
      it("nothing remains scheduled and nothing more is sent after Timer J", () => {
        const { transport, left } = runMarbles((h) => {
          const s = setup(h, false);
          let left = -1;
          script(h, "100ms a 32000ms b", {
            a: s.respond(200),
            b: () => {
              left = h.scheduler.actions.length;
              s.retransmit();
            },
          });
          h.flush();
          return { ...s, left };
        });
        expect(left).toBe(0);
        expect(transport.log).toEqual(["100 200"]);
      });
    });
  });

  describe("over a reliable transport (TCP)", () => {
    describe("Completed", () => {
      it("Timer J is 0 on TCP: the final response ends the transaction at once", () => {
        const { transport, user } = runMarbles((h) => {
          const s = setup(h, true);
          script(h, "100ms a", { a: s.respond(200) });
          h.expectObservable(s.tx.state$).toBe("a 99ms (bc|)", { a: "Trying", b: "Completed", c: "Terminated" });
          return s;
        });
        expect(transport.log).toEqual(["100 200"]);
        expect(user.events).toEqual(["100 terminated"]);
      });
    });
  });
});
