import { describe, expect, it } from "vitest";
import { InviteServerTransaction, type TimerOptions } from "../../../src/core/transactions/index.js";
import { ack, RecordingServerUser, RecordingTransport, request, response } from "../../core/transactions/fixtures.js";
import { runMarbles, script, type MarbleHelpers } from "../helpers.js";

const TAG = "a6c85cf";

function setup(h: MarbleHelpers, reliable: boolean, timers?: TimerOptions) {
  const transport = new RecordingTransport(reliable, h.scheduler);
  const user = new RecordingServerUser(h.scheduler);
  const invite = request({ transport: reliable ? "TCP" : "UDP" });
  const tx = new InviteServerTransaction(invite, transport, user, { scheduler: h.scheduler, timers });
  tx.start();
  /** The TU's response with `status` (and the INVITE retransmission, and the ACK of the non-2xx). */
  const respond = (status: number) => () => void tx.respond(response(invite, status, TAG));
  const retransmit = () => tx.receiveRequest(request({ transport: reliable ? "TCP" : "UDP" }));
  const sendAck = () => tx.receiveRequest(ack(invite, TAG));
  return { transport, user, tx, invite, respond, retransmit, sendAck };
}

describe("INVITE server transaction (RFC 3261 §17.2.1, RFC 6026 §7.1)", () => {
  describe("over an unreliable transport (UDP)", () => {
    describe("Proceeding", () => {
      describe("when the TU has not responded within 200 ms", () => {
        it("the server transaction MUST generate a 100 (Trying) response", () => {
          const { transport } = runMarbles((h) => setup(h, false));
          expect(transport.log).toEqual(["200 100"]);
          const trying = transport.sent[0]!.message;
          expect(trying.isResponse && trying.reasonPhrase).toBe("Trying");
          expect(trying.via.branch).toBe("z9hG4bK776asdhds");
        });

        it("waits the configured tryingDelay", () => {
          const { transport } = runMarbles((h) => setup(h, false, { tryingDelay: 50 }));
          expect(transport.log).toEqual(["50 100"]);
        });
      });

      describe("when the TU responds within 200 ms", () => {
        it("the scheduled 100 (Trying) is cancelled", () => {
          const { transport, left } = runMarbles((h) => {
            const s = setup(h, false);
            let left = -1;
            script(h, "150ms a", {
              a: () => {
                s.respond(180)();
                left = h.scheduler.actions.length;
              },
            });
            h.flush();
            return { ...s, left };
          });
          expect(transport.log).toEqual(["150 180"]);
          expect(left).toBe(0);
        });
      });

      describe("on a retransmitted INVITE", () => {
        it("the most recent provisional response MUST be passed to the transport again", () => {
          const { transport } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "300ms a 199ms b 499ms c", { a: s.respond(180), b: s.retransmit, c: s.retransmit });
            return s;
          });
          expect(transport.log).toEqual(["200 100", "300 180", "500 180", "1000 180"]);
        });

        it("before any response it is absorbed (the 100 Trying is still to come)", () => {
          const { transport } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "100ms a", { a: s.retransmit });
            return s;
          });
          expect(transport.log).toEqual(["200 100"]);
        });
      });

      describe("on a 2xx from the TU", () => {
        it("MUST send it and move to Accepted, with Timer L set to 64*T1 (RFC 6026 §7.1)", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "1000ms a", { a: s.respond(200) });
            h.expectObservable(s.tx.state$).toBe("a 999ms b 31999ms (c|)", { a: "Proceeding", b: "Accepted", c: "Terminated" });
            return s;
          });
          // the transaction does not retransmit 2xx itself
          expect(transport.log).toEqual(["200 100", "1000 200"]);
          expect(user.events).toEqual(["33000 terminated"]);
        });
      });

      describe("on a 300-699 from the TU", () => {
        it("MUST send it and move to Completed", () => {
          const { transport } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "1000ms a", { a: s.respond(486) });
            h.expectObservable(s.tx.state$, "^ 1500ms !").toBe("a 999ms b", { a: "Proceeding", b: "Completed" });
            return s;
          });
          expect(transport.log.slice(0, 2)).toEqual(["200 100", "1000 486"]);
        });
      });
    });

    describe("Completed", () => {
      describe("on Timer G", () => {
        it("Timer G retransmits the final response at T1, doubling up to T2, until the ACK; Timer I then ends the transaction", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "1000ms a 3999ms b", { a: s.respond(486), b: s.sendAck });
            h.expectObservable(s.tx.state$).toBe("a 999ms b 3999ms c 4999ms (d|)", {
              a: "Proceeding",
              b: "Completed",
              c: "Confirmed",
              d: "Terminated",
            });
            return s;
          });
          expect(transport.log).toEqual(["200 100", "1000 486", "1500 486", "2500 486", "4500 486"]);
          expect(user.events).toEqual(["10000 terminated"]);
        });
      });

      describe("on Timer H", () => {
        it("Timer H: if the ACK never comes, the transaction MUST move to Terminated at 64*T1 and tell the TU of the failure", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "1000ms a", { a: s.respond(486) });
            h.expectObservable(s.tx.state$).toBe("a 999ms b 31999ms (c|)", { a: "Proceeding", b: "Completed", c: "Terminated" });
            return s;
          });
          // G: 500, 1000, 2000, 4000, 4000 ... after 1000; the last before H (33000) is at 32500
          expect(transport.log).toEqual([
            "200 100",
            "1000 486",
            "1500 486",
            "2500 486",
            "4500 486",
            "8500 486",
            "12500 486",
            "16500 486",
            "20500 486",
            "24500 486",
            "28500 486",
            "32500 486",
          ]);
          expect(user.events).toEqual(["33000 timeout", "33000 terminated"]);
        });
      });

      describe("on a retransmitted INVITE", () => {
        it("the final response is passed to the transport again", () => {
          const { transport } = runMarbles((h) => {
            const s = setup(h, true);
            script(h, "100ms a 899ms b 999ms c", { a: s.respond(404), b: s.retransmit, c: s.retransmit });
            return s;
          });
          expect(transport.log).toEqual(["100 404", "1000 404", "2000 404"]);
        });
      });
    });

    describe("Confirmed", () => {
      describe("on ACK and INVITE retransmissions", () => {
        it("Timer I absorbs ACK retransmissions for T4, then Terminated", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "100ms a 99ms b 999ms b 999ms c 999ms b", { a: s.respond(603), b: s.sendAck, c: s.retransmit });
            h.expectObservable(s.tx.state$).toBe("a 99ms b 99ms c 4999ms (d|)", {
              a: "Proceeding",
              b: "Completed",
              c: "Confirmed",
              d: "Terminated",
            });
            return s;
          });
          // the final response at 100 and Timer G at 600 — nothing after the ACK at 200
          expect(transport.log).toEqual(["100 603"]);
          expect(user.events).toEqual(["5200 terminated"]);
        });
      });
    });

    describe("Accepted", () => {
      describe("on retransmitted INVITEs", () => {
        it("Timer L keeps the server transaction in Accepted and retransmitted INVITEs are absorbed (RFC 6026 §7.1)", () => {
          const { transport, user } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "1000ms a 499ms b 999ms b 29999ms b 999ms b", { a: s.respond(200), b: s.retransmit });
            return s;
          });
          // no INVITE retransmission is answered, none reaches the TU; after Timer L none matches this transaction
          expect(transport.log).toEqual(["200 100", "1000 200"]);
          expect(user.events).toEqual(["33000 terminated"]);
        });
      });

      describe("on 2xx retransmissions from the TU", () => {
        it("MUST pass them to the transport; other responses from the TU are discarded", () => {
          const { transport, results } = runMarbles((h) => {
            const s = setup(h, false);
            const results: boolean[] = [];
            script(h, "50ms a 499ms b 999ms c", {
              a: () => results.push(s.tx.respond(response(s.invite, 200, TAG))),
              b: () => results.push(s.tx.respond(response(s.invite, 200, TAG))),
              c: () => results.push(s.tx.respond(response(s.invite, 486, TAG))),
            });
            return { ...s, results };
          });
          expect(transport.log).toEqual(["50 200", "550 200"]);
          expect(results).toEqual([true, true, false]);
        });
      });

      describe("on an ACK that matches", () => {
        it("passes it to the TU (RFC 6026 Figure 7)", () => {
          const { user } = runMarbles((h) => {
            const s = setup(h, false);
            script(h, "50ms a 99ms b", { a: s.respond(200), b: s.sendAck });
            return s;
          });
          expect(user.events).toEqual(["150 ack z9hG4bK776asdhds", "32050 terminated"]);
        });
      });
    });

    describe("Terminated", () => {
      it("nothing remains scheduled and nothing more is sent after Timer H", () => {
        const { transport, left } = runMarbles((h) => {
          const s = setup(h, false);
          let left = -1;
          script(h, "1000ms a 32001ms b", {
            a: s.respond(500),
            b: () => {
              left = h.scheduler.actions.length;
              s.retransmit();
              s.sendAck();
            },
          });
          h.flush();
          return { ...s, left };
        });
        expect(left).toBe(0);
        expect(transport.log.at(-1)).toBe("32500 500");
      });
    });
  });

  describe("over a reliable transport (TCP)", () => {
    describe("Proceeding", () => {
      it("still sends 100 (Trying) after 200 ms", () => {
        const { transport } = runMarbles((h) => setup(h, true));
        expect(transport.log).toEqual(["200 100"]);
      });
    });

    describe("Completed", () => {
      it("Timer G is not started on TCP; Timer H still fires at 64*T1", () => {
        const { transport, user } = runMarbles((h) => {
          const s = setup(h, true);
          script(h, "1000ms a", { a: s.respond(486) });
          return s;
        });
        expect(transport.log).toEqual(["200 100", "1000 486"]);
        expect(user.events).toEqual(["33000 timeout", "33000 terminated"]);
      });
    });

    describe("Confirmed", () => {
      it("Timer I is 0 on TCP: the ACK ends the transaction at once", () => {
        const { user } = runMarbles((h) => {
          const s = setup(h, true);
          script(h, "1000ms a 499ms b", { a: s.respond(486), b: s.sendAck });
          h.expectObservable(s.tx.state$).toBe("a 999ms b 499ms (cd|)", { a: "Proceeding", b: "Completed", c: "Confirmed", d: "Terminated" });
          return s;
        });
        expect(user.events).toEqual(["1500 terminated"]);
      });
    });

    describe("Accepted", () => {
      it("Timer L is 64*T1 on TCP too (RFC 6026 §7.1)", () => {
        runMarbles((h) => {
          const s = setup(h, true);
          script(h, "10ms a", { a: s.respond(200) });
          h.expectObservable(s.tx.state$).toBe("a 9ms b 31999ms (c|)", { a: "Proceeding", b: "Accepted", c: "Terminated" });
        });
      });
    });
  });
});
