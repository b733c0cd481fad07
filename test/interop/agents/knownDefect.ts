/**
 * A scenario that shows one of the numbered defects of issue 10 which is not fixed on this
 * branch yet. It runs as `it.fails`: it passes while the defect is there and FAILS the day
 * the fix lands, so whoever merges the fix turns it back into a plain `it` (search for
 * `knownDefect(`). Set RXSIP_EXPECT_FIXED=1 to run these scenarios as plain tests (to check
 * a fix branch).
 */
import { it } from "vitest";

export function knownDefect(defect: number, name: string, fn: () => Promise<void>, timeoutMs?: number): void {
  const title = `${name} [issue 10 defect ${defect}]`;
  if (process.env.RXSIP_EXPECT_FIXED === "1") it(title, fn, timeoutMs);
  else it.fails(title, fn, timeoutMs);
}
