// A Node softphone for the browser e2e: an rxsip UserAgent of the built package (dist/esm/node.js)
// with werift media (nodeMediaFactory, a 440 Hz tone as its microphone), registered at Kamailio
// over WebSocket. It answers every call, places calls, and reports what its handler counted
// (G.711 packets received, how many of them carried sound).
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const sleep = (t) => new Promise((r) => setTimeout(r, t));

/** Registers `user` (password `<user>-secret`) at ws://127.0.0.1:wsPort; resolves with the phone. */
export async function startNodePhone({ user, wsPort }) {
  const rx = await import(pathToFileURL(join(root, "dist", "esm", "node.js")).href);
  const { UserAgent, Registerer, Inviter, NodeTransport, nodeMediaFactory, toneSource, NodeSessionDescriptionHandler } = rx;
  const state = { session: undefined, errors: [] };
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${user}@127.0.0.1`),
    transportConstructor: NodeTransport,
    transportOptions: { server: `ws://127.0.0.1:${wsPort}` },
    authorizationUsername: user,
    authorizationPassword: `${user}-secret`,
    logBuiltinEnabled: false,
    sessionDescriptionHandlerFactory: nodeMediaFactory({ loopback: true, source: () => toneSource(440, 8000) }),
    delegate: {
      onInvite(invitation) {
        state.session = invitation;
        invitation.accept().catch((e) => state.errors.push(`accept: ${e.message}`));
      },
    },
  });
  await ua.start();
  const registerer = new Registerer(ua);
  await new Promise((resolve, reject) => {
    registerer.stateChange.addListener((s) => s === "Registered" && resolve());
    registerer.register({ requestDelegate: { onReject: (r) => reject(new Error(`REGISTER ${r.message.statusCode}`)) } }).catch(reject);
  });

  const handler = () => state.session?.sessionDescriptionHandler;
  return {
    /** Waits until a call (incoming or outgoing) is established and its media connected. */
    async established(timeoutMs = 10000) {
      const t0 = performance.now();
      while (performance.now() - t0 < timeoutMs) {
        if (state.session?.state === "Established" && handler()?.peerConnection?.connectionState === "connected") return true;
        await sleep(50);
      }
      return false;
    },
    /** Calls `target` (a page's user); resolves once the call is established. */
    async call(target) {
      const inviter = new Inviter(ua, UserAgent.makeURI(`sip:${target}@127.0.0.1`));
      state.session = inviter;
      await inviter.invite();
      return this.established();
    },
    /** The handler's counters (G.711 packets received and decoded, of them non-silent) and its class. */
    report() {
      const sdh = handler();
      return {
        nodeHandler: sdh instanceof NodeSessionDescriptionHandler,
        connectionState: sdh?.peerConnection?.connectionState,
        stats: sdh ? { ...sdh.stats } : undefined,
        errors: state.errors,
      };
    },
    async hangup() {
      const s = state.session;
      if (!s) return;
      if (s.state === "Established") await s.bye().catch(() => undefined);
      else await s.cancel?.().catch(() => undefined);
    },
    async stop() {
      await registerer.unregister().catch(() => undefined);
      await ua.stop().catch(() => undefined);
    },
  };
}
