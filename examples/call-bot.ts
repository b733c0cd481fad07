// A call bot in Node with real media (werift): it registers, answers every call playing a
// tone (or the WAV file named by RXSIP_WAV), says back each DTMF key it hears (RFC 4733 when
// the call negotiated telephone-event, INFO otherwise) and hangs up when it hears "#".
// Needs `npm install werift@0.25.2` beside rxsip.
//   RXSIP_SERVER=ws://127.0.0.1:8080 node dist/examples/call-bot.js
import { readFileSync } from "node:fs";
import { Registerer, UserAgent, dtmfInfo, type Invitation } from "rxsip";
import { NodeTransport, nodeMediaFactory, toneSource, wavSource, type NodeSessionDescriptionHandler } from "rxsip/node";

const wav = process.env.RXSIP_WAV;
const uri = UserAgent.makeURI(process.env.RXSIP_BOT_URI ?? "sip:bot@example.com");
if (!uri) throw new Error("RXSIP_BOT_URI is not a SIP URI");

const userAgent = new UserAgent({
  uri,
  transportConstructor: NodeTransport,
  transportOptions: { server: process.env.RXSIP_SERVER ?? "ws://127.0.0.1:8080" },
  sessionDescriptionHandlerFactory: nodeMediaFactory({
    // one source per call, so each caller hears the prompt from its start
    source: () => (wav ? wavSource(readFileSync(wav), { loop: true }) : toneSource(440)),
    // ICE on 127.0.0.1 only: for a bot and its callers on one machine (the tests)
    loopback: process.env.RXSIP_MEDIA_LOOPBACK === "1",
  }),
  logBuiltinEnabled: process.env.RXSIP_LOG === "1",
  // keys in INFO too, from callers whose calls have no telephone-event
  dtmfInfo: dtmfInfo(),
});

/** Every call the bot took, for whoever runs it (the tests read it). */
const calls: Invitation[] = [];

userAgent.invites$.subscribe((call) => {
  calls.push(call);
  call.dtmf$.subscribe((key) => {
    if (key.tone === "#") void call.bye().catch(() => undefined);
    else void call.dtmf(key.tone).catch(() => undefined);
  });
  call.accept().then(
    () => {
      const media = call.sessionDescriptionHandler as NodeSessionDescriptionHandler;
      media.connectionState$.subscribe((state) => process.env.RXSIP_LOG === "1" && console.log("media", state));
    },
    (error: Error) => console.error("could not answer:", error.message),
  );
});

const registerer = new Registerer(userAgent);
/** Resolves once the bot is started and its REGISTER was sent. */
const ready = userAgent.start().then(() => registerer.register());

export { userAgent, registerer, calls, ready };
