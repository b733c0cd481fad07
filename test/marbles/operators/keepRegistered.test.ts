import { defer, Subject, type Observable } from "rxjs";
import { describe, it } from "vitest";
import { keepRegistered, ReconnectionFailedError, TransportError, type TransportStatus } from "../../../src/index.js";
import { RegistererState } from "../../../src/index.js";
import { FakeRegisterer } from "./fakes.js";
import { marbles } from "./marbles.js";

const states = { i: RegistererState.Initial, r: RegistererState.Registered, u: RegistererState.Unregistered };

/**
 * The seed's network-change behaviour as one operator: a fake user agent whose reconnect()
 * attempts are marble observables that drive the connection status, and a fake registerer.
 */
function setup(m: Parameters<Parameters<typeof marbles>[0]>[0], attempts: Observable<unknown>[], registers: Observable<number>[]) {
  const status = new Subject<TransportStatus>();
  let n = 0;
  const userAgent = {
    reconnect: () =>
      defer(() => {
        const attempt = attempts[n++]!;
        return attempt;
      }),
  };
  const reg = new FakeRegisterer(m.scheduler, registers, userAgent);
  return { status, reg };
}

describe("keepRegistered", () => {
  it("registers, unregisters on the loss, reconnects (0 s fails, 4 s succeeds) and registers again", marbles((m) => {
    const lost: TransportStatus = { type: "disconnected", error: new TransportError("CONNECTION_CLOSED", "lost") };
    const s = { c: { type: "connected" } as TransportStatus, x: lost };
    const fail = m.cold("-#");
    const ok = m.cold("-|");
    const first = m.cold("-5", { 5: 200 });
    const second = m.cold("-5", { 5: 200 });
    const { reg } = setup(m, [fail, ok], [first, second]);
    // the connection: up, lost at 10, back when the second attempt succeeded (4 s after the first failed)
    const connection$ = m.hot("c---------x 4000ms c", s);
    m.expect(connection$.pipe(keepRegistered(reg))).toBeObservable("ir--------u 4001ms r", states);
    m.expect(fail).toHaveSubscriptions(["----------^!"]);
    m.expect(ok).toHaveSubscriptions(["---------- 4001ms ^!"]);
    m.expect(first).toHaveSubscriptions(["^!"]);
    m.expect(second).toHaveSubscriptions(["---------- 4001ms ^!"]);
  }));

  it("a transport that never returns: three attempts, then ReconnectionFailedError", marbles((m) => {
    const lost: TransportStatus = { type: "disconnected", error: new TransportError("CONNECTION_CLOSED", "lost") };
    const s = { c: { type: "connected" } as TransportStatus, x: lost };
    const attempts = [m.cold("#"), m.cold("#"), m.cold("#")];
    const { reg } = setup(m, attempts, [m.cold("-5", { 5: 200 })]);
    const connection$ = m.hot("c---------x", s);
    m.expect(connection$.pipe(keepRegistered(reg))).toBeObservable("ir--------u 7999ms #", states, new ReconnectionFailedError(3));
    m.expect(attempts[0]!).toHaveSubscriptions(["----------(^!)"]);
    m.expect(attempts[1]!).toHaveSubscriptions(["---------- 4000ms (^!)"]);
    m.expect(attempts[2]!).toHaveSubscriptions(["---------- 8000ms (^!)"]);
  }));
});
