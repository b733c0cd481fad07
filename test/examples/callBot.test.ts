import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Inviter, Registerer, SessionState, UserAgent, type DtmfEvent } from "../../src/index.js";
import { NodeTransport, nodeMediaFactory, type NodeSessionDescriptionHandler } from "../../src/node.js";
import { startRegistrar, type Registrar } from "../../src/testing/index.js";

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * examples/call-bot.ts against the embedded registrar over WebSocket on loopback, called by
 * an rxsip user agent with werift media on 127.0.0.1.
 */
describe("examples/call-bot.ts: a Node call bot with real media", () => {
  let registrar: Registrar;
  let caller: UserAgent;
  let bot: typeof import("../../examples/call-bot.js");

  beforeAll(async () => {
    registrar = await startRegistrar({ ws: true });
    process.env.RXSIP_SERVER = registrar.addresses.urls.ws;
    process.env.RXSIP_BOT_URI = "sip:bot@example.com";
    process.env.RXSIP_MEDIA_LOOPBACK = "1";
    bot = await import("../../examples/call-bot.js");
    await bot.ready;
    await until("the bot's binding", () => registrar.bindings.some((b) => b.aor.includes("bot")));
    caller = new UserAgent({
      uri: UserAgent.makeURI("sip:carol@example.com")!,
      transportConstructor: NodeTransport,
      transportOptions: { server: registrar.addresses.urls.ws },
      sessionDescriptionHandlerFactory: nodeMediaFactory({ loopback: true }),
      logBuiltinEnabled: false,
    });
    await caller.start();
    await new Registerer(caller).register();
  }, 20000);

  afterAll(async () => {
    await caller?.dispose();
    await bot?.userAgent.dispose();
    await registrar?.stop();
  }, 10000);

  it("answers with a tone, says back each key, and hangs up on #", async () => {
    const call = new Inviter(caller, UserAgent.makeURI("sip:bot@example.com")!);
    const heard: DtmfEvent[] = [];
    call.dtmf$.subscribe((d) => heard.push(d));
    await call.invite();
    await until("the call to be up", () => call.state === SessionState.Established, 5000);
    const media = call.sessionDescriptionHandler as NodeSessionDescriptionHandler;
    await until("25 frames of the bot's tone", () => media.stats.nonSilentPacketsReceived >= 25, 5000);
    expect(await call.dtmf("42")).toBe(true);
    await until("the bot to say back 4 and 2", () => heard.length >= 2, 5000);
    expect(heard.map((d) => `${d.tone}/${d.via}`)).toEqual(["4/rfc4733", "2/rfc4733"]);
    expect(bot.calls[0]!.state).toBe(SessionState.Established);
    expect(await call.dtmf("#")).toBe(true);
    await until("the bot to hang up", () => call.state === SessionState.Terminated, 5000);
    expect(media.peerConnection).toBeUndefined();
  }, 20000);
});
