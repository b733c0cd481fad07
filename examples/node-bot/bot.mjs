// examples/node-bot: a SIP bot in Node. It registers, answers every call, plays a prompt,
// collects the digits the caller types (the `dtmfDigits` operator over `session.dtmf$`:
// ended by "#", a pause or four digits), tells the caller what it heard by MESSAGE, and
// hangs up.
//
//   node examples/node-bot/bot.mjs                       embedded registrar on loopback
//   node examples/node-bot/bot.mjs --server ws://host:port --aor sip:bot@example.com
//
// `startBot()` is what test/examples/nodeBot.test.ts drives.
import { Messager, Registerer, UserAgent, dtmfDigits, dtmfInfo } from "rxsip";
import * as rxsipNode from "rxsip/node";
import { fakeSessionDescriptionHandlerFactory, startRegistrar } from "rxsip/testing";
import { Subject, catchError, filter, first, from, mergeMap, of, take, timeout } from "rxjs";

/**
 * Media: rxsip/node's media factory (G.711 over RTP, RFC 4733 digits) when this build has
 * it, else fake media, with which callers send their digits as INFO.
 */
function mediaFactory(loopback) {
  if (typeof rxsipNode.nodeMediaFactory === "function") return { factory: rxsipNode.nodeMediaFactory({ loopback }), real: true };
  return { factory: fakeSessionDescriptionHandlerFactory(), real: false };
}

/** The prompt: a one-second 440 Hz beep, 8 kHz samples (a WAV file works too: `wavSource(path)`). */
function beep() {
  const samples = new Int16Array(8000);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000));
  return rxsipNode.pcmSource(samples);
}

/** Plays the prompt when the media handler can, and says so. */
function playPrompt(session, say) {
  const sdh = session.sessionDescriptionHandler;
  if (sdh && typeof sdh.play === "function" && typeof rxsipNode.pcmSource === "function") {
    sdh.play(beep());
    say("prompt: beep — please type your PIN and #");
    return true;
  }
  say("prompt: (no audio with fake media) please type your PIN and #");
  return false;
}

/**
 * Starts the bot: `{ aor, results$, stop() }`; `results$` emits `{ caller, digits }` per call.
 * @param {{ server: string, aor?: string, say?: (line: string) => void, maxDigits?: number, interDigitTimeout?: number, answerTimeout?: number, loopback?: boolean }} options
 */
export async function startBot(options) {
  const say = options.say ?? ((line) => console.log(`bot: ${line}`));
  const { factory, real } = mediaFactory(options.loopback ?? false);
  const ua = new UserAgent({
    uri: UserAgent.makeURI(options.aor ?? "sip:bot@rxsip.test"),
    transportConstructor: rxsipNode.NodeTransport,
    transportOptions: { server: options.server },
    sessionDescriptionHandlerFactory: factory,
    logBuiltinEnabled: false,
    // digits typed by callers whose calls have no telephone-event come in INFO
    dtmfInfo: dtmfInfo(),
  });
  say(`media: ${real ? "rxsip/node media (RTP, RFC 4733)" : "fake media, DTMF by INFO"}`);
  const bot = { realMedia: real };
  const results$ = new Subject();
  const calls = ua.invites$
    .pipe(
      mergeMap((invitation) => {
        const caller = invitation.remoteIdentity.uri.toString();
        say(`call from ${caller}: answering`);
        return from(invitation.accept()).pipe(
          mergeMap(() => invitation.state$.pipe(first((s) => s === "Established"))),
          mergeMap(() => {
            playPrompt(invitation, say);
            return invitation.dtmf$.pipe(
              dtmfDigits({ terminator: "#", maxDigits: options.maxDigits ?? 4, interDigitTimeout: options.interDigitTimeout ?? 5000, scheduler: ua.scheduler }),
              take(1),
              timeout({ first: options.answerTimeout ?? 30_000, with: () => of("") }),
            );
          }),
          mergeMap(async (digits) => {
            say(`${caller} typed ${digits === "" ? "nothing" : digits}`);
            results$.next({ caller, digits });
            await sendMessage(ua, caller, digits === "" ? "bot: no digits received" : `bot: you typed ${digits}`);
            if (invitation.state === "Established") await invitation.bye();
            say(`hung up on ${caller}`);
          }),
          catchError((e) => {
            say(`call from ${caller} failed: ${e?.name ?? "Error"}: ${e?.message ?? e}`);
            return of(undefined);
          }),
        );
      }),
    )
    .subscribe();
  await ua.start();
  const registerer = new Registerer(ua);
  const registered = registerer.state$.pipe(filter((s) => s === "Registered"), take(1));
  const done = new Promise((resolve) => registered.subscribe(() => resolve(undefined)));
  await registerer.register();
  await done;
  say(`registered as ${ua.configuration.uri}`);
  return {
    ...bot,
    aor: ua.configuration.uri.toString(),
    results$: results$.asObservable(),
    userAgent: ua,
    async stop() {
      calls.unsubscribe();
      await registerer.unregister().catch(() => undefined);
      await ua.stop();
      results$.complete();
    },
  };
}

/** An out-of-dialog MESSAGE (RFC 3428) to `to`. */
async function sendMessage(ua, to, text) {
  const target = UserAgent.makeURI(to);
  if (target) await new Messager(ua, target, text).message().catch(() => undefined);
}

// ---- run directly ------------------------------------------------------------------------------
if (import.meta.url === `file://${process.argv[1]}`) {
  const { parseArgs } = await import("node:util");
  const { values } = parseArgs({ options: { server: { type: "string" }, aor: { type: "string" } } });
  const registrar = values.server ? undefined : await startRegistrar({ ws: true });
  const server = values.server ?? registrar.addresses.urls.ws;
  if (registrar) console.log(`embedded registrar/proxy on ${server}; call sip:bot@rxsip.test through it`);
  const bot = await startBot({ server, aor: values.aor, loopback: registrar !== undefined });
  const stop = async () => {
    await bot.stop();
    await registrar?.stop();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
