import { describe, it } from "vitest";
import { callDuration, SessionState } from "../../../src/index.js";
import { marbles } from "./marbles.js";

const s = { i: SessionState.Initial, g: SessionState.Establishing, e: SessionState.Established, t: SessionState.Terminated };

describe("callDuration", () => {
  it("0 when Established, then every period, then the final length when Terminated", marbles((m) => {
    const state$ = m.hot("i-e---------t|", s);
    m.expect(state$.pipe(callDuration({ period: 4 }))).toBeObservable("--a---b---c-(d|)", { a: 0, b: 4, c: 8, d: 10 });
  }));

  it("a call never established emits nothing; the default period is one second", marbles((m) => {
    m.expect(m.hot("ig--t", s).pipe(callDuration())).toBeObservable("----|");
    m.expect(m.hot("e 2500ms t", s).pipe(callDuration())).toBeObservable("a 999ms b 999ms c 500ms (d|)", { a: 0, b: 1000, c: 2000, d: 2501 });
  }));

  it("unsubscribing stops the clock", marbles((m) => {
    m.expect(m.hot("e", s).pipe(callDuration({ period: 2 })), "^---!").toBeObservable("a-b-", { a: 0, b: 2 });
  }));
});
