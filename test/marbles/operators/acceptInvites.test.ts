import { describe, expect, it } from "vitest";
import { acceptInvites, InvitationFailedError, SessionState } from "../../../src/index.js";
import { fakeInvitation } from "./fakes.js";
import { marbles } from "./marbles.js";

const E = SessionState.Established;
const T = SessionState.Terminated;

describe("acceptInvites", () => {
  it("accepts each invitation and emits it once Established; one failed accept is reported and the next is handled", marbles((m) => {
    const a = fakeInvitation("a", m.cold("--e", { e: E }));
    const b = fakeInvitation("b", m.cold("--e", { e: E }), { acceptError: new Error("no media") });
    const c = fakeInvitation("c", m.cold("-e", { e: E }));
    const failures: [number, InvitationFailedError][] = [];
    const invites$ = m.hot("-a---b---c---|", { a, b, c });
    const result = invites$.pipe(acceptInvites({ extraHeaders: ["X-Auto: yes"] }, { failures: (f) => failures.push([m.scheduler.now(), f]) }));
    m.expect(result).toBeObservable("---a------c--|", { a, c });
    m.flush();
    expect(a.accepted).toEqual([{ extraHeaders: ["X-Auto: yes"] }]);
    expect(failures.map(([t, f]) => [t, f.code, f.invitation.id, (f.cause as Error).message])).toEqual([[5, "ACCEPT_FAILED", "b", "no media"]]);
  }));

  it("options made per invitation; a caller who hangs up before Established is a failure, not an end", marbles((m) => {
    const a = fakeInvitation("a", m.cold("--t", { t: T }));
    const b = fakeInvitation("b", m.cold("-e", { e: E }));
    const failures: string[] = [];
    const result = m.hot("a---b--", { a, b }).pipe(acceptInvites((i) => ({ extraHeaders: [`X-Id: ${i.id}`] }), { failures: { next: (f) => failures.push(`${f.code} ${f.invitation.id}`) } }));
    m.expect(result).toBeObservable("-----b-", { b });
    m.flush();
    expect(b.accepted).toEqual([{ extraHeaders: ["X-Id: b"] }]);
    expect(failures).toEqual(["ENDED_BEFORE_ESTABLISHED a"]);
  }));

  it("an error of invites$ passes through; unsubscribing stops waiting for the session", marbles((m) => {
    m.expect(m.hot("--#").pipe(acceptInvites())).toBeObservable("--#");
    const slow = fakeInvitation("s", m.cold("-----e", { e: E }));
    m.expect(m.hot("s", { s: slow }).pipe(acceptInvites()), "^--!").toBeObservable("---");
  }));
});
