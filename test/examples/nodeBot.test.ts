import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimpleUser, type SimpleMessage } from "../../src/index.js";
import * as rxsipNode from "../../src/node.js";
import { fakeSessionDescriptionHandlerFactory, startRegistrar, type Registrar } from "../../src/testing/index.js";

/**
 * examples/node-bot against the embedded registrar/proxy over WebSocket on loopback: a caller
 * (a SimpleUser) calls the bot, types 1 2 3 4 #, and hears back what the bot collected.
 */
async function until(check: () => boolean, ms = 8000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${check.toString()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("examples/node-bot", () => {
  let registrar: Registrar;
  let bot: { aor: string; realMedia: boolean; results$: import("rxjs").Observable<{ caller: string; digits: string }>; stop(): Promise<void> };
  const lines: string[] = [];

  beforeAll(async () => {
    registrar = await startRegistrar({ ws: true });
    // @ts-expect-error a plain ES module example without declarations
    const { startBot } = await import("../../examples/node-bot/bot.mjs");
    bot = await startBot({ server: registrar.addresses.urls.ws, aor: "sip:bot@rxsip.test", loopback: true, say: (l: string) => lines.push(l) });
  });

  afterAll(async () => {
    await bot?.stop();
    await registrar?.stop();
  });

  it("answers, plays its prompt, collects the digits typed before #, says them back by MESSAGE and hangs up", { timeout: 30_000 }, async () => {
    // with rxsip/node's media the caller hears the prompt over RTP and types RFC 4733 digits; else fake media and INFO
    const node = rxsipNode as unknown as Record<string, unknown>;
    const media = bot.realMedia ? (node.nodeMediaFactory as (o: object) => never)({ loopback: true }) : fakeSessionDescriptionHandlerFactory();
    const caller = new SimpleUser(registrar.addresses.urls.ws!, {
      aor: "sip:carol@rxsip.test",
      sendDTMFUsingSessionDescriptionHandler: bot.realMedia,
      userAgentOptions: { transportConstructor: rxsipNode.NodeTransport, sessionDescriptionHandlerFactory: media, logBuiltinEnabled: false },
    });
    const results: Array<{ caller: string; digits: string }> = [];
    bot.results$.subscribe((r) => results.push(r));
    const messages: SimpleMessage[] = [];
    caller.messageReceived$.subscribe((m) => messages.push(m));
    let answered = false;
    let hungUp = false;
    caller.callAnswered$.subscribe(() => (answered = true));
    caller.callHangup$.subscribe(() => (hungUp = true));
    try {
      await caller.connect();
      await caller.register();
      await until(() => registrar.bindings.some((b) => b.aor === "carol"));
      await caller.call("sip:bot@rxsip.test");
      await until(() => answered);
      if (bot.realMedia) {
        // the prompt (a 1 s beep) arrives as sound, not silence
        const stats = () => (caller.session!.sessionDescriptionHandler as unknown as { stats: { nonSilentPacketsReceived: number } }).stats;
        await until(() => stats().nonSilentPacketsReceived > 10);
      }
      for (const d of "1234#") await caller.sendDTMF(d);
      await until(() => hungUp);
      await until(() => messages.length > 0);
      expect(results).toEqual([{ caller: "sip:carol@rxsip.test", digits: "1234" }]);
      expect(messages[0]).toEqual({ from: "sip:bot@rxsip.test", message: "bot: you typed 1234" });
      expect(lines).toEqual(expect.arrayContaining(["registered as sip:bot@rxsip.test", "sip:carol@rxsip.test typed 1234", "hung up on sip:carol@rxsip.test"]));
    } finally {
      await caller.dispose();
    }
  });
});
