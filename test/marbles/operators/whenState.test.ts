import { describe, it } from "vitest";
import { SessionState, whenState } from "../../../src/index.js";
import { marbles } from "./marbles.js";

describe("whenState", () => {
  it("emits each object once it reaches the state; one that ends first is dropped", marbles((m) => {
    const a = { id: "a", state$: m.cold("i-e---t|", { i: SessionState.Initial, e: SessionState.Established, t: SessionState.Terminated }) };
    const b = { id: "b", state$: m.cold("i--t|", { i: SessionState.Initial, t: SessionState.Terminated }) };
    const sessions$ = m.hot("-a--b-----|", { a, b });
    m.expect(sessions$.pipe(whenState(SessionState.Established))).toBeObservable("---a------|", { a });
    m.expect(a.state$).toHaveSubscriptions(["-^-!"]);
    m.expect(b.state$).toHaveSubscriptions(["----^---!"]);
  }));

  it("several states: the first reached counts", marbles((m) => {
    const a = { state$: m.cold("--t|", { t: SessionState.Terminated }) };
    m.expect(m.hot("a|", { a }).pipe(whenState(SessionState.Established, SessionState.Terminated))).toBeObservable("--(a|)", { a });
  }));
});
