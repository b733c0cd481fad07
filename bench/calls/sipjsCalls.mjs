/**
 * SIP.js 0.21.2's side of the call benchmark, through its public API: two UserAgents in
 * this process, each with an in-memory Transport (SIP.js's Transport interface) on the
 * shared wire and a fake SessionDescriptionHandler factory (fixed SDP, no media). The
 * caller uses Inviter; the callee's delegate accepts each Invitation (SIP.js itself sends
 * 100 Trying and 180 Ringing first: sendInitialProvisionalResponse is on by default).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { deliver, fakeSdhFactory } from "./wire.mjs";

/**
 * `variant`: the published package (default), or `{ url, name, label }` for another copy of
 * it, such as the one with its grammar decode hoisted (sipjsHoisted.mjs).
 */
export async function sipjsHarness(variant = undefined) {
  const SIP = await import(variant?.url ?? "sip.js");
  const { UserAgent, Inviter, SessionState, TransportState, EmitterImpl } = SIP;

  /** Transports by the name of their user agent, so that a send finds its peer. */
  const transports = new Map();

  /** SIP.js's Transport interface over the in-memory wire (`transportOptions: { name, peer }`). */
  class MemoryTransport {
    constructor(_logger, options) {
      this.name = options.name;
      this.peer = options.peer;
      this.protocol = "TCP";
      this.state = TransportState.Disconnected;
      this.stateChange = new EmitterImpl();
      this.onConnect = undefined;
      this.onDisconnect = undefined;
      this.onMessage = undefined;
      transports.set(this.name, this);
    }
    connect() {
      this.state = TransportState.Connected;
      this.stateChange.emit(this.state);
      this.onConnect?.();
      return Promise.resolve();
    }
    disconnect() {
      this.state = TransportState.Disconnected;
      this.stateChange.emit(this.state);
      return Promise.resolve();
    }
    dispose() {
      transports.delete(this.name);
      return Promise.resolve();
    }
    isConnected() {
      return this.state === TransportState.Connected;
    }
    send(message) {
      const peer = transports.get(this.peer);
      if (peer === undefined) return Promise.reject(new Error(`no peer ${this.peer}`));
      deliver((text) => peer.onMessage?.(text), message);
      return Promise.resolve();
    }
  }

  let uaCount = 0;
  async function agent(name, peer) {
    const ua = new UserAgent({
      uri: UserAgent.makeURI(`sip:${name}@example.com`),
      transportConstructor: MemoryTransport,
      transportOptions: { name, peer },
      sessionDescriptionHandlerFactory: fakeSdhFactory,
      logBuiltinEnabled: false,
      logConfiguration: false,
      logLevel: "error",
      viaHost: `${name}.example.invalid`,
    });
    await ua.start();
    return ua;
  }

  async function pair() {
    const n = ++uaCount;
    const alice = await agent(`alice${n}`, `bob${n}`);
    const bob = await agent(`bob${n}`, `alice${n}`);
    const target = UserAgent.makeURI(`sip:bob${n}@example.com`);
    let onEstablished;
    bob.delegate = {
      onInvite(invitation) {
        if (onEstablished) {
          const cb = onEstablished;
          invitation.stateChange.addListener((s) => s === SessionState.Established && cb(invitation));
        }
        invitation.accept().catch(() => undefined);
      },
    };
    return {
      call() {
        return new Promise((resolve, reject) => {
          const inviter = new Inviter(alice, target);
          inviter.stateChange.addListener((state) => {
            if (state === SessionState.Established) {
              inviter.bye({ requestDelegate: { onAccept: () => resolve(), onReject: (r) => reject(new Error(`BYE ${r.message.statusCode}`)) } }).catch(reject);
            }
          });
          inviter.invite({ requestDelegate: { onReject: (r) => reject(new Error(`sip.js call rejected ${r.message.statusCode}`)) } }).catch(reject);
        });
      },
      establish(count) {
        return new Promise((resolve) => {
          const inviters = [];
          let up = 0;
          let callee = 0;
          const check = () => up === count && callee === count && resolve(inviters);
          onEstablished = () => {
            callee++;
            check();
          };
          for (let i = 0; i < count; i++) {
            const inviter = new Inviter(alice, target);
            inviter.stateChange.addListener((state) => {
              if (state === SessionState.Established) {
                inviters.push(inviter);
                up++;
                check();
              }
            });
            inviter.invite().catch(() => undefined);
          }
        });
      },
      async hangup(inviters) {
        onEstablished = undefined;
        let left = inviters.length;
        if (left === 0) return;
        await new Promise((resolve) => {
          for (const inviter of inviters) inviter.bye({ requestDelegate: { onAccept: () => --left === 0 && resolve() } }).catch(() => undefined);
        });
      },
      async dispose() {
        await alice.stop();
        await bob.stop();
      },
    };
  }

  async function startAgents(m) {
    const agents = [];
    for (let i = 0; i < m; i++) agents.push(await agent(`ua${++uaCount}`, "nobody"));
    return agents;
  }

  // the package's own version (the library's exported constant may lag behind it)
  const require = createRequire(import.meta.url);
  const version = JSON.parse(readFileSync(require.resolve("sip.js/package.json"), "utf8")).version;
  return {
    name: variant?.name ?? "sip.js",
    label: variant?.label?.(version) ?? `SIP.js ${version}`,
    description:
      variant === undefined
        ? "UserAgent, Inviter, Invitation, bye(); in-memory Transport, fake SDH"
        : "the same, its grammar bytecode decoded once instead of on every parse (bench-only patch, sipjsHoisted.mjs)",
    version,
    pair,
    startAgents,
    stopAgents: async (agents) => {
      for (const ua of agents) await ua.stop();
    },
  };
}
