/**
 * The one marble helper of the test suite: an rxjs TestScheduler whose assertions use
 * vitest's deep equality, and `runMarbles`, which runs a callback in virtual time
 * (`TestScheduler.run`: 1 frame = 1 ms, time progression syntax like `500ms`, and the
 * default `asyncScheduler` virtualised too) with the scheduler itself among the helpers.
 */
import { TestScheduler, type RunHelpers } from "rxjs/testing";
import { expect } from "vitest";

export function createTestScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });
}

export interface MarbleHelpers extends RunHelpers {
  /** The TestScheduler running this callback: inject it, read `scheduler.now()`. */
  readonly scheduler: TestScheduler;
}

/** Runs `callback` in virtual time and returns what it returns, once every scheduled action ran. */
export function runMarbles<T>(callback: (helpers: MarbleHelpers) => T): T {
  const scheduler = createTestScheduler();
  return scheduler.run((helpers) => callback({ ...helpers, scheduler }));
}

/**
 * Runs the actions of a marble diagram at their frames: `script(h, "200ms a 99ms b", { a: () => ..., b: () => ... })`.
 * Use it to feed messages to the code under test at exact virtual times.
 */
export function script(helpers: RunHelpers, marbles: string, actions: Record<string, () => void>): void {
  helpers.cold(marbles, actions).subscribe((action) => action());
}
