import type { SchedulerLike } from "rxjs";
import { NameAddr, parseMessage, type SipRequest, type SipResponse, Uri } from "../../../src/core/messages/index.js";
import { UserAgentCore, type CoreTransport, type UserAgentCoreOptions } from "../../../src/core/user-agent-core/index.js";

/**
 * Two user agent cores joined back to back: what one sends arrives at the other as text,
 * parsed again, after `delay` ms of virtual time. `drop` can lose chosen messages.
 */
export function linkedCores(
  scheduler: SchedulerLike,
  options: { reliable?: boolean; delay?: number; drop?: (text: string, from: "alice" | "bob") => boolean; alice?: Partial<UserAgentCoreOptions>; bob?: Partial<UserAgentCoreOptions> } = {},
) {
  const wire: Array<{ at: number; from: "alice" | "bob"; text: string; dropped: boolean }> = [];
  const cores: Record<"alice" | "bob", UserAgentCore> = {} as never;
  const transport = (me: "alice" | "bob"): CoreTransport => ({
    reliable: options.reliable ?? false,
    protocol: options.reliable ? "TCP" : "UDP",
    viaHost: `${me}.example.test`,
    viaPort: 5060,
    send(message: SipRequest | SipResponse) {
      const text = message.toString();
      const dropped = options.drop?.(text, me) ?? false;
      wire.push({ at: scheduler.now(), from: me, text, dropped });
      if (dropped) return;
      const peer = me === "alice" ? "bob" : "alice";
      scheduler.schedule(() => cores[peer].receive(parseMessage(text)), options.delay ?? 10);
    },
  });
  for (const me of ["alice", "bob"] as const) {
    cores[me] = new UserAgentCore({
      transport: transport(me),
      aor: Uri.sip(me, "example.test"),
      contact: new NameAddr({ uri: Uri.sip(me, `${me}.example.test`, 5060) }),
      scheduler,
      random: seeded(me === "alice" ? 1 : 2),
      ...(options[me] ?? {}),
    });
  }
  /** "INVITE", "SIP/2.0 180 Ringing" ... : the first line of every message sent, with its sender. */
  const lines = () => wire.filter((w) => !w.dropped).map((w) => `${w.from}: ${w.text.slice(0, w.text.indexOf("\r\n")).replace(/ sip:\S+ SIP\/2.0$/, "")}`);
  return { alice: cores.alice, bob: cores.bob, wire, lines };
}

/** A deterministic random source (mulberry32). */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return (target: Uint8Array) => {
    for (let i = 0; i < target.length; i++) {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      target[i] = ((t ^ (t >>> 14)) >>> 0) & 255;
    }
    return target;
  };
}
