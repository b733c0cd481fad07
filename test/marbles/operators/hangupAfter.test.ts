import { BehaviorSubject } from "rxjs";
import { describe, expect, it } from "vitest";
import { hangupAfter, SessionState, type Session } from "../../../src/index.js";
import { settled } from "./fakes.js";
import { marbles } from "./marbles.js";

/** A session whose state follows `script` and whose bye()/cancel() end it, recording when. */
function session(m: { scheduler: { now(): number } }, id: string, initial: SessionState = SessionState.Initial) {
  const state = new BehaviorSubject<SessionState>(initial);
  const calls: string[] = [];
  const end = (what: string) => {
    calls.push(`${what}@${m.scheduler.now()}`);
    state.next(SessionState.Terminated);
    state.complete();
    return settled(undefined);
  };
  const s = {
    id,
    get state() {
      return state.value;
    },
    state$: state.asObservable(),
    calls,
    set: (v: SessionState) => state.next(v),
    bye: () => end("bye"),
    cancel: () => end("cancel"),
  };
  return s as typeof s & Session;
}

describe("hangupAfter", () => {
  it("sends BYE ms after the session is Established and emits it; a session that ends earlier is left alone", marbles((m) => {
    const a = session(m, "a");
    const b = session(m, "b");
    m.cold("--e", { e: () => a.set(SessionState.Established) }).subscribe((f) => f());
    m.cold("---e-t", { e: () => b.set(SessionState.Established), t: () => b.set(SessionState.Terminated) }).subscribe((f) => f());
    m.expect(m.hot("ab", { a, b }).pipe(hangupAfter(5))).toBeObservable("-------a", { a });
    m.flush();
    expect(a.calls).toEqual(["bye@7"]);
    expect(b.calls).toEqual([]);
  }));

  it("from: 'now' ends an unanswered outgoing call with CANCEL", marbles((m) => {
    const a = session(m, "a", SessionState.Establishing);
    m.expect(m.hot("a", { a }).pipe(hangupAfter(30, { from: "now" }))).toBeObservable("30ms a", { a });
    m.flush();
    expect(a.calls).toEqual(["cancel@30"]);
  }));

  it("unsubscribing cancels the pending hang-up", marbles((m) => {
    const a = session(m, "a", SessionState.Established);
    m.expect(m.hot("a", { a }).pipe(hangupAfter(5)), "^-!").toBeObservable("");
    m.flush();
    expect(a.calls).toEqual([]);
  }));
});
