import { describe, expect, it } from "vitest";
import { registerWhenConnected, RegistrationRejectedError, type TransportStatus } from "../../../src/index.js";
import { RegistererState } from "../../../src/index.js";
import { FakeRegisterer, response } from "./fakes.js";
import { marbles } from "./marbles.js";

const c: TransportStatus = { type: "connected" };
const d: TransportStatus = { type: "disconnected" };
const statuses = { c, d };
const states = { i: RegistererState.Initial, r: RegistererState.Registered, u: RegistererState.Unregistered };
/** Errors compare by name and message: "registration refused: <code> Reason". */
const rejected = (statusCode: number) => new RegistrationRejectedError(response(statusCode));

describe("registerWhenConnected", () => {
  it("registers on connect and emits the registerer's state", marbles((m) => {
    const ok = m.cold("----5", { 5: 200 });
    const reg = new FakeRegisterer(m.scheduler, [ok]);
    const connection$ = m.hot("d-c-----", statuses);
    m.expect(connection$.pipe(registerWhenConnected(reg))).toBeObservable("i-----r-", states);
    m.expect(ok).toHaveSubscriptions(["--^---!"]);
  }));

  it("unregisters when the connection goes down and registers again on every connect", marbles((m) => {
    const first = m.cold("-5", { 5: 200 });
    const second = m.cold("-5", { 5: 200 });
    const reg = new FakeRegisterer(m.scheduler, [first, second]);
    const connection$ = m.hot("c-----d---c-----", statuses);
    m.expect(connection$.pipe(registerWhenConnected(reg))).toBeObservable("ir----u----r----", states);
    m.expect(first).toHaveSubscriptions(["^!"]);
    m.expect(second).toHaveSubscriptions(["----------^!"]);
    m.flush();
    expect(reg.unregisters).toEqual([6]);
  }));

  it("a failed REGISTER is retried per the options", marbles((m) => {
    const fail = m.cold("-5", { 5: 503 });
    const ok = m.cold("-5", { 5: 200 });
    const reg = new FakeRegisterer(m.scheduler, [fail, ok]);
    const connection$ = m.hot("c---------------", statuses);
    m.expect(connection$.pipe(registerWhenConnected(reg, { retry: { delay: 10 } }))).toBeObservable("iu----------r---", states);
    m.expect(fail).toHaveSubscriptions(["^!"]);
    m.expect(ok).toHaveSubscriptions(["-----------^!"]);
  }));

  it("403 ends the stream at once with a RegistrationRejectedError carrying the response", marbles((m) => {
    const forbidden = m.cold("---5", { 5: 403 });
    const reg = new FakeRegisterer(m.scheduler, [forbidden, m.cold("5", { 5: 200 })]);
    const connection$ = m.hot("c-------", statuses);
    const errors: unknown[] = [];
    connection$.pipe(registerWhenConnected(reg)).subscribe({ error: (e) => errors.push([m.scheduler.now(), e]) });
    m.expect(forbidden).toHaveSubscriptions(["^--!"]);
    m.flush();
    expect(errors).toHaveLength(1);
    const [at, error] = errors[0] as [number, RegistrationRejectedError];
    expect(at).toBe(3);
    expect(error).toBeInstanceOf(RegistrationRejectedError);
    expect(error.statusCode).toBe(403);
    expect(error.response).toBe(reg.responses[0]);
  }));

  it("404 is final too; other failures end the stream once the attempts are used up", marbles((m) => {
    const reg404 = new FakeRegisterer(m.scheduler, [m.cold("-5", { 5: 404 })]);
    m.expect(m.hot("c---", statuses).pipe(registerWhenConnected(reg404)), "^---").toBeObservable("i(u#)", states, rejected(404));
    const fails = [m.cold("-5", { 5: 500 }), m.cold("-5", { 5: 500 }), m.cold("-5", { 5: 500 })];
    const reg500 = new FakeRegisterer(m.scheduler, fails);
    const result = m.hot("c", statuses).pipe(registerWhenConnected(reg500, { retry: { count: 3, delay: 4000 } }));
    m.expect(result).toBeObservable("iu 8001ms #", states, rejected(500));
    m.expect(fails[0]!).toHaveSubscriptions(["^!"]);
    m.expect(fails[1]!).toHaveSubscriptions(["4001ms ^!"]);
    m.expect(fails[2]!).toHaveSubscriptions(["8002ms ^!"]);
  }));

  it("a disconnect cancels a pending retry: no REGISTER while disconnected", marbles((m) => {
    const fail = m.cold("-5", { 5: 503 });
    const never = m.cold("-5", { 5: 200 });
    const reg = new FakeRegisterer(m.scheduler, [fail, never]);
    const connection$ = m.hot("c----d 100ms -", statuses);
    m.expect(connection$.pipe(registerWhenConnected(reg, { retry: { delay: 50 } }))).toBeObservable("iu----", states);
    m.expect(never).toHaveSubscriptions([]);
  }));

  it("completes when connection$ completes; unsubscribing stops registering", marbles((m) => {
    const ok = m.cold("-5", { 5: 200 });
    const reg = new FakeRegisterer(m.scheduler, [ok]);
    m.expect(m.hot("c--|", statuses).pipe(registerWhenConnected(reg))).toBeObservable("ir-|", states);
    const late = m.cold("-5", { 5: 200 });
    const reg2 = new FakeRegisterer(m.scheduler, [late]);
    m.expect(m.hot("---c", statuses).pipe(registerWhenConnected(reg2)), "^-!").toBeObservable("i--", states);
    m.expect(late).toHaveSubscriptions([]);
  }));
});
