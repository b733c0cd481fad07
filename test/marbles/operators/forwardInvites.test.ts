import { describe, expect, it } from "vitest";
import { NEVER } from "rxjs";
import { forwardInvites } from "../../../src/index.js";
import { fakeInvitation } from "./fakes.js";
import { marbles } from "./marbles.js";

describe("forwardInvites", () => {
  it("answers 302 with the target as Contact and passes on the invitations it has no target for", marbles((m) => {
    const a = fakeInvitation("a", NEVER);
    const b = fakeInvitation("b", NEVER);
    const result = m.hot("a-b-|", { a, b }).pipe(forwardInvites((i) => (i.id === "a" ? "sip:voicemail@example.com" : undefined)));
    m.expect(result).toBeObservable("--b-|", { b });
    m.flush();
    expect(a.rejected).toEqual([{ statusCode: 302, extraHeaders: ["Contact: <sip:voicemail@example.com>"] }]);
    expect(b.rejected).toEqual([]);
  }));

  it("a target that is not a SIP URI (CR/LF included) is reported, never sent, and the stream goes on", marbles((m) => {
    const a = fakeInvitation("a", NEVER);
    const b = fakeInvitation("b", NEVER);
    const failures: string[] = [];
    const target = (i: { id: string }) => (i.id === "a" ? "sip:x@example.com\r\nX-Evil: 1" : "sip:bob@example.com");
    const result = m.hot("ab|", { a, b }).pipe(forwardInvites(target, { statusCode: 301, failures: (f) => failures.push(`${f.code} ${f.invitation.id}`) }));
    m.expect(result).toBeObservable("--|");
    m.flush();
    expect(failures).toEqual(["FORWARD_FAILED a"]);
    expect(a.rejected).toEqual([]);
    expect(b.rejected).toEqual([{ statusCode: 301, extraHeaders: ["Contact: <sip:bob@example.com>"] }]);
  }));
});
