import { describe, it } from "vitest";
import { dtmfDigits } from "../../../src/index.js";
import { marbles } from "./marbles.js";

describe("dtmfDigits", () => {
  it("collects digits into a string ended by the inter-digit timeout or the terminator", marbles((m) => {
    const dtmf$ = m.hot("-1-2-3-------4-h--|", { 1: "1", 2: "2", 3: "3", 4: "4", h: "#" });
    m.expect(dtmf$.pipe(dtmfDigits({ interDigitTimeout: 5, terminator: "#" }))).toBeObservable("----------x----y--|", { x: "123", y: "4" });
  }));

  it("DtmfEvent objects as session.dtmf$ emits them; maxDigits ends a string at once", marbles((m) => {
    const ev = (tone: string) => ({ tone, duration: 160 });
    const dtmf$ = m.hot("-a-b-c-d", { a: ev("1"), b: ev("2"), c: ev("3"), d: ev("4") });
    m.expect(dtmf$.pipe(dtmfDigits({ maxDigits: 2, interDigitTimeout: 100 })), "^ 20ms !").toBeObservable("---x---y", { x: "12", y: "34" });
  }));

  it("completion flushes what was typed; errors pass through; nothing typed, nothing emitted", marbles((m) => {
    m.expect(m.hot("-1-2|").pipe(dtmfDigits())).toBeObservable("----(x|)", { x: "12" });
    m.expect(m.hot("-1-#").pipe(dtmfDigits())).toBeObservable("---#");
    m.expect(m.hot("-h-h-|", { h: "#" }).pipe(dtmfDigits({ terminator: "#" }))).toBeObservable("-----|");
  }));

  it("the default inter-digit timeout is 3 s, on the scheduler", marbles((m) => {
    m.expect(m.hot("5 2999ms 6").pipe(dtmfDigits())).toBeObservable("3000ms - 2999ms x", { x: "56" });
  }));
});
