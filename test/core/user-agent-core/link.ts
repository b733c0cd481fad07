import type { SchedulerLike } from "rxjs";
import type { UserAgentCoreOptions } from "../../../src/core/user-agent-core/index.js";
import { VirtualNetwork, type NetworkOptions } from "./network.js";

export { seeded } from "./network.js";

/**
 * Two user agent cores joined back to back: what one sends arrives at the other as text,
 * parsed again, after `delay` ms of virtual time. `drop` can lose chosen messages; `loss`
 * and `duplicate` (with `seed`) lose and duplicate messages at random, reproducibly.
 */
export function linkedCores(
  scheduler: SchedulerLike,
  options: Omit<NetworkOptions, "drop"> & {
    drop?: (text: string, from: "alice" | "bob") => boolean;
    alice?: Partial<UserAgentCoreOptions>;
    bob?: Partial<UserAgentCoreOptions>;
    /** Seeds of alice's and bob's random sources (tags, branches, glare delays); default [1, 2]. */
    seeds?: readonly [number, number];
  } = {},
) {
  const { alice: aliceOptions, bob: bobOptions, drop, seeds = [1, 2], ...network } = options;
  const net = new VirtualNetwork(scheduler, {
    ...network,
    ...(drop ? { drop: (text: string, from: string) => drop(text, from as "alice" | "bob") } : {}),
  });
  const alice = net.core("alice", aliceOptions, seeds[0]);
  const bob = net.core("bob", bobOptions, seeds[1]);
  return { alice, bob, net, wire: net.wire, lines: () => net.lines() };
}
