import { describe, expect, it } from "vitest";
import {
  Dialog,
  NameAddr,
  Notifier,
  NotifierState,
  Subscriber,
  SubscriptionState,
  SubscriptionUsage,
  type IncomingRequestContext,
  type Notification,
  type SipRequest,
  type UserAgent,
} from "../../src/index.js";
import { realTimeWorld, world } from "./harness.js";
import { scriptedPeer } from "./scriptedPeer.js";

/** Every request with this method that went over the wire, with when it was sent and its headers. */
function sent(w: ReturnType<typeof world>, method: string) {
  return w.network.log
    .filter((r) => !r.dropped && r.text.startsWith(`${method} `))
    .map((r) => ({ at: r.at, from: r.from.split(".")[0], header: (name: string) => new RegExp(`\\r\\n${name}: ([^\\r]*)`, "i").exec(r.text)?.[1], body: r.text.slice(r.text.indexOf("\r\n\r\n") + 4) }));
}

/** Alice subscribes to bob's presence; bob makes a Notifier of each SUBSCRIBE and accepts it with "open". */
async function presence(options: { expires?: number; accept?: (n: Notifier) => void; minExpires?: number } = {}) {
  const w = world();
  const alice = w.ua("alice");
  const bob = w.ua("bob");
  await Promise.all([alice.start(), bob.start()]);
  const notifiers: Notifier[] = [];
  bob.subscriptions$.subscribe((ctx) => {
    const notifier = Notifier.fromRequest(bob, ctx, options.minExpires !== undefined ? { minExpires: options.minExpires } : {});
    notifiers.push(notifier);
    if (options.accept) options.accept(notifier);
    else void notifier.accept({ body: "open", contentType: "text/plain" });
  });
  const subscriber = new Subscriber(alice, w.target("bob"), "presence", { expires: options.expires ?? 600, extraHeaders: ["Accept: text/plain"] });
  const states: SubscriptionState[] = [];
  subscriber.state$.subscribe((s) => states.push(s));
  const bodies: string[] = [];
  const notifications: Notification[] = [];
  subscriber.notifications$.subscribe((n) => {
    notifications.push(n);
    bodies.push(n.request.body);
    void n.accept();
  });
  return { ...w, alice, bob, notifiers, subscriber, states, bodies, notifications };
}

/** A bare subscription made with the core: it answers every NOTIFY 200 and never refreshes. */
function bareSubscription(ua: UserAgent, target: ReturnType<ReturnType<typeof world>["target"]>, expires: number) {
  const core = ua.userAgentCore;
  const request = core.createRequest("SUBSCRIBE", target, { extraHeaders: [["Event", "presence"], ["Expires", String(expires)]] });
  const notifies: Array<{ at: number; request: SipRequest }> = [];
  core.request(request, {
    onAccept: (response) => {
      const usage = new SubscriptionUsage(core, Dialog.fromUac(request, response), (incoming) => {
        notifies.push({ at: ua.scheduler.now(), request: incoming.request });
        incoming.accept();
      });
      usage.attach();
    },
  });
  return notifies;
}

describe("Subscriber and Notifier (RFC 6665) in virtual time", () => {
  it("SUBSCRIBE → 200 → NOTIFY: the subscriber becomes Subscribed and sees each state the notifier sends", async () => {
    const w = await presence();
    await w.subscriber.subscribe();
    await w.clock.advance(1000);
    expect(w.states).toEqual(["Initial", "NotifyWait", "Subscribed"]);
    expect(w.notifiers[0]!.state).toBe(NotifierState.Active);
    expect(w.bodies).toEqual(["open"]);
    expect(w.wire()).toEqual(["alice: SUBSCRIBE", "bob: SIP/2.0 200 OK", "bob: NOTIFY", "alice: SIP/2.0 200 OK"]);
    const [subscribe] = sent(w, "SUBSCRIBE");
    expect(subscribe!.header("Event")).toBe("presence");
    expect(subscribe!.header("Expires")).toBe("600");
    expect(subscribe!.header("Accept")).toBe("text/plain");
    expect(subscribe!.header("Contact")).toContain("sip:alice@alice.example.test:5060");
    const [first] = sent(w, "NOTIFY");
    expect(first!.header("Subscription-State")).toBe("active;expires=600");
    expect(first!.header("Event")).toBe("presence");

    await w.clock.advance(100_000);
    await w.notifiers[0]!.notify("busy");
    await w.clock.advance(1000);
    expect(w.bodies).toEqual(["open", "busy"]);
    // RFC 6665 §4.2.2: expires says what is left of the lifetime
    expect(sent(w, "NOTIFY")[1]!.header("Subscription-State")).toBe("active;expires=499");
    expect(w.notifications[1]!.request.getHeader("Content-Type")).toBe("text/plain");
  });

  it("refreshes 32 s before expiry, on the scheduler; each refresh extends the notifier's lifetime and brings a NOTIFY", async () => {
    const w = await presence({ expires: 600 });
    await w.subscriber.subscribe();
    await w.clock.advance(1_200_000);
    const subscribes = sent(w, "SUBSCRIBE");
    expect(subscribes.map((s) => s.header("Expires"))).toEqual(["600", "600", "600"]);
    const gaps = subscribes.slice(1).map((s, i) => s.at - subscribes[i]!.at);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(567_000);
      expect(gap).toBeLessThan(569_000);
    }
    // one dialog: the refreshes go in it (To tag), with the next CSeq
    expect(subscribes[1]!.header("To")).toMatch(/;tag=/);
    expect(subscribes.map((s) => s.header("CSeq"))).toEqual(["1 SUBSCRIBE", "2 SUBSCRIBE", "3 SUBSCRIBE"]);
    expect(sent(w, "NOTIFY")).toHaveLength(3);
    expect(w.states).toEqual(["Initial", "NotifyWait", "Subscribed"]);
    expect(w.notifiers).toHaveLength(1);
    expect(w.notifiers[0]!.state).toBe(NotifierState.Active);
    expect(w.notifiers[0]!.expires).toBeGreaterThan(500);
  });

  it("unsubscribe(): SUBSCRIBE Expires: 0 → 200 → NOTIFY terminated → both Terminated, streams complete", async () => {
    const w = await presence();
    await w.subscriber.subscribe();
    await w.clock.advance(1000);
    const notifier = w.notifiers[0]!;
    let subscriberDone = 0;
    let notifierDone = false;
    w.subscriber.state$.subscribe({ complete: () => subscriberDone++ });
    w.subscriber.notifications$.subscribe({ complete: () => subscriberDone++ });
    notifier.state$.subscribe({ complete: () => (notifierDone = true) });
    await w.subscriber.unsubscribe();
    expect(w.subscriber.state).toBe(SubscriptionState.Subscribed); // until the final NOTIFY
    await w.clock.advance(1000);
    expect(sent(w, "SUBSCRIBE")[1]!.header("Expires")).toBe("0");
    const last = sent(w, "NOTIFY").at(-1)!;
    expect(last.header("Subscription-State")).toBe("terminated;reason=timeout");
    expect(w.states).toEqual(["Initial", "NotifyWait", "Subscribed", "Terminated"]);
    expect(w.subscriber.termination).toEqual({ type: "local" });
    expect(notifier.state).toBe(NotifierState.Terminated);
    expect(notifier.termination).toEqual({ type: "unsubscribed" });
    expect(subscriberDone).toBe(2);
    expect(notifierDone).toBe(true);
    expect(w.alice.userAgentCore.dialogCount).toBe(0);
    expect(w.bob.userAgentCore.dialogCount).toBe(0);
    await w.clock.advance(3_600_000);
    expect(w.clock.pending).toBe(0);
  });

  it("a subscription not refreshed expires at the notifier: NOTIFY terminated;reason=timeout when its lifetime ends", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const notifiers: Notifier[] = [];
    bob.subscriptions$.subscribe((ctx) => {
      const n = Notifier.fromRequest(bob, ctx);
      notifiers.push(n);
      void n.accept({ expires: 120, body: "open" });
    });
    const notifies = bareSubscription(alice, w.target("bob"), 3600);
    await w.clock.advance(1000);
    expect(w.wire().slice(0, 2)).toEqual(["alice: SUBSCRIBE", "bob: SIP/2.0 200 OK"]);
    expect(notifies.map((n) => n.request.getHeader("Subscription-State"))).toEqual(["active;expires=120"]);
    await w.clock.advance(200_000);
    expect(notifies.map((n) => n.request.getHeader("Subscription-State"))).toEqual(["active;expires=120", "terminated;reason=timeout"]);
    expect(notifies[1]!.at).toBeGreaterThanOrEqual(120_005);
    expect(notifies[1]!.at).toBeLessThan(121_000);
    expect(notifiers[0]!.state).toBe(NotifierState.Terminated);
    expect(notifiers[0]!.termination).toEqual({ type: "expired" });
    expect(bob.userAgentCore.dialogCount).toBe(0);
  });

  it("the notifier grants no more than asked and answers Expires in the 200; 423 below minExpires is retried with Min-Expires", async () => {
    const w = await presence({ expires: 30, minExpires: 60 });
    await w.subscriber.subscribe();
    await w.clock.advance(1000);
    expect(sent(w, "SUBSCRIBE").map((s) => s.header("Expires"))).toEqual(["30", "60"]);
    expect(w.wire()).toContain("bob: SIP/2.0 423 Interval Too Brief");
    expect(w.subscriber.state).toBe(SubscriptionState.Subscribed);
    expect(sent(w, "NOTIFY")[0]!.header("Subscription-State")).toBe("active;expires=60");
  });

  it("a NOTIFY that outruns the 2xx makes the dialog (RFC 6665 §4.1.2.4) and is answered 200, not 481", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const notifyAnswers: number[] = [];
    let bobTag = "";
    bob.subscriptions$.subscribe((ctx: IncomingRequestContext) => {
      bobTag = ctx.incoming.toTag;
      const dialog = Dialog.fromUas(ctx.request, bobTag, "confirmed");
      const notify = dialog.createRequest("NOTIFY", {
        extraHeaders: [
          ["Contact", bob.contact.toString()],
          ["Event", "presence"],
          ["Subscription-State", "active;expires=600"],
        ],
        body: "early",
        contentType: "text/plain",
      });
      bob.userAgentCore.request(notify, { onAccept: (r) => notifyAnswers.push(r.statusCode), onReject: (r) => notifyAnswers.push(r.statusCode) });
      w.clock.scheduler.schedule(() => void ctx.accept({ extraHeaders: ["Expires: 600"] }), 100);
    });
    const subscriber = new Subscriber(alice, w.target("bob"), "presence");
    const bodies: string[] = [];
    subscriber.notifications$.subscribe((n) => {
      bodies.push(n.request.body);
      void n.accept();
    });
    await subscriber.subscribe();
    await w.clock.advance(50);
    expect(subscriber.state).toBe(SubscriptionState.Subscribed);
    expect(notifyAnswers).toEqual([200]);
    expect(bodies).toEqual(["early"]);
    expect(w.wire()).toEqual(["alice: SUBSCRIBE", "bob: NOTIFY", "alice: SIP/2.0 200 OK"]);
    await w.clock.advance(1000);
    expect(w.wire()).toEqual(["alice: SUBSCRIBE", "bob: NOTIFY", "alice: SIP/2.0 200 OK", "bob: SIP/2.0 200 OK"]);
    expect(subscriber.state).toBe(SubscriptionState.Subscribed);
    expect(subscriber.dialog!.remoteTag).toBe(bobTag);
    expect(alice.userAgentCore.dialogCount).toBe(1);
  });

  it("a 2xx whose Expires cannot be read still makes the subscription, tells the delegate and refreshes on the lifetime asked for", async () => {
    const w = world();
    const alice = w.ua("alice");
    await alice.start();
    const bob = scriptedPeer(w.network, "bob");
    bob.onRequest((r) => {
      if (r.method !== "SUBSCRIBE") return;
      // Expires beyond delta-seconds (RFC 3261 §20.19: at most 2**32-1)
      bob.reply(r, "200 OK", "b1", ["Contact: <sip:bob@bob.example.test:5060;transport=tcp>", "Expires: 99999999999"]);
      if (r.to.tag === undefined) bob.requestInDialog(r, "b1", "NOTIFY", ["Event: presence", "Subscription-State: active"], "open");
    });
    const subscriber = new Subscriber(alice, w.target("bob"), "presence", { expires: 600 });
    const accepted: number[] = [];
    await subscriber.subscribe({ requestDelegate: { onAccept: (r) => accepted.push(r.message.statusCode) } });
    await w.clock.advance(1000);
    expect(accepted).toEqual([200]);
    expect(subscriber.state).toBe(SubscriptionState.Subscribed);
    expect(bob.responses.map((r) => r.statusCode)).toEqual([200]);
    await w.clock.advance(570_000);
    const subscribes = bob.requests.filter((r) => r.method === "SUBSCRIBE");
    expect(subscribes).toHaveLength(2);
    expect(subscribes[1]!.to.tag).toBe("b1");
    expect(subscriber.state).toBe(SubscriptionState.Subscribed);
  });

  it("forked SUBSCRIBE: the first NOTIFY makes the one dialog, another fork's NOTIFYs get 481 (RFC 6665 §5.4.9), a wrong Event 489", async () => {
    const w = world();
    const alice = w.ua("alice");
    await alice.start();
    const bob = scriptedPeer(w.network, "bob");
    bob.onRequest((r) => {
      if (r.method !== "SUBSCRIBE" || r.to.tag !== undefined) return;
      // fork 2's NOTIFY outruns the 2xx that fork 1's answer became at the proxy
      bob.requestInDialog(r, "fork2", "NOTIFY", ["Event: presence", "Subscription-State: active;expires=300"], "two");
      bob.reply(r, "200 OK", "fork1", ["Contact: <sip:bob@bob.example.test:5060;transport=tcp>", "Expires: 300"]);
      bob.requestInDialog(r, "fork1", "NOTIFY", ["Event: presence", "Subscription-State: active;expires=300"], "one");
      bob.requestInDialog(r, "fork2", "NOTIFY", ["Event: presence;id=7", "Subscription-State: active;expires=300"], "other id");
    });
    const subscriber = new Subscriber(alice, w.target("bob"), "presence", { expires: 300 });
    const bodies: string[] = [];
    subscriber.notifications$.subscribe((n) => {
      bodies.push(n.request.body);
      void n.accept();
    });
    await subscriber.subscribe();
    await w.clock.advance(1000);
    expect(bob.responses.map((r) => [r.statusCode, r.cseq.seq])).toEqual([
      [200, 101],
      [481, 102],
      [489, 103],
    ]);
    expect(bodies).toEqual(["two"]);
    expect(subscriber.state).toBe(SubscriptionState.Subscribed);
    expect(subscriber.dialog!.remoteTag).toBe("fork2");
    expect(alice.userAgentCore.dialogCount).toBe(1);
  });

  it("a NOTIFY for no subscription is answered 481; a notifier whose NOTIFY gets 481 ends, and so does the subscriber whose refresh gets 481", async () => {
    const w = await presence({ expires: 300 });
    // a stray NOTIFY in a dialog alice never had
    const to = new NameAddr({ uri: w.alice.configuration.uri.clone() });
    to.tag = "no-such-dialog";
    const stray = w.bob.userAgentCore.createRequest("NOTIFY", w.target("alice"), {
      to,
      extraHeaders: [
        ["Event", "presence"],
        ["Subscription-State", "active;expires=60"],
      ],
    });
    const codes: number[] = [];
    w.bob.userAgentCore.request(stray, { onReject: (r) => codes.push(r.statusCode), onAccept: (r) => codes.push(r.statusCode) });
    await w.clock.advance(100);
    expect(codes).toEqual([481]);

    await w.subscriber.subscribe();
    await w.clock.advance(1000);
    const notifier = w.notifiers[0]!;
    // alice forgets the subscription (a restart, say): bob's next NOTIFY meets 481
    const d = w.subscriber.dialog!;
    w.alice.userAgentCore.removeUsage(w.alice.userAgentCore.findUsage(d.callId, d.localTag, d.remoteTag)!);
    await notifier.notify("busy");
    await w.clock.advance(1000);
    expect(notifier.state).toBe(NotifierState.Terminated);
    expect(notifier.termination).toMatchObject({ type: "rejected", statusCode: 481 });
    // alice's refresh then reaches a notifier that is gone
    await w.clock.advance(300_000);
    expect(w.subscriber.state).toBe(SubscriptionState.Terminated);
    expect(w.subscriber.termination).toMatchObject({ type: "rejected", statusCode: 481 });
  });

  it("notifier.terminate(reason): the final NOTIFY ends the subscriber with that reason and retry-after", async () => {
    const w = await presence();
    await w.subscriber.subscribe();
    await w.clock.advance(1000);
    await w.notifiers[0]!.terminate("deactivated", { retryAfter: 30, body: "closed" });
    await w.clock.advance(1000);
    expect(sent(w, "NOTIFY").at(-1)!.header("Subscription-State")).toBe("terminated;reason=deactivated;retry-after=30");
    expect(w.bodies).toEqual(["open", "closed"]);
    expect(w.subscriber.state).toBe(SubscriptionState.Terminated);
    expect(w.subscriber.termination).toEqual({ type: "notify", reason: "deactivated", retryAfter: 30 });
    expect(w.notifiers[0]!.termination).toEqual({ type: "local", reason: "deactivated" });
  });

  it("a rejected SUBSCRIBE (489 when nobody takes subscriptions) ends the subscriber", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const subscriber = new Subscriber(alice, w.target("bob"), "presence");
    const rejected: number[] = [];
    await subscriber.subscribe({ requestDelegate: { onReject: (r) => rejected.push(r.message.statusCode) } });
    await w.clock.advance(1000);
    expect(rejected).toEqual([489]);
    expect(subscriber.state).toBe(SubscriptionState.Terminated);
    expect(subscriber.termination).toEqual({ type: "rejected", statusCode: 489, reasonPhrase: "Bad Event" });
    await expect(subscriber.subscribe()).rejects.toMatchObject({ code: "SUBSCRIPTION_STATE" });
  });

  it("no NOTIFY within Timer N (64*T1) of the SUBSCRIBE ends the subscriber", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    bob.subscriptions$.subscribe((ctx) => void ctx.accept({ extraHeaders: ["Expires: 600"] }));
    const subscriber = new Subscriber(alice, w.target("bob"), "presence");
    await subscriber.subscribe();
    await w.clock.advance(31_000);
    expect(subscriber.state).toBe(SubscriptionState.NotifyWait);
    await w.clock.advance(2_000);
    expect(subscriber.state).toBe(SubscriptionState.Terminated);
    expect(subscriber.termination).toEqual({ type: "timeout" });
    expect(alice.userAgentCore.dialogCount).toBe(0);
  });

  it("a SUBSCRIBE that cannot be delivered ends the subscriber with a timeout", async () => {
    const w = world();
    const alice = w.ua("alice");
    await alice.start();
    const subscriber = new Subscriber(alice, w.target("nobody"), "presence");
    await subscriber.subscribe();
    await w.clock.advance(40_000);
    expect(subscriber.state).toBe(SubscriptionState.Terminated);
    expect(subscriber.termination).toEqual({ type: "timeout" });
    expect(w.clock.pending).toBe(0);
  });

  it("delegate.onNotify gets each NOTIFY and answers it; without any listener NOTIFYs are answered 200", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    bob.subscriptions$.subscribe((ctx) => void Notifier.fromRequest(bob, ctx).accept({ body: "open" }));
    const seen: string[] = [];
    const withDelegate = new Subscriber(alice, w.target("bob"), "presence", { delegate: { onNotify: (n) => void n.reject({ statusCode: 500 }).then(() => seen.push(n.request.body)) } });
    const silent = new Subscriber(alice, w.target("bob"), "presence");
    await withDelegate.subscribe();
    await silent.subscribe();
    await w.clock.advance(1000);
    expect(seen).toEqual(["open"]);
    expect(w.wire().filter((l) => l.startsWith("alice: SIP/2.0"))).toEqual(expect.arrayContaining(["alice: SIP/2.0 500 Server Internal Error", "alice: SIP/2.0 200 OK"]));
    expect(silent.state).toBe(SubscriptionState.Subscribed);
  });

  it("unsubscribe() before the 2xx is sent once the dialog exists", async () => {
    const w = await presence();
    await w.subscriber.subscribe();
    await w.subscriber.unsubscribe();
    await w.clock.advance(1000);
    expect(sent(w, "SUBSCRIBE").map((s) => s.header("Expires"))).toEqual(["600", "0"]);
    expect(w.subscriber.state).toBe(SubscriptionState.Terminated);
    expect(w.notifiers[0]!.state).toBe(NotifierState.Terminated);
  });

  it("stop() on both user agents ends every subscription, completes every stream and leaves nothing scheduled", async () => {
    const w = await presence();
    await w.subscriber.subscribe();
    await w.clock.advance(1000);
    const completed: string[] = [];
    w.subscriber.state$.subscribe({ complete: () => completed.push("subscriber.state$") });
    w.subscriber.notifications$.subscribe({ complete: () => completed.push("subscriber.notifications$") });
    w.notifiers[0]!.state$.subscribe({ complete: () => completed.push("notifier.state$") });
    await w.alice.stop();
    await w.clock.advance(60_000);
    await w.bob.stop();
    await w.clock.advance(60_000);
    expect(sent(w, "SUBSCRIBE").at(-1)!.header("Expires")).toBe("0");
    expect(completed.sort()).toEqual(["notifier.state$", "subscriber.notifications$", "subscriber.state$"]);
    expect(w.subscriber.state).toBe(SubscriptionState.Terminated);
    expect(w.notifiers[0]!.state).toBe(NotifierState.Terminated);
    expect(w.alice.owned.size + w.bob.owned.size).toBe(0);
    expect(w.clock.pending).toBe(0);
  });

  it("a 30-day lifetime, longer than a JS timer can wait (2**31-1 ms): the subscriber neither expires nor refreshes at once (real time)", async () => {
    // virtual clocks do not overflow; setTimeout does, and fires at once
    const { network, ua, target, sleep } = realTimeWorld();
    const alice = ua("alice");
    await alice.start();
    const bob = scriptedPeer(network, "bob");
    bob.onRequest((r) => {
      if (r.method !== "SUBSCRIBE") return;
      bob.reply(r, "200 OK", "b1", ["Contact: <sip:bob@bob.example.test:5060;transport=tcp>", "Expires: 2592000"]);
      bob.requestInDialog(r, "b1", "NOTIFY", ["Event: presence", "Subscription-State: active;expires=2592000"], "open");
    });
    const subscriber = new Subscriber(alice, target("bob"), "presence", { expires: 2592000 });
    await subscriber.subscribe();
    await sleep(300);
    try {
      expect(subscriber.state).toBe(SubscriptionState.Subscribed);
      expect(bob.requests.map((r) => r.method)).toEqual(["SUBSCRIBE"]);
    } finally {
      bob.close();
      await alice.stop();
    }
  });

  it("a 30-day lifetime asked of the notifier: it grants what its timers can wait and does not end at once (real time)", async () => {
    const { network, ua, sleep } = realTimeWorld();
    const alice = ua("alice");
    await alice.start();
    const notifiers: Notifier[] = [];
    alice.subscriptions$.subscribe((ctx) => {
      const n = Notifier.fromRequest(alice, ctx);
      notifiers.push(n);
      void n.accept({ body: "open" });
    });
    const phone = scriptedPeer(network, "phone");
    phone.onRequest((r) => phone.reply(r, "200 OK", "unused"));
    phone.send([
      "SUBSCRIBE sip:alice@alice.example.test:5060 SIP/2.0",
      "Via: SIP/2.0/TCP phone.example.test:5060;branch=z9hG4bK-long",
      "Max-Forwards: 70",
      "From: <sip:phone@example.test>;tag=p1",
      "To: <sip:alice@example.test>",
      "Call-ID: long-1",
      "CSeq: 1 SUBSCRIBE",
      "Contact: <sip:phone@phone.example.test:5060;transport=tcp>",
      "Event: presence",
      "Expires: 2592000",
    ]);
    await sleep(300);
    try {
      const granted = Number(phone.responses[0]!.getHeader("Expires"));
      expect(granted).toBeGreaterThan(20 * 24 * 3600); // about 23 days
      expect(granted * 1000).toBeLessThan(2 ** 31);
      expect(phone.requests.map((r) => r.getHeader("Subscription-State"))).toEqual([`active;expires=${granted}`]);
      expect(notifiers[0]!.state).toBe(NotifierState.Active);
    } finally {
      phone.close();
      await alice.stop();
    }
  });
});
