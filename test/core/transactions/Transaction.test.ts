import { describe, expect, it } from "vitest";
import { InviteClientTransaction, TransactionStateError } from "../../../src/core/transactions/index.js";
import { createTestScheduler } from "../../marbles/helpers.js";
import { RecordingClientUser, RecordingTransport, request, response } from "./fixtures.js";

function ict() {
  const scheduler = createTestScheduler();
  const transport = new RecordingTransport(true, scheduler);
  const tx = new InviteClientTransaction(request({ transport: "TCP" }), transport, new RecordingClientUser(scheduler), { scheduler });
  return { scheduler, tx };
}

describe("Transaction state and state$", () => {
  it("state$ is created only when subscribed", () => {
    const { tx } = ict();
    const state$ = tx.state$;
    expect((tx as unknown as { subject: unknown }).subject).toBeUndefined();
    const sub = state$.subscribe();
    expect((tx as unknown as { subject: unknown }).subject).toBeDefined();
    sub.unsubscribe();
  });

  it("state$ replays the current state, emits each change and completes on Terminated", () => {
    const { tx } = ict();
    tx.start();
    tx.receiveResponse(response(tx.request, 180, "b"));
    const seen: string[] = [];
    let completed = false;
    tx.state$.subscribe({ next: (s) => seen.push(s), complete: () => (completed = true) });
    tx.receiveResponse(response(tx.request, 180, "b"));
    tx.receiveResponse(response(tx.request, 404, "b"));
    expect(seen).toEqual(["Proceeding", "Completed", "Terminated"]);
    expect(completed).toBe(true);
  });

  it("a subscriber after termination gets Terminated and completion", () => {
    const { tx } = ict();
    tx.terminate();
    const seen: string[] = [];
    let completed = false;
    tx.state$.subscribe({ next: (s) => seen.push(s), complete: () => (completed = true) });
    expect(seen).toEqual(["Terminated"]);
    expect(completed).toBe(true);
  });

  it("the transition function refuses a move the machine does not have with a TransactionStateError", () => {
    const { tx } = ict();
    tx.start();
    tx.receiveResponse(response(tx.request, 180, "b"));
    const transition = (tx as unknown as { transition(to: string): void }).transition.bind(tx);
    expect(() => transition("Calling")).toThrow(TransactionStateError);
    expect(() => transition("Calling")).toThrow(expect.objectContaining({ code: "ILLEGAL_TRANSITION", from: "Proceeding", to: "Calling" }));
  });

  it("exposes the branch of the request's top Via and the timers of its transport", () => {
    const { tx } = ict();
    expect(tx.branch).toBe("z9hG4bK776asdhds");
    expect(tx.timers.reliable).toBe(true);
    expect(tx.kind).toBe("INVITE client");
  });
});
