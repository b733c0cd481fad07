import { NetworkError } from "./NetworkError.js";

/**
 * What an unreliable (UDP-like) link does to the messages crossing it. Every decision
 * comes from the network's seeded generator and every delay runs on its scheduler, so a
 * given seed gives the same losses, copies and delivery times on every run.
 */
export interface Impairments {
  /** Probability (0..1) that a message is lost. Default 0. */
  loss?: number;
  /** Probability (0..1) that a message arrives twice (the copy has a delay of its own). Default 0. */
  duplication?: number;
  /**
   * Probability (0..1) that a message is held back by an extra delay, so that messages
   * sent after it overtake it; or `{ probability, delay }`. Default 0; the extra delay
   * defaults to {@link DEFAULT_REORDER_DELAY} ms.
   */
  reorder?: number | { probability: number; delay?: number };
  /**
   * Time in flight, in ms: a fixed number, or `[min, max]` for a whole number of ms drawn
   * uniformly between them (both included). Default 0. Unlike the others, this one also
   * applies to reliable links, which keep their messages in order.
   */
  delay?: number | readonly [number, number];
}

/**
 * Extra delay of a reordered message when `reorder` gives only a probability.
 *
 * @example
 * ```ts
 * import { DEFAULT_REORDER_DELAY, InMemoryNetwork } from "rxsip/testing";
 *
 * // a fifth of the datagrams overtaken by the next one, held back twice the default
 * const network = new InMemoryNetwork({ seed: 1, reorder: { probability: 0.2, delay: 2 * DEFAULT_REORDER_DELAY } });
 * ```
 */
export const DEFAULT_REORDER_DELAY = 20;

/** {@link Impairments} checked and with every default filled in. */
export interface NormalizedImpairments {
  readonly loss: number;
  readonly duplication: number;
  readonly reorder: number;
  readonly reorderDelay: number;
  readonly delayMin: number;
  readonly delayMax: number;
}

export const NO_IMPAIRMENTS: NormalizedImpairments = {
  loss: 0,
  duplication: 0,
  reorder: 0,
  reorderDelay: DEFAULT_REORDER_DELAY,
  delayMin: 0,
  delayMax: 0,
};

/** @throws NetworkError INVALID_IMPAIRMENT */
export function normalizeImpairments(impairments: Impairments = {}): NormalizedImpairments {
  const reorder = typeof impairments.reorder === "object" ? impairments.reorder : { probability: impairments.reorder ?? 0 };
  const delay = impairments.delay ?? 0;
  const [delayMin, delayMax] = typeof delay === "number" ? [delay, delay] : delay;
  const normalized: NormalizedImpairments = {
    loss: probability("loss", impairments.loss ?? 0),
    duplication: probability("duplication", impairments.duplication ?? 0),
    reorder: probability("reorder", reorder.probability),
    reorderDelay: duration("reorder delay", reorder.delay ?? DEFAULT_REORDER_DELAY),
    delayMin: duration("delay", delayMin),
    delayMax: duration("delay", delayMax),
  };
  if (normalized.delayMin > normalized.delayMax) {
    throw new NetworkError("INVALID_IMPAIRMENT", `delay range [${delayMin}, ${delayMax}] has its minimum above its maximum`);
  }
  return normalized;
}

/** What happens to one message on its way. */
export interface DeliveryPlan {
  readonly dropped: boolean;
  /** Time in flight (reorder delay included), in ms. */
  readonly delay: number;
  readonly reordered: boolean;
  /** Time in flight of the copy, when the message is duplicated. */
  readonly duplicateDelay?: number;
}

/**
 * Decides the fate of one message. It always takes exactly five numbers from `random`
 * (loss, delay, reorder, duplication, delay of the copy), whatever the outcome, so that
 * the fate of a message depends only on the seed and how many messages went before it.
 * When `unreliable` is false only the delay applies.
 */
export function planDelivery(random: () => number, impairments: NormalizedImpairments, unreliable: boolean): DeliveryPlan {
  const [lossDraw, delayDraw, reorderDraw, duplicateDraw, duplicateDelayDraw] = [random(), random(), random(), random(), random()];
  const delay = pickDelay(impairments, delayDraw);
  if (!unreliable) return { dropped: false, delay, reordered: false };
  if (lossDraw < impairments.loss) return { dropped: true, delay, reordered: false };
  const reordered = reorderDraw < impairments.reorder;
  const plan = { dropped: false, delay: reordered ? delay + impairments.reorderDelay : delay, reordered };
  return duplicateDraw < impairments.duplication ? { ...plan, duplicateDelay: pickDelay(impairments, duplicateDelayDraw) } : plan;
}

function pickDelay(impairments: NormalizedImpairments, draw: number): number {
  const { delayMin: min, delayMax: max } = impairments;
  return min === max ? min : min + Math.floor(draw * (Math.floor(max - min) + 1));
}

function probability(name: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new NetworkError("INVALID_IMPAIRMENT", `${name} must be a probability between 0 and 1, not ${value}`);
  return value;
}

function duration(name: string, value: number): number {
  if (!(value >= 0 && Number.isFinite(value))) throw new NetworkError("INVALID_IMPAIRMENT", `${name} must be a finite number of ms >= 0, not ${value}`);
  return value;
}
