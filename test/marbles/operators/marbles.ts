/**
 * rxjs-marbles configured for vitest: `marbles((m) => ...)` runs the test in TestScheduler
 * run mode (1 frame = 1 ms, `4000ms` time progression, asyncScheduler virtualised), with
 * vitest's deep equality for the emissions and the subscription logs.
 */
import { configure } from "rxjs-marbles";
import { expect } from "vitest";

export const { marbles } = configure({
  run: true,
  assert: (value: unknown, message: string) => expect(value, message).toBeTruthy(),
  assertDeepEqual: (a: unknown, b: unknown) => expect(a).toEqual(b),
  frameworkMatcher: false,
});
