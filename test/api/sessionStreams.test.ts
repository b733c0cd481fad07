import { describe, expect, it } from "vitest";
import { Invitation, Inviter, SessionState } from "../../src/index.js";
import { world } from "./harness.js";

/**
 * A session makes its streams (and SIP.js emitter) when first asked for; one asked for
 * late behaves as it would have had it been made with the session.
 */
describe("session streams made on first use", () => {
  async function call() {
    const { clock, ua, target } = world();
    const alice = ua("alice");
    const bob = ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const invitations: Invitation[] = [];
    bob.delegate = { onInvite: (i) => void (invitations.push(i), i.accept()) };
    const inviter = new Inviter(alice, target("bob"));
    await inviter.invite();
    await clock.advance(500);
    return { clock, inviter, invitation: invitations[0]! };
  }

  it("streams asked for during the call see what comes after; after the end state$ gives the final state and the others complete at once", async () => {
    const { clock, inviter, invitation } = await call();
    expect(inviter.state).toBe(SessionState.Established);
    const seen: string[] = [];
    invitation.state$.subscribe({ next: (s) => seen.push(s), complete: () => seen.push("complete") });
    invitation.stateChange.addListener((s) => seen.push(`emitter ${s}`));
    const messages: string[] = [];
    invitation.messages$.subscribe((m) => messages.push(m.request.body));
    await inviter.message({ requestOptions: { body: { contentType: "text/plain", body: "hello" } } });
    await clock.advance(100);
    expect(messages).toEqual(["hello"]);
    await inviter.bye();
    await clock.advance(100);
    expect(seen).toEqual(["Established", "Terminated", "emitter Terminated", "complete"]);

    // asked for only now: state$ gives the final state, the event streams complete at once
    const lateState: string[] = [];
    inviter.state$.subscribe({ next: (s) => lateState.push(s), complete: () => lateState.push("complete") });
    expect(lateState).toEqual(["Terminated", "complete"]);
    const late: string[] = [];
    for (const s of [inviter.refers$, inviter.infos$, inviter.dtmf$, inviter.messages$, inviter.reinvites$, inviter.notifications$, inviter.responses$]) {
      (s as import("rxjs").Observable<unknown>).subscribe({ next: () => late.push("value"), complete: () => late.push("complete") });
    }
    expect(late).toEqual(Array(7).fill("complete"));
  });

  it("data is an object until the application sets it", async () => {
    const { inviter } = await call();
    expect(inviter.data).toEqual({});
    (inviter.data as Record<string, number>).n = 1;
    expect(inviter.data).toEqual({ n: 1 });
    inviter.data = undefined;
    expect(inviter.data).toBeUndefined();
  });
});
