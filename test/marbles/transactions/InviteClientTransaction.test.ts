import { describe, expect, it } from "vitest";
import type { SipRequest } from "../../../src/core/messages/index.js";
import { InviteClientTransaction, type CancelOutcome, type TimerOptions } from "../../../src/core/transactions/index.js";
import { RecordingClientUser, RecordingTransport, request, response } from "../../core/transactions/fixtures.js";
import { runMarbles, type MarbleHelpers } from "../helpers.js";

function setup(h: MarbleHelpers, reliable: boolean, timers?: TimerOptions, invite: SipRequest = request({ transport: reliable ? "TCP" : "UDP" })) {
  const transport = new RecordingTransport(reliable, h.scheduler);
  const user = new RecordingClientUser(h.scheduler);
  const tx = new InviteClientTransaction(invite, transport, user, { scheduler: h.scheduler, timers });
  return { transport, user, tx, invite };
}

/** Delivers the responses of a marble diagram to the transaction at their frames. */
function deliver(h: MarbleHelpers, tx: InviteClientTransaction, marbles: string, statuses: Record<string, number>, toTag = "8321234356") {
  const values: Record<string, ReturnType<typeof response>> = {};
  for (const k in statuses) values[k] = response(tx.request, statuses[k]!, statuses[k]! > 100 ? toTag : undefined);
  h.cold(marbles, values).subscribe((r) => tx.receiveResponse(r));
}

describe("INVITE client transaction (RFC 3261 §17.1.1, RFC 6026 §7.2)", () => {
  describe("over an unreliable transport (UDP)", () => {
    describe("Calling", () => {
      describe("on start", () => {
        it("passes the INVITE to the transport and starts in Calling", () => {
          const r = runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            expect(s.tx.state).toBe("Calling");
            h.flush();
            return s;
          });
          expect(r.transport.sent[0]!.message).toBe(r.invite);
        });
      });

      describe("on Timer A", () => {
        it("Timer A: the INVITE is retransmitted at T1, then 2*T1, 4*T1 ... later (not capped at T2) until Timer B fires", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            h.expectObservable(s.tx.state$).toBe("a 31999ms (b|)", { a: "Calling", b: "Terminated" });
            return s;
          });
          // intervals 500, 1000, 2000, 4000, 8000, 16000: past T2 = 4000, Timer A keeps doubling
          expect(transport.log).toEqual(["0 INVITE", "500 INVITE", "1500 INVITE", "3500 INVITE", "7500 INVITE", "15500 INVITE", "31500 INVITE"]);
          expect(user.events).toEqual(["32000 timeout", "32000 terminated"]);
        });

        it("Timer A starts at the configured T1 (T1 = 100 ms: 100, 300, 700 ... and Timer B at 6.4 s)", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false, { T1: 100 });
            s.tx.start();
            return s;
          });
          expect(transport.log).toEqual(["0 INVITE", "100 INVITE", "300 INVITE", "700 INVITE", "1500 INVITE", "3100 INVITE", "6300 INVITE"]);
          expect(user.events).toEqual(["6400 timeout", "6400 terminated"]);
        });
      });

      describe("on Timer B", () => {
        it("Timer B fires at 64*T1 and the client transaction informs the TU that a timeout occurred", () => {
          const { user, tx } = runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            h.expectObservable(s.tx.state$).toBe("a 31999ms (b|)", { a: "Calling", b: "Terminated" });
            return s;
          });
          expect(user.events).toEqual(["32000 timeout", "32000 terminated"]);
          expect(tx.state).toBe("Terminated");
        });
      });

      describe("on a provisional response", () => {
        it("MUST move to Proceeding, passes the response to the TU and SHOULD NOT retransmit the request any longer", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            deliver(h, s.tx, "1200ms a", { a: 180 });
            h.expectObservable(s.tx.state$).toBe("a 1199ms b", { a: "Calling", b: "Proceeding" });
            return s;
          });
          expect(transport.log).toEqual(["0 INVITE", "500 INVITE"]);
          // Timer B is cancelled: no timeout in Proceeding
          expect(user.events).toEqual(["1200 response 180"]);
        });

        it("leaves nothing scheduled in Proceeding (Timers A and B are unsubscribed)", () => {
          const pending = runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            let left = -1;
            h.scheduler.schedule(() => {
              s.tx.receiveResponse(response(s.invite, 180, "x"));
              left = h.scheduler.actions.length;
            }, 700);
            h.flush();
            return left;
          });
          expect(pending).toBe(0);
        });
      });

      describe("on a 2xx response", () => {
        it("MUST move to Accepted, passes the 2xx to the TU and sends no ACK of its own (RFC 6026 §8.4)", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            deliver(h, s.tx, "1000ms a", { a: 200 });
            h.expectObservable(s.tx.state$).toBe("a 999ms b 31999ms (c|)", { a: "Calling", b: "Accepted", c: "Terminated" });
            return s;
          });
          expect(transport.log).toEqual(["0 INVITE", "500 INVITE"]);
          expect(user.events).toEqual(["1000 response 200", "33000 terminated"]);
        });
      });

      describe("on a 300-699 response", () => {
        it("MUST move to Completed, passes the response to the TU and generates an ACK", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            deliver(h, s.tx, "600ms a", { a: 486 });
            h.expectObservable(s.tx.state$).toBe("a 599ms b 31999ms (c|)", { a: "Calling", b: "Completed", c: "Terminated" });
            return s;
          });
          expect(transport.log).toEqual(["0 INVITE", "500 INVITE", "600 ACK"]);
          expect(user.events).toEqual(["600 response 486", "32600 terminated"]);
        });

        for (const status of [401, 407, 422, 302]) {
          it(`sends the ACK of a ${status} before passing it up, so a TU that retries at once puts its new INVITE after the ACK`, () => {
            const { transport } = runMarbles((h) => {
              const s = setup(h, false);
              // the TU answers the challenge / the 422 at once, on the same transport
              s.user.onResponse = (r) => {
                s.user.events.push(`${h.scheduler.now()} response ${r.statusCode}`);
                s.transport.send(request({ transport: "UDP", cseq: 2 }));
              };
              s.tx.start();
              deliver(h, s.tx, "100ms a", { a: status });
              return s;
            });
            expect(transport.log).toEqual(["0 INVITE", "100 ACK", "100 INVITE"]);
            expect(transport.sent[2]!.message.cseq.seq).toBe(2);
          });
        }
      });
    });

    describe("Proceeding", () => {
      describe("on further provisional responses", () => {
        it("passes every provisional response to the TU and stays in Proceeding", () => {
          const { user, tx } = runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            deliver(h, s.tx, "100ms a 99ms b 99ms c", { a: 100, b: 180, c: 183 });
            return s;
          });
          expect(user.events).toEqual(["100 response 100", "200 response 180", "300 response 183"]);
          expect(tx.state).toBe("Proceeding");
        });
      });

      describe("on a 2xx response", () => {
        it("MUST move to Accepted and start Timer M with 64*T1 (RFC 6026 §8.4)", () => {
          const { user } = runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            deliver(h, s.tx, "100ms a 4899ms b", { a: 180, b: 200 });
            h.expectObservable(s.tx.state$).toBe("a 99ms b 4899ms c 31999ms (d|)", {
              a: "Calling",
              b: "Proceeding",
              c: "Accepted",
              d: "Terminated",
            });
            return s;
          });
          expect(user.events).toEqual(["100 response 180", "5000 response 200", "37000 terminated"]);
        });
      });

      describe("on a 300-699 response", () => {
        it("MUST move to Completed and send the ACK", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            deliver(h, s.tx, "100ms a 1899ms b", { a: 180, b: 603 });
            return s;
          });
          expect(transport.log).toEqual(["0 INVITE", "2000 ACK"]);
          expect(user.events).toEqual(["100 response 180", "2000 response 603", "34000 terminated"]);
        });
      });
    });

    describe("Accepted", () => {
      describe("on a 2xx retransmission", () => {
        it("Timer M in the client: every 2xx received in Accepted MUST be passed to the TU until Timer M fires (RFC 6026 §8.4)", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            // 200 at 1000; retransmissions at 1500, 2500; a forked 2xx at 3000; one after Timer M
            h.cold("1000ms a 499ms a 999ms a 499ms b 30999ms a", {
              a: response(s.invite, 200, "bob-1"),
              b: response(s.invite, 200, "bob-2"),
            }).subscribe((r) => s.tx.receiveResponse(r));
            return s;
          });
          expect(user.responses.map((r) => r.to.tag)).toEqual(["bob-1", "bob-1", "bob-1", "bob-2"]);
          expect(user.events.at(-1)).toBe("33000 terminated");
          expect(transport.log).toEqual(["0 INVITE", "500 INVITE"]);
        });
      });

      describe("on a non-2xx response", () => {
        it("absorbs it: nothing goes to the TU and no ACK is sent", () => {
          const { transport, user, tx } = runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            deliver(h, s.tx, "100ms a 99ms b 99ms c", { a: 200, b: 180, c: 486 });
            return s;
          });
          expect(user.events).toEqual(["100 response 200", "32100 terminated"]);
          expect(transport.log).toEqual(["0 INVITE"]);
          expect(tx.state).toBe("Terminated");
        });
      });
    });

    describe("Completed", () => {
      describe("on a retransmitted final response", () => {
        it("MUST cause the ACK to be re-passed to the transport, and the response MUST NOT be passed up to the TU", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            deliver(h, s.tx, "100ms a 499ms a 999ms a", { a: 486 });
            return s;
          });
          expect(transport.log).toEqual(["0 INVITE", "100 ACK", "600 ACK", "1600 ACK"]);
          expect(user.events).toEqual(["100 response 486", "32100 terminated"]);
        });
      });

      describe("on Timer D", () => {
        it("Timer D is 32 s on UDP: the transaction stays in Completed for 32 s, then terminates", () => {
          runMarbles((h) => {
            const s = setup(h, false);
            s.tx.start();
            deliver(h, s.tx, "1000ms a", { a: 404 });
            h.expectObservable(s.tx.state$).toBe("a 999ms b 31999ms (c|)", { a: "Calling", b: "Completed", c: "Terminated" });
          });
        });

        it("Timer D is at least 64*T1 when T1 is raised (it covers the server's Timer H)", () => {
          runMarbles((h) => {
            const s = setup(h, false, { T1: 1000 });
            s.tx.start();
            deliver(h, s.tx, "10ms a", { a: 404 });
            h.expectObservable(s.tx.state$).toBe("a 9ms b 63999ms (c|)", { a: "Calling", b: "Completed", c: "Terminated" });
          });
        });
      });
    });

    describe("Terminated", () => {
      it("nothing remains scheduled and nothing more is sent after Timer B ended the transaction", () => {
        const { transport, left } = runMarbles((h) => {
          const s = setup(h, false);
          s.tx.start();
          let left = -1;
          h.scheduler.schedule(() => {
            left = h.scheduler.actions.length;
            s.tx.receiveResponse(response(s.invite, 486, "late"));
          }, 32001);
          h.flush();
          return { ...s, left };
        });
        expect(left).toBe(0);
        expect(transport.log.at(-1)).toBe("31500 INVITE");
      });

      it("terminate() ends the transaction from any state and unsubscribes every timer", () => {
        const { transport, user, left } = runMarbles((h) => {
          const s = setup(h, false);
          s.tx.start();
          let left = -1;
          h.scheduler.schedule(() => {
            s.tx.terminate();
            left = h.scheduler.actions.length;
          }, 2000);
          h.flush();
          return { ...s, left };
        });
        expect(left).toBe(0);
        expect(transport.log).toEqual(["0 INVITE", "500 INVITE", "1500 INVITE"]);
        expect(user.events).toEqual(["2000 terminated"]);
      });
    });
  });

  describe("over a reliable transport (TCP)", () => {
    describe("Calling", () => {
      it("Timer A is not started: the INVITE is sent once, and Timer B still fires at 64*T1", () => {
        const { transport, user } = runMarbles((h) => {
          const s = setup(h, true);
          s.tx.start();
          h.expectObservable(s.tx.state$).toBe("a 31999ms (b|)", { a: "Calling", b: "Terminated" });
          return s;
        });
        expect(transport.log).toEqual(["0 INVITE"]);
        expect(user.events).toEqual(["32000 timeout", "32000 terminated"]);
      });
    });

    describe("Completed", () => {
      it("Timer D is 0 on TCP: the transaction terminates as soon as the ACK is sent", () => {
        const { transport, user } = runMarbles((h) => {
          const s = setup(h, true);
          s.tx.start();
          deliver(h, s.tx, "700ms a", { a: 480 });
          h.expectObservable(s.tx.state$).toBe("a 699ms (bc|)", { a: "Calling", b: "Completed", c: "Terminated" });
          return s;
        });
        expect(transport.log).toEqual(["0 INVITE", "700 ACK"]);
        expect(user.events).toEqual(["700 response 480", "700 terminated"]);
      });
    });

    describe("Accepted", () => {
      it("Timer M is 64*T1 on TCP too (RFC 6026 §8.4)", () => {
        const { user } = runMarbles((h) => {
          const s = setup(h, true);
          s.tx.start();
          deliver(h, s.tx, "700ms a 31299ms a", { a: 200 });
          h.expectObservable(s.tx.state$).toBe("a 699ms b 31999ms (c|)", { a: "Calling", b: "Accepted", c: "Terminated" });
          return s;
        });
        // the 2xx at 32000 is still inside Accepted
        expect(user.events).toEqual(["700 response 200", "32000 response 200", "32700 terminated"]);
      });
    });
  });

  describe("CANCEL (RFC 3261 §9.1)", () => {
    function cancelling(h: MarbleHelpers, cancelAt: number, marbles: string, statuses: Record<string, number>) {
      const s = setup(h, false);
      const cancels: string[] = [];
      let outcome: CancelOutcome | undefined;
      s.tx.start();
      h.scheduler.schedule(() => {
        outcome = s.tx.cancel((c) => cancels.push(`${h.scheduler.now()} ${c.method} ${c.cseq.seq} ${c.via.branch}`));
      }, cancelAt);
      deliver(h, s.tx, marbles, statuses);
      h.flush();
      return { ...s, cancels, outcome };
    }

    describe("Calling", () => {
      it("if no provisional response has been received, the CANCEL MUST NOT be sent; it goes when a provisional arrives", () => {
        const r = runMarbles((h) => cancelling(h, 300, "2000ms a", { a: 180 }));
        expect(r.outcome).toBe("deferred");
        expect(r.cancels).toEqual(["2000 CANCEL 314159 z9hG4bK776asdhds"]);
      });

      it("a waiting CANCEL is dropped when Timer B fires", () => {
        const r = runMarbles((h) => cancelling(h, 300, "40000ms a", { a: 180 }));
        expect(r.outcome).toBe("deferred");
        expect(r.cancels).toEqual([]);
        expect(r.user.events).toEqual(["32000 timeout", "32000 terminated"]);
      });

      it("a waiting CANCEL is dropped when a final response arrives first", () => {
        const r = runMarbles((h) => cancelling(h, 300, "1000ms a", { a: 200 }));
        expect(r.cancels).toEqual([]);
      });
    });

    describe("Proceeding", () => {
      it("the CANCEL is handed over at once", () => {
        const r = runMarbles((h) => cancelling(h, 300, "100ms a", { a: 180 }));
        expect(r.outcome).toBe("sent");
        expect(r.cancels).toEqual(["300 CANCEL 314159 z9hG4bK776asdhds"]);
      });

      it("a second cancel() is refused as already requested", () => {
        runMarbles((h) => {
          const s = setup(h, false);
          s.tx.start();
          s.tx.receiveResponse(response(s.invite, 180, "x"));
          const sent: unknown[] = [];
          expect(s.tx.cancel((c) => sent.push(c))).toBe("sent");
          expect(s.tx.cancel((c) => sent.push(c))).toBe("already-requested");
          expect(sent).toHaveLength(1);
        });
      });
    });

    describe("after a final response", () => {
      it("the CANCEL SHOULD NOT be sent, as it is an effective no-op", () => {
        const r = runMarbles((h) => cancelling(h, 300, "100ms a", { a: 486 }));
        expect(r.outcome).toBe("too-late");
        expect(r.cancels).toEqual([]);
      });
    });
  });

  describe("scheduler", () => {
    it("uses asyncScheduler by default, which TestScheduler.run virtualises", () => {
      const log = runMarbles((h) => {
        const transport = new RecordingTransport(false, h.scheduler);
        const tx = new InviteClientTransaction(request(), transport, new RecordingClientUser(h.scheduler));
        tx.start();
        return transport;
      }).log;
      expect(log.slice(0, 3)).toEqual(["0 INVITE", "500 INVITE", "1500 INVITE"]);
    });
  });
});
