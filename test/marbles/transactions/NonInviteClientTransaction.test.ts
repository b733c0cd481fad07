import { describe, expect, it } from "vitest";
import { NonInviteClientTransaction, type TimerOptions } from "../../../src/core/transactions/index.js";
import { RecordingClientUser, RecordingTransport, request, response } from "../../core/transactions/fixtures.js";
import { runMarbles, type MarbleHelpers } from "../helpers.js";

function setup(h: MarbleHelpers, reliable: boolean, timers?: TimerOptions) {
  const transport = new RecordingTransport(reliable, h.scheduler);
  const user = new RecordingClientUser(h.scheduler);
  const req = request({ method: "OPTIONS", transport: reliable ? "TCP" : "UDP" });
  const tx = new NonInviteClientTransaction(req, transport, user, { scheduler: h.scheduler, timers });
  tx.start();
  return { transport, user, tx, req };
}

function deliver(h: MarbleHelpers, tx: NonInviteClientTransaction, marbles: string, statuses: Record<string, number>) {
  const values: Record<string, ReturnType<typeof response>> = {};
  for (const k in statuses) values[k] = response(tx.request, statuses[k]!, "as83kd9bs");
  h.cold(marbles, values).subscribe((r) => tx.receiveResponse(r));
}

describe("non-INVITE client transaction (RFC 3261 §17.1.2)", () => {
  describe("over an unreliable transport (UDP)", () => {
    describe("Trying", () => {
      describe("on Timer E", () => {
        it("Timer E: the request is retransmitted at T1, then MIN(2*T1, T2), MIN(4*T1, T2) ... (Timer E caps at T2)", () => {
          const { transport } = runMarbles((h) => setup(h, false));
          // intervals 500, 1000, 2000, 4000, 4000 ... (T2 = 4000)
          expect(transport.log).toEqual([
            "0 OPTIONS",
            "500 OPTIONS",
            "1500 OPTIONS",
            "3500 OPTIONS",
            "7500 OPTIONS",
            "11500 OPTIONS",
            "15500 OPTIONS",
            "19500 OPTIONS",
            "23500 OPTIONS",
            "27500 OPTIONS",
            "31500 OPTIONS",
          ]);
        });

        it("Timer E caps at the configured T2 (T2 = 2 s: 500, 1000, 2000, 2000 ...)", () => {
          const { transport } = runMarbles((h) => setup(h, false, { T2: 2000 }));
          expect(transport.log.slice(0, 7)).toEqual(["0 OPTIONS", "500 OPTIONS", "1500 OPTIONS", "3500 OPTIONS", "5500 OPTIONS", "7500 OPTIONS", "9500 OPTIONS"]);
        });
      });

      describe("on Timer F", () => {
        it("Timer F fires at 64*T1: the client transaction SHOULD inform the TU about the timeout, and then enter Terminated", () => {
          const { user } = runMarbles((h) => {
            const s = setup(h, false);
            h.expectObservable(s.tx.state$).toBe("a 31999ms (b|)", { a: "Trying", b: "Terminated" });
            return s;
          });
          expect(user.events).toEqual(["32000 timeout", "32000 terminated"]);
        });
      });

      describe("on a provisional response", () => {
        it("MUST move to Proceeding and pass the response to the TU", () => {
          const { user, tx } = runMarbles((h) => {
            const s = setup(h, false);
            deliver(h, s.tx, "1000ms a", { a: 100 });
            h.expectObservable(s.tx.state$).toBe("a 999ms b 30999ms (c|)", { a: "Trying", b: "Proceeding", c: "Terminated" });
            return s;
          });
          expect(user.events).toEqual(["1000 response 100", "32000 timeout", "32000 terminated"]);
          expect(tx.state).toBe("Terminated");
        });
      });

      describe("on a final response", () => {
        it("MUST move to Completed, pass the response to the TU, and stop retransmitting", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            deliver(h, s.tx, "2000ms a", { a: 200 });
            return s;
          });
          expect(transport.log).toEqual(["0 OPTIONS", "500 OPTIONS", "1500 OPTIONS"]);
          expect(user.events).toEqual(["2000 response 200", "7000 terminated"]);
        });
      });
    });

    describe("Proceeding", () => {
      describe("on Timer E", () => {
        it("the request MUST be passed to the transport for retransmission, and Timer E MUST be reset with T2", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            deliver(h, s.tx, "1000ms a", { a: 100 });
            return s;
          });
          // Timer E set at 500 for 1000 ms fires at 1500 in Proceeding; from then on every T2
          expect(transport.log).toEqual([
            "0 OPTIONS",
            "500 OPTIONS",
            "1500 OPTIONS",
            "5500 OPTIONS",
            "9500 OPTIONS",
            "13500 OPTIONS",
            "17500 OPTIONS",
            "21500 OPTIONS",
            "25500 OPTIONS",
            "29500 OPTIONS",
          ]);
          expect(user.events.slice(-2)).toEqual(["32000 timeout", "32000 terminated"]);
        });
      });

      describe("on further provisional responses", () => {
        it("passes them to the TU", () => {
          const { user } = runMarbles((h) => {
            const s = setup(h, false);
            deliver(h, s.tx, "100ms a 99ms a 99ms b", { a: 100, b: 202 });
            return s;
          });
          expect(user.events).toEqual(["100 response 100", "200 response 100", "300 response 202", "5300 terminated"]);
        });
      });
    });

    describe("Completed", () => {
      describe("on retransmitted responses", () => {
        it("buffers (absorbs) them: none reaches the TU", () => {
          const { user } = runMarbles((h) => {
            const s = setup(h, false);
            deliver(h, s.tx, "100ms a 999ms a 999ms a 999ms b", { a: 200, b: 100 });
            return s;
          });
          expect(user.events).toEqual(["100 response 200", "5100 terminated"]);
        });
      });

      describe("on Timer K", () => {
        it("Timer K is T4 on UDP: Completed lasts T4, then Terminated", () => {
          runMarbles((h) => {
            const s = setup(h, false);
            deliver(h, s.tx, "800ms a", { a: 404 });
            h.expectObservable(s.tx.state$).toBe("a 799ms b 4999ms (c|)", { a: "Trying", b: "Completed", c: "Terminated" });
          });
        });

        it("Timer K follows the configured T4", () => {
          runMarbles((h) => {
            const s = setup(h, false, { T4: 2500 });
            deliver(h, s.tx, "800ms a", { a: 404 });
            h.expectObservable(s.tx.state$).toBe("a 799ms b 2499ms (c|)", { a: "Trying", b: "Completed", c: "Terminated" });
          });
        });
      });
    });

    describe("Terminated", () => {
      it("nothing remains scheduled once Timer K ended the transaction", () => {
        const left = runMarbles((h) => {
          const s = setup(h, false);
          deliver(h, s.tx, "800ms a", { a: 200 });
          let left = -1;
          h.scheduler.schedule(() => (left = h.scheduler.actions.length), 5801);
          h.flush();
          return left;
        });
        expect(left).toBe(0);
      });

      it("nothing remains scheduled once a final response moved it to Completed and then Terminated", () => {
        const left = runMarbles((h) => {
          const s = setup(h, false);
          let left = -1;
          h.scheduler.schedule(() => {
            s.tx.receiveResponse(response(s.req, 200, "x"));
            left = h.scheduler.actions.length; // Timer K only
          }, 800);
          h.flush();
          return left;
        });
        expect(left).toBe(1);
      });
    });
  });

  describe("over a reliable transport (TCP)", () => {
    describe("Trying", () => {
      it("Timer E is not started: the request is sent once; Timer F still fires at 64*T1", () => {
        const { transport, user } = runMarbles((h) => setup(h, true));
        expect(transport.log).toEqual(["0 OPTIONS"]);
        expect(user.events).toEqual(["32000 timeout", "32000 terminated"]);
      });
    });

    describe("Completed", () => {
      it("Timer K is 0 on TCP: the transaction terminates as soon as the final response is passed up", () => {
        const { user } = runMarbles((h) => {
          const s = setup(h, true);
          deliver(h, s.tx, "300ms a", { a: 200 });
          h.expectObservable(s.tx.state$).toBe("a 299ms (bc|)", { a: "Trying", b: "Completed", c: "Terminated" });
          return s;
        });
        expect(user.events).toEqual(["300 response 200", "300 terminated"]);
      });
    });
  });
});
