import { describe, expect, it } from "vitest";
import { Inviter, MediaUnavailableError, SessionState, type Invitation } from "../../src/index.js";
import { world } from "./harness.js";
import { unhandledDuring } from "./unhandled.js";

describe("a user agent without media", () => {
  it("invite() rejects with MediaUnavailableError that names the fix, and the Inviter ends", async () => {
    const { ua, target } = world();
    const alice = ua("alice", { sessionDescriptionHandlerFactory: undefined });
    await alice.start();
    const inviter = new Inviter(alice, target("bob"));
    const error = await inviter.invite().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MediaUnavailableError);
    expect((error as Error).message).toContain("nodeMediaFactory()");
    expect((error as Error).message).toContain('"rxsip/node"');
    expect((error as Error).message).toContain("sessionDescriptionHandlerFactory");
    expect(inviter.state).toBe(SessionState.Terminated);
  });

  it("the README's invites$.subscribe((i) => i.accept()): the call is answered 488, the caller ends, no unhandled rejection", async () => {
    const { clock, ua, target, wire } = world();
    const logged: string[] = [];
    const alice = ua("alice");
    const bob = ua("bob", { sessionDescriptionHandlerFactory: undefined, logConnector: (level, category, _l, content) => logged.push(`${level} ${category} ${content}`) });
    await Promise.all([alice.start(), bob.start()]);
    const invitations: Invitation[] = [];
    const unhandled = await unhandledDuring(async () => {
      bob.invites$.subscribe((i) => {
        invitations.push(i);
        i.accept();
      });
      const inviter = new Inviter(alice, target("bob"));
      await inviter.invite();
      await clock.advance(1000);
      expect(inviter.state).toBe(SessionState.Terminated);
    });
    expect(unhandled).toEqual([]);
    expect(wire()).toContain("bob: SIP/2.0 488 Not Acceptable Here");
    expect(invitations[0]!.state).toBe(SessionState.Terminated);
    expect(logged.some((l) => l.startsWith("warn rxsip.Invitation") && l.includes("nodeMediaFactory()"))).toBe(true);
  });

  it("accept() awaited by the application still rejects with the reason", async () => {
    const { clock, ua, target } = world();
    const alice = ua("alice");
    const bob = ua("bob", { sessionDescriptionHandlerFactory: undefined, logBuiltinEnabled: false });
    await Promise.all([alice.start(), bob.start()]);
    const outcomes: unknown[] = [];
    bob.invites$.subscribe((i) => {
      i.accept().catch((e: unknown) => outcomes.push(e));
    });
    await new Inviter(alice, target("bob")).invite();
    await clock.advance(1000);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toBeInstanceOf(MediaUnavailableError);
  });

  it("getLogger(category) writes through logConnector with that category (what SIP.js handler factories call)", async () => {
    const { ua } = world();
    const lines: string[] = [];
    const alice = ua("alice", { logLevel: "debug", logConnector: (level, category, label, content) => lines.push(`${level}|${category}|${label}|${content}`) });
    const logger = alice.getLogger("sip.SessionDescriptionHandler");
    logger.debug("d");
    logger.error("e");
    alice.getLoggerFactory().getLogger("x", "y").log("l");
    expect(lines).toEqual(["debug|sip.SessionDescriptionHandler|undefined|d", "error|sip.SessionDescriptionHandler|undefined|e", "log|x|y|l"]);
  });
});
