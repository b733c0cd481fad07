/**
 * rxsip user agents for the interop tests, made only with the public API (`rxsip`,
 * `rxsip/node`, `rxsip/testing`) as an application would: a UserAgent with a NodeTransport
 * connected to a peer (Kamailio) over one transport, digest credentials, and the fake
 * session description handler of rxsip/testing (fixed SDP, no media: enough for signalling).
 */
import { readFileSync } from "node:fs";
import { filter, firstValueFrom, type Observable, throwError, timeout } from "rxjs";
import { type Invitation, UserAgent, type UserAgentOptions } from "rxsip";
import { NodeTransport } from "rxsip/node";
import { fakeSessionDescriptionHandlerFactory } from "rxsip/testing";
import type { KamailioPeer } from "../peers/kamailio.js";

export type InteropTransport = "UDP" | "TCP" | "TLS" | "WS" | "WSS";
export const ALL_TRANSPORTS: InteropTransport[] = ["UDP", "TCP", "TLS", "WS", "WSS"];

/** The NodeTransport `server` for a transport of this Kamailio, plus `ca` for TLS/WSS. */
export function serverOf(kam: KamailioPeer, t: InteropTransport): { server: string; ca?: string } {
  const ca = () => {
    if (kam.certFile === undefined) throw new Error(`kamailio was started without tls: no ${t}`);
    return readFileSync(kam.certFile, "utf8");
  };
  switch (t) {
    case "UDP":
      return { server: `udp://127.0.0.1:${kam.udpPort}` };
    case "TCP":
      return { server: `tcp://127.0.0.1:${kam.tcpPort}` };
    case "TLS":
      return { server: `tls://127.0.0.1:${kam.tlsPort}`, ca: ca() };
    case "WS":
      return { server: `ws://127.0.0.1:${kam.wsPort}/` };
    case "WSS":
      return { server: `wss://127.0.0.1:${kam.wssPort}/`, ca: ca() };
  }
}

export interface AgentOptions {
  user: string;
  password?: string;
  transport: InteropTransport;
  extra?: Partial<UserAgentOptions>;
  transportExtra?: Record<string, unknown>;
}

/** A started rxsip user agent at Kamailio; `invitations` collects incoming calls. */
export async function startAgent(kam: KamailioPeer, o: AgentOptions) {
  const invitations: Invitation[] = [];
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${o.user}@127.0.0.1`)!,
    transportConstructor: NodeTransport,
    transportOptions: { ...serverOf(kam, o.transport), ...o.transportExtra },
    sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
    logBuiltinEnabled: process.env.RXSIP_INTEROP_LOG === "1",
    ...(o.password !== undefined ? { authorizationUsername: o.user, authorizationPassword: o.password } : {}),
    ...o.extra,
    delegate: { onInvite: (inv) => invitations.push(inv), ...o.extra?.delegate },
  });
  await ua.start();
  return {
    ua,
    invitations,
    /** The next incoming call (already arrived ones count). */
    nextInvitation: async (ms = 5000): Promise<Invitation> => {
      const start = invitations.length;
      return waitFor(() => invitations[start], ms, `${o.user}: no incoming INVITE`);
    },
  };
}

/** Polls `get` until it returns a value, or fails naming `what` after `ms`. */
export async function waitFor<T>(get: () => T | undefined | false, ms: number, what: string): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined && v !== false) return v;
    if (performance.now() > end) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Resolves once `target.state` is `want` (now or later, from `state$`), or fails after `ms`.
 * The current state is read first: a finished session's `state$` has completed.
 */
export function reach<T>(target: { state: T; state$: Observable<T> }, want: T, ms = 5000): Promise<T> {
  if (target.state === want) return Promise.resolve(want);
  return firstValueFrom(
    target.state$.pipe(
      filter((s) => s === want),
      timeout({ first: ms, with: () => throwError(() => new Error(`state ${String(want)} not reached within ${ms} ms (now ${String(target.state)})`)) }),
    ),
    { defaultValue: undefined },
  ).then((v) => {
    if (v === undefined && target.state !== want) throw new Error(`state$ completed in ${String(target.state)}, never ${String(want)}`);
    return want;
  });
}

/**
 * A user agent that listens on UDP 127.0.0.1 (a free port) with no server: peers such as SIPp
 * send to it directly, and its requests go where their request-URI says (RFC 3263 on a
 * literal address and port).
 */
export async function startListeningAgent(o: { user: string; extra?: Partial<UserAgentOptions> }) {
  const invitations: Invitation[] = [];
  const port = await freeUdpPort();
  const ua = new UserAgent({
    uri: UserAgent.makeURI(`sip:${o.user}@127.0.0.1:${port}`)!,
    transportConstructor: NodeTransport,
    transportOptions: { listen: { protocol: "UDP", host: "127.0.0.1", port } },
    sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
    logBuiltinEnabled: process.env.RXSIP_INTEROP_LOG === "1",
    delegate: { onInvite: (inv) => invitations.push(inv) },
    ...o.extra,
  });
  await ua.start();
  return {
    ua,
    port,
    invitations,
    nextInvitation: (ms = 5000): Promise<Invitation> => {
      const start = invitations.length;
      return waitFor(() => invitations[start], ms, `${o.user}: no incoming INVITE`);
    },
  };
}

async function freeUdpPort(): Promise<number> {
  const { createSocket } = await import("node:dgram");
  const s = createSocket("udp4");
  await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
