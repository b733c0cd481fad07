import { describe, expect, it } from "vitest";
import { answerAfter, SessionState } from "../../../src/index.js";
import { fakeInvitation } from "./fakes.js";
import { marbles } from "./marbles.js";

describe("answerAfter", () => {
  it("lets each invitation ring, then accepts it; a caller who hangs up while it rings is left alone", marbles((m) => {
    const a = fakeInvitation("a", m.cold("-e", { e: SessionState.Established }));
    const b = fakeInvitation("b", m.cold("-e", { e: SessionState.Established }));
    const result = m.hot("-a--b----", { a, b }).pipe(answerAfter(5));
    // b2 rings and its caller hangs up (CANCEL) after 2 ms, before the 5 ms are up
    const bCancelled = fakeInvitation("b2", m.cold("--t", { t: SessionState.Terminated }));
    bCancelled.ring();
    const result2 = m.hot("b-------", { b: bCancelled }).pipe(answerAfter(5));
    m.expect(result).toBeObservable("-------a--b", { a, b });
    m.expect(result2).toBeObservable("--------");
    m.flush();
    expect(bCancelled.accepted).toEqual([]);
    expect(a.accepted).toHaveLength(1);
  }));

  it("unsubscribing while it rings cancels the answer", marbles((m) => {
    const a = fakeInvitation("a", m.cold("-e", { e: SessionState.Established }));
    m.expect(m.hot("a", { a }).pipe(answerAfter(5)), "^--!").toBeObservable("");
    m.flush();
    expect(a.accepted).toEqual([]);
  }));
});
