import { describe, expect, it } from "vitest";
import { Inviter, Messager, SessionState, UserAgent, sendOptions, type RequestOutcome } from "../../src/index.js";
import { world } from "./harness.js";

describe("a request the transport cannot deliver (RFC 3261 §8.1.3.1, §17.1.2.2)", () => {
  it("a MESSAGE to an address nobody listens at ends with a transport error at once, not after Timer F", async () => {
    const w = world();
    const alice = w.ua("alice");
    await alice.start();
    const messager = new Messager(alice, UserAgent.makeURI("sip:nobody@nowhere.example.test:5060")!, "hi");
    const outcomes: Array<[RequestOutcome["type"], number]> = [];
    messager.outcomes$.subscribe((o) => outcomes.push([o.type, w.clock.now()]));
    await messager.message();
    await w.clock.advance(100);
    expect(outcomes).toEqual([["transport-error", 0]]);
  });

  it("a call to an address nobody listens at ends at once (Terminated), not after Timer B", async () => {
    const w = world();
    const alice = w.ua("alice");
    await alice.start();
    const inviter = new Inviter(alice, UserAgent.makeURI("sip:nobody@nowhere.example.test:5060")!);
    const states: Array<[string, number]> = [];
    inviter.stateChange.addListener((s) => states.push([s, w.clock.now()]));
    await inviter.invite().catch(() => undefined);
    await w.clock.advance(100);
    expect(states).toEqual([
      [SessionState.Establishing, 0],
      [SessionState.Terminated, 0],
    ]);
  });

  it("sendOptions() to an address nobody listens at rejects with 503 at once", async () => {
    const w = world();
    const alice = w.ua("alice");
    await alice.start();
    let failure: unknown;
    sendOptions(alice, UserAgent.makeURI("sip:nowhere.example.test:5060")!).catch((e) => (failure = e));
    await w.clock.advance(100);
    expect((failure as { statusCode?: number } | undefined)?.statusCode).toBe(503);
  });
});
