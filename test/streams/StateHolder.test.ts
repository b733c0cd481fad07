import { firstValueFrom, map, toArray } from "rxjs";
import { describe, expect, it } from "vitest";
import { ListenerError, StateHolder } from "../../src/index.js";

function holder() {
  const errors: Error[] = [];
  const h = new StateHolder<string>("a", { reportError: (e) => errors.push(e) }, "thing");
  return { h, errors };
}

describe("StateHolder: one way to hold and publish an object's state", () => {
  it("state$ replays the current state; stateChange hears changes only; a repeated state is not a change", () => {
    const { h } = holder();
    h.set("b");
    const seen: string[] = [];
    h.state$.subscribe((s) => seen.push(`$${s}`));
    h.stateChange.addListener((s) => seen.push(`e${s}`));
    h.set("b");
    h.set("c");
    expect(seen).toEqual(["$b", "$c", "ec"]);
    expect(h.value).toBe("c");
  });

  it("a change made from a listener is queued: every listener sees the states in order", () => {
    const { h } = holder();
    const first: string[] = [];
    const second: string[] = [];
    h.stateChange.addListener((s) => {
      first.push(s);
      if (s === "b") h.set("c");
    });
    h.stateChange.addListener((s) => second.push(s));
    h.set("b");
    expect(first).toEqual(["b", "c"]);
    expect(second).toEqual(["b", "c"]);
  });

  it("listeners and direct subscribers that throw are reported, the others still hear; operators pass through", async () => {
    const { h, errors } = holder();
    h.stateChange.addListener(() => {
      throw new Error("listener");
    });
    h.state$.subscribe(() => {
      if (h.value === "b") throw new Error("subscriber");
    });
    const heard: string[] = [];
    h.stateChange.addListener((s) => heard.push(s));
    const mapped = firstValueFrom(h.state$.pipe(map((s) => s.toUpperCase()), toArray()));
    h.set("b");
    h.complete();
    expect(heard).toEqual(["b"]);
    expect(errors.map((e) => [e instanceof ListenerError, (e as ListenerError).source])).toEqual([
      [true, "thing.state$"],
      [true, "thing.stateChange"],
    ]);
    await expect(mapped).resolves.toEqual(["A", "B"]);
  });

  it("complete() from a listener waits for what is queued; a subscriber to state$ afterwards gets the final state, then completion", () => {
    const { h } = holder();
    const seen: string[] = [];
    h.state$.subscribe({ next: (s) => seen.push(s), complete: () => seen.push("complete") });
    h.stateChange.addListener((s) => {
      if (s === "b") {
        h.set("end");
        h.complete();
      }
    });
    h.set("b");
    expect(seen).toEqual(["a", "b", "end", "complete"]);
    const late: string[] = [];
    // the deprecated (next, error, complete) form works too
    h.state$.subscribe(
      (s) => late.push(s),
      null,
      () => late.push("complete"),
    );
    expect(late).toEqual(["end", "complete"]);
    const held = holder().h;
    const state$ = held.state$; // asked for before the end, subscribed to after it
    held.set("b");
    held.complete();
    const fromHeld: string[] = [];
    state$.subscribe({ next: (s) => fromHeld.push(s), complete: () => fromHeld.push("complete") });
    expect(fromHeld).toEqual(["b", "complete"]);
    h.set("after");
    expect(h.value).toBe("end");
  });
});
