import type { SchedulerLike } from "rxjs";
import { NameAddr, parseMessage, SipRequest, type SipResponse, Uri } from "../../../src/core/messages/index.js";
import { UserAgentCore, type CoreTransport, type UserAgentCoreOptions } from "../../../src/core/user-agent-core/index.js";

/** One message handed to the network, as text, with what became of it. */
export interface WireEntry {
  /** Virtual time it was sent. */
  at: number;
  /** Node names ("alice", "proxy", "bob1" ...). */
  from: string;
  to: string;
  text: string;
  /** Lost (by `drop` or by the random loss). */
  dropped: boolean;
  /** Delivered twice (the random duplication). */
  duplicated: boolean;
}

export interface NetworkOptions {
  /** One-way delay of every hop, ms of virtual time (default 10). */
  delay?: number;
  /** Reliable transports (TCP): no retransmissions, Timers D/I/J/K zero (default false: UDP). */
  reliable?: boolean;
  /** Probability that a message is lost (default 0). */
  loss?: number;
  /** Probability that a message that is not lost arrives twice, the copy 1–40 ms later (default 0). */
  duplicate?: number;
  /** Seed of the loss / duplication / extra delay PRNG (default 1). */
  seed?: number;
  /** Loses chosen messages, on top of the random loss. */
  drop?: (text: string, from: string, to: string) => boolean;
}

/** A node's host name: `<name>.example.test`. */
export const hostOf = (name: string) => `${name}.example.test`;

/**
 * A datagram network in virtual time: nodes named by host, every message written to text,
 * carried after `delay` ms (lost, or duplicated, as the seeded PRNG says) and parsed again at
 * the far end. Requests go to the host of their first Route, else of their Request-URI;
 * responses to the host of their top Via (RFC 3261 §18.2.2, without received/rport).
 */
export class VirtualNetwork {
  readonly wire: WireEntry[] = [];
  private readonly nodes = new Map<string, { name: string; receive: (text: string) => void }>();
  private readonly next: () => number;

  constructor(
    readonly scheduler: SchedulerLike,
    readonly options: NetworkOptions = {},
  ) {
    this.next = floats(options.seed ?? 1);
  }

  /** Registers a node under `hostOf(name)`; what arrives for it is given to `receive` as text. */
  attach(name: string, receive: (text: string) => void): void {
    this.nodes.set(hostOf(name), { name, receive });
  }

  /** Sends `message` from node `from`. Unknown destinations are dropped (and recorded). */
  send(from: string, message: SipRequest | SipResponse): void {
    if (this.wire.length >= 20000) throw new Error(`message storm: 20000 messages sent; the last ones:\n${this.lastLines(6)}`);
    const text = message.toString();
    const host = destination(message);
    const node = this.nodes.get(host);
    const to = node?.name ?? host;
    const lost = (this.options.loss ?? 0) > 0 && this.next() < (this.options.loss ?? 0);
    const dropped = node === undefined || lost || (this.options.drop?.(text, from, to) ?? false);
    const duplicated = !dropped && (this.options.duplicate ?? 0) > 0 && this.next() < (this.options.duplicate ?? 0);
    this.wire.push({ at: this.scheduler.now(), from, to, text, dropped, duplicated });
    if (dropped || node === undefined) return;
    const delay = this.options.delay ?? 10;
    this.scheduler.schedule(() => node.receive(text), delay);
    if (duplicated) this.scheduler.schedule(() => node.receive(text), delay + 1 + Math.floor(this.next() * 40));
  }

  /** A user agent core living at `hostOf(name)`, with Contact `sip:<name>@<host>:5060`. */
  core(name: string, options: Partial<UserAgentCoreOptions> = {}, seed = 1): UserAgentCore {
    const reliable = this.options.reliable ?? false;
    const transport: CoreTransport = {
      reliable,
      protocol: reliable ? "TCP" : "UDP",
      viaHost: hostOf(name),
      viaPort: 5060,
      send: (message) => this.send(name, message),
    };
    const core = new UserAgentCore({
      transport,
      aor: Uri.sip(name, "example.test"),
      contact: new NameAddr({ uri: Uri.sip(name, hostOf(name), 5060) }),
      scheduler: this.scheduler,
      random: seeded(seed),
      ...options,
    });
    this.attach(name, (text) => core.receive(parseMessage(text)));
    return core;
  }

  /** "alice: INVITE", "bob: SIP/2.0 180 Ringing" ...: the first line of every message that was not lost, with its sender. */
  lines(): string[] {
    return this.wire.filter((w) => !w.dropped).map((w) => `${w.from}: ${firstLine(w.text)}`);
  }

  private lastLines(n: number): string {
    return this.wire.slice(-n).map((w) => `${w.at} ${w.from}>${w.to} ${w.text}`).join("\n");
  }

  /** "alice>proxy INVITE" ...: like `lines` with the receiver too. */
  hops(): string[] {
    return this.wire.filter((w) => !w.dropped).map((w) => `${w.from}>${w.to} ${firstLine(w.text)}`);
  }
}

/** The start line without the Request-URI and version: "INVITE", "SIP/2.0 200 OK". */
export function firstLine(text: string): string {
  return text.slice(0, text.indexOf("\r\n")).replace(/ \S+ SIP\/2\.0$/, "");
}

/** Where a message goes: first Route, else Request-URI, for requests; top Via for responses. */
function destination(message: SipRequest | SipResponse): string {
  if (message instanceof SipRequest) return (message.routes[0]?.uri ?? message.ruri).host.toLowerCase();
  return message.via.host.toLowerCase();
}

/** A deterministic random source (mulberry32) in the shape of `crypto.getRandomValues`. */
export function seeded(seed: number) {
  const next = mulberry32(seed);
  return (target: Uint8Array) => {
    for (let i = 0; i < target.length; i++) target[i] = next() & 255;
    return target;
  };
}

/** Floats in [0, 1) from the same generator. */
export function floats(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
