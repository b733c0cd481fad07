import { defer, type Observable } from "rxjs";
import { describe, expect, it } from "vitest";
import { ReconnectionFailedError, reconnectWhen, TransportError, type TransportStatus } from "../../../src/index.js";
import { marbles } from "./marbles.js";

const lostError = new TransportError("CONNECTION_CLOSED", "connection lost");
const statuses: Record<string, TransportStatus> = {
  c: { type: "connected" },
  d: { type: "disconnected" },
  x: { type: "disconnected", error: lostError },
};

/** A user agent whose n-th reconnect() is the n-th observable (completes: connected; errors: failed). */
function agent(attempts: Observable<unknown>[]) {
  let n = 0;
  return { reconnect: () => defer(() => attempts[n++]!) };
}

describe("reconnectWhen", () => {
  it("mirrors the connection; a loss with an error is followed by reconnection attempts at 0, 4 s, 8 s until one succeeds", marbles((m) => {
    const fail1 = m.cold("-#");
    const fail2 = m.cold("-#");
    const ok = m.cold("-|");
    const connection$ = m.hot("c--x-----", statuses);
    m.expect(connection$.pipe(reconnectWhen(agent([fail1, fail2, ok])))).toBeObservable("c--x-----", statuses);
    m.expect(fail1).toHaveSubscriptions(["---^!"]);
    m.expect(fail2).toHaveSubscriptions(["---- 4000ms ^!"]);
    m.expect(ok).toHaveSubscriptions(["---- 8001ms ^!"]);
  }));

  it("an outage longer than the attempts: exactly 3 attempts, then ReconnectionFailedError with the last failure as cause", marbles((m) => {
    const attempts = [m.cold("#"), m.cold("#"), m.cold("#"), m.cold("#")];
    const connection$ = m.hot("c--x", statuses);
    const result = connection$.pipe(reconnectWhen(agent(attempts), { retry: { count: 3, delay: 4000 } }));
    m.expect(result).toBeObservable("c--x 7999ms #", statuses, new ReconnectionFailedError(3));
    m.expect(attempts[0]!).toHaveSubscriptions(["---(^!)"]);
    m.expect(attempts[1]!).toHaveSubscriptions(["--- 4000ms (^!)"]);
    m.expect(attempts[2]!).toHaveSubscriptions(["--- 8000ms (^!)"]);
    m.expect(attempts[3]!).toHaveSubscriptions([]);
    let error: unknown;
    m.hot("x", statuses).pipe(reconnectWhen(agent([m.cold("#", undefined, lostError)]), { retry: { count: 1 } })).subscribe({ error: (e) => (error = e) });
    m.flush();
    expect(error).toBeInstanceOf(ReconnectionFailedError);
    expect((error as ReconnectionFailedError).cause).toBe(lostError);
  }));

  it("a user agent stopped by the application while a retry waits gets no further attempt and no error", marbles((m) => {
    const fail = m.cold("#");
    const ua = { ...agent([fail, m.cold("-|")]), state: "Started" };
    m.cold("-----s").subscribe(() => (ua.state = "Stopped"));
    const reconnect = ua.reconnect;
    let calls = 0;
    ua.reconnect = () => (calls++, reconnect());
    m.expect(m.hot("x", statuses).pipe(reconnectWhen(ua, { retry: { delay: 10 } })), "^ 100ms !").toBeObservable("x", statuses);
    m.expect(fail).toHaveSubscriptions(["(^!)"]);
    m.flush();
    expect(calls).toBe(1);
  }));

  it("a disconnect without an error (the application stopped) is left alone", marbles((m) => {
    const attempt = m.cold("-|");
    m.expect(m.hot("c--d----", statuses).pipe(reconnectWhen(agent([attempt])))).toBeObservable("c--d----", statuses);
    m.expect(attempt).toHaveSubscriptions([]);
  }));

  it("losses while a reconnection is under way start no second one", marbles((m) => {
    const slow = m.cold("-----|");
    const connection$ = m.hot("c-x-x-x--", statuses);
    m.expect(connection$.pipe(reconnectWhen(agent([slow, m.cold("|")])))).toBeObservable("c-x-x-x--", statuses);
    m.expect(slow).toHaveSubscriptions(["--^----!"]);
  }));

  it("no attempt while offline; coming back online while the connection is lost reconnects; online while connected does nothing", marbles((m) => {
    const first = m.cold("-|");
    const second = m.cold("-|");
    const online$ = m.hot("t--f------t--t", { t: true, f: false });
    const connection$ = m.hot("c---x------c--", statuses);
    m.expect(connection$.pipe(reconnectWhen(agent([first, second]), { online$ }))).toBeObservable("c---x------c--", statuses);
    m.expect(first).toHaveSubscriptions(["----------^!"]);
    m.expect(second).toHaveSubscriptions([]);
  }));

  it("unsubscribing cancels a pending attempt; completion of the connection completes the result", marbles((m) => {
    const attempts = [m.cold("#"), m.cold("-|")];
    m.expect(m.hot("x", statuses).pipe(reconnectWhen(agent(attempts))), "^ 1000ms !").toBeObservable("x", statuses);
    m.expect(attempts[1]!).toHaveSubscriptions([]);
    m.expect(m.hot("c-|", statuses).pipe(reconnectWhen(agent([])))).toBeObservable("c-|", statuses);
  }));
});
