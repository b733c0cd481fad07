import { describe, expect, it } from "vitest";
import { NEVER } from "rxjs";
import { rejectInvites } from "../../../src/index.js";
import { fakeInvitation } from "./fakes.js";
import { marbles } from "./marbles.js";

describe("rejectInvites", () => {
  it("rejects the invitations the decision gives options for and passes on the others", marbles((m) => {
    const a = fakeInvitation("a", NEVER);
    const b = fakeInvitation("b", NEVER);
    const c = fakeInvitation("c", NEVER);
    const result = m.hot("-a-b-c-|", { a, b, c }).pipe(rejectInvites((i) => (i.id === "b" ? undefined : { statusCode: i.id === "a" ? 486 : 603 })));
    m.expect(result).toBeObservable("---b---|", { b });
    m.flush();
    expect([a.rejected, b.rejected, c.rejected]).toEqual([[{ statusCode: 486 }], [], [{ statusCode: 603 }]]);
  }));

  it("a rejection that fails is reported and the stream goes on", marbles((m) => {
    const bad = fakeInvitation("bad", NEVER, { rejectError: new Error("already answered") });
    const next = fakeInvitation("next", NEVER);
    const failures: string[] = [];
    const result = m.hot("ab|", { a: bad, b: next }).pipe(rejectInvites({ statusCode: 480 }, { failures: (f) => failures.push(`${f.code} ${f.invitation.id}`) }));
    m.expect(result).toBeObservable("--|");
    m.flush();
    expect(failures).toEqual(["REJECT_FAILED bad"]);
    expect(next.rejected).toEqual([{ statusCode: 480 }]);
  }));
});
