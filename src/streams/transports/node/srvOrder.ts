import type { SrvRecord } from "node:dns";

/**
 * SRV records in the order to try them (RFC 2782, "Usage rules"): lowest priority first;
 * within one priority, a weighted random draw without replacement, where a record's chance
 * to come next is its weight over the sum of the weights left (weight 0 records come first
 * in the draw list, so they are picked only when the draw lands on 0). `random` returns a
 * number in [0, 1) (default `Math.random`; a seeded one in tests).
 *
 * A single record whose target is "." says the service is decidedly not available: no records.
 */
export function srvOrder(records: readonly SrvRecord[], random: () => number = Math.random): SrvRecord[] {
  if (records.length === 1 && (records[0]!.name === "." || records[0]!.name === "")) return [];
  const priorities = [...new Set(records.map((r) => r.priority))].sort((a, b) => a - b);
  const out: SrvRecord[] = [];
  for (const priority of priorities) {
    const left = records.filter((r) => r.priority === priority).sort((a, b) => (a.weight === 0 ? 0 : 1) - (b.weight === 0 ? 0 : 1));
    while (left.length > 0) {
      const sum = left.reduce((total, r) => total + r.weight, 0);
      const draw = Math.floor(random() * (sum + 1));
      let running = 0;
      let index = left.findIndex((r) => (running += r.weight) >= draw);
      if (index === -1) index = left.length - 1;
      out.push(left.splice(index, 1)[0]!);
    }
  }
  return out;
}
