/**
 * rxsip's side of the call benchmark through its public, SIP.js-compatible API (`rxsip`:
 * UserAgent, Inviter, Invitation, Session.bye), driven exactly as sipjsCalls.mjs drives
 * SIP.js: two UserAgents in this process, each with a small in-memory Transport (rxsip's
 * Transport contract) on the shared wire — messages cross as text and are parsed again with
 * rxsip's parseMessage — and the same fake SessionDescriptionHandler factory (fixed SDP, no
 * media). Default options otherwise (session timers off, asyncScheduler).
 *
 * The 100 Trying: SIP.js's core sends it as soon as an INVITE arrives; rxsip's INVITE server
 * transaction sends it by itself only when the TU has not answered within 200 ms (RFC 3261
 * §17.2.1), which never happens here. So that both libraries put the same 7 messages on the
 * wire, the callee sends it the way the core harness does: a 100 on the Invitation's server
 * transaction (`invitation.incoming.transaction`, rxsip's core under the API), then
 * `invitation.progress()` (180 Ringing) and `invitation.accept()` (200 with the answer).
 */
import { BehaviorSubject, Subject } from "rxjs";
import { deliver, fakeSdhFactory } from "./wire.mjs";

export function rxsipApiHarness(rx) {
  const { UserAgent, Inviter, EmitterImpl, TransportError, TransportState, parseMessage, buildResponse } = rx;

  /** Transports by the name of their user agent, so that a send finds its peer. */
  const transports = new Map();

  /**
   * rxsip's Transport contract over the in-memory wire (`transportOptions: { name, peer }`):
   * `state$` replays the status, `messages$` carries what arrives (parsed from its text),
   * parse failures go to `errors$`; the SIP.js face (state, stateChange, onConnect ...) beside.
   */
  class MemoryTransport {
    constructor(_logger, options) {
      this.name = options.name;
      this.peer = options.peer;
      this.protocol = "TCP";
      this.reliable = true;
      this.viaHost = `${options.name}.example.invalid`;
      this.viaPort = undefined;
      this.onConnect = undefined;
      this.onDisconnect = undefined;
      this.onMessage = undefined;
      this.connected = false;
      this.sipJsState = TransportState.Disconnected;
      this.status = new BehaviorSubject({ type: "disconnected" });
      this.incoming = new Subject();
      this.failures = new Subject();
      this.emitter = new EmitterImpl();
      transports.set(this.name, this);
    }
    get state() {
      return this.sipJsState;
    }
    get stateChange() {
      return this.emitter;
    }
    get state$() {
      return this.status.asObservable();
    }
    get messages$() {
      return this.incoming.asObservable();
    }
    get errors$() {
      return this.failures.asObservable();
    }
    isConnected() {
      return this.connected;
    }
    connect() {
      if (this.status.closed) return Promise.reject(new TransportError("DISPOSED", "the transport was disposed"));
      if (!this.connected) {
        this.connected = true;
        this.setStatus({ type: "connected" }, TransportState.Connected);
        this.onConnect?.();
      }
      return Promise.resolve();
    }
    disconnect() {
      if (this.connected) {
        this.connected = false;
        this.setStatus({ type: "disconnected" }, TransportState.Disconnected);
        this.onDisconnect?.();
      }
      return Promise.resolve();
    }
    dispose() {
      this.disconnect();
      transports.delete(this.name);
      if (!this.status.closed) {
        this.status.next({ type: "closed" });
        this.status.complete();
        this.incoming.complete();
        this.failures.complete();
        this.emitter.removeAllListeners();
      }
      return Promise.resolve();
    }
    send(message) {
      if (!this.connected) return Promise.reject(new TransportError("NOT_CONNECTED", "the transport is not connected"));
      const peer = transports.get(this.peer);
      if (peer === undefined) return Promise.reject(new TransportError("NO_ROUTE", `no peer ${this.peer}`));
      deliver((text) => peer.receive(text), typeof message === "string" ? message : message.toString());
      return Promise.resolve();
    }
    /** A message's text arrives from the wire. */
    receive(text) {
      if (!this.connected) return; // lost, as on a real network
      let message;
      try {
        message = parseMessage(text);
      } catch (e) {
        this.failures.next(e);
        return;
      }
      this.onMessage?.(text);
      this.incoming.next(message);
    }
    setStatus(status, state) {
      if (this.status.closed) return;
      this.status.next(status);
      if (this.sipJsState !== state) {
        this.sipJsState = state;
        this.emitter.emit(state);
      }
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
    let onAcked;
    bob.delegate = {
      onInvite(invitation) {
        // 100 at once, as SIP.js does (see the head of this file), then 180, then 200 with the answer
        invitation.incoming.transaction.respond(buildResponse(invitation.request, 100, "Trying"));
        invitation.progress().catch(() => undefined);
        if (onAcked) invitation.delegate = { onAck: onAcked };
        invitation.accept().catch(() => undefined);
      },
    };
    return {
      /** One whole call cycle; resolves when the 200 to the BYE reaches the caller. */
      call() {
        return new Promise((resolve, reject) => {
          const inviter = new Inviter(alice, target);
          inviter
            .invite({
              requestDelegate: {
                onAccept: () =>
                  inviter.bye({ requestDelegate: { onAccept: () => resolve(), onReject: (r) => reject(new Error(`BYE ${r.message.statusCode}`)) } }).catch(reject),
                onReject: (r) => reject(new Error(`rxsip call rejected ${r.message.statusCode}`)),
              },
            })
            .catch(reject);
        });
      },
      /** `count` calls set up and held (the caller Established, the callee has its ACK); resolves with the Inviters. */
      establish(count) {
        return new Promise((resolve) => {
          const inviters = [];
          let up = 0;
          let acked = 0;
          const check = () => up === count && acked === count && resolve(inviters);
          onAcked = () => {
            acked++;
            check();
          };
          for (let i = 0; i < count; i++) {
            const inviter = new Inviter(alice, target);
            inviter
              .invite({
                requestDelegate: {
                  onAccept: () => {
                    inviters.push(inviter);
                    up++;
                    check();
                  },
                },
              })
              .catch(() => undefined);
          }
        });
      },
      /** Ends held calls (BYE from the caller). */
      async hangup(inviters) {
        onAcked = undefined;
        let left = inviters.length;
        if (left === 0) return;
        await new Promise((resolve) => {
          for (const inviter of inviters) inviter.bye({ requestDelegate: { onAccept: () => --left === 0 && resolve() } }).catch(() => undefined);
        });
      },
      async dispose() {
        await alice.dispose();
        await bob.dispose();
      },
    };
  }

  /** `m` started user agents (UserAgent + transport, connected); what stays in memory is the agents. */
  async function startAgents(m) {
    const agents = [];
    for (let i = 0; i < m; i++) agents.push(await agent(`ua${++uaCount}`, "nobody"));
    return agents;
  }

  return {
    name: "rxsip (API)",
    label: "rxsip (API)",
    description: "UserAgent, Inviter, Invitation, bye(); in-memory Transport, fake SDH, the same as SIP.js's",
    pair,
    startAgents,
    stopAgents: async (agents) => {
      for (const ua of agents) await ua.dispose();
    },
  };
}
