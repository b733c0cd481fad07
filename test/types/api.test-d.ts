import type { Observable } from "rxjs";
import { describe, expectTypeOf, it } from "vitest";
import {
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  Session,
  SessionState,
  UserAgent,
  UserAgentState,
  type DtmfEvent,
  type Info,
  type Message,
  type Notification,
  type Referral,
  type SipRequest,
  type SipResponse,
  type TransportStatus,
  type URI,
  type UserAgentOptions,
  sessionRecovery,
  sessionTimers,
} from "../../src/index.js";

describe("public types", () => {
  it("states are string unions with SIP.js's values", () => {
    expectTypeOf<SessionState>().toEqualTypeOf<"Initial" | "Establishing" | "Established" | "Terminating" | "Terminated">();
    expectTypeOf<RegistererState>().toEqualTypeOf<"Initial" | "Registered" | "Unregistered" | "Terminated">();
    expectTypeOf<UserAgentState>().toEqualTypeOf<"Started" | "Stopped">();
    expectTypeOf(SessionState.Established).toEqualTypeOf<"Established">();
  });

  it("makeURI gives a URI or undefined; options take it", () => {
    expectTypeOf(UserAgent.makeURI).returns.toEqualTypeOf<URI | undefined>();
    expectTypeOf<UserAgentOptions["uri"]>().toEqualTypeOf<URI | undefined>();
    expectTypeOf<UserAgentOptions>().toHaveProperty("noAnswerTimeout").toEqualTypeOf<number | undefined>();
  });

  it("user agent streams carry the objects their callbacks get", () => {
    expectTypeOf<UserAgent["invites$"]>().toEqualTypeOf<Observable<Invitation>>();
    expectTypeOf<UserAgent["messages$"]>().toEqualTypeOf<Observable<Message>>();
    expectTypeOf<UserAgent["notifications$"]>().toEqualTypeOf<Observable<Notification>>();
    expectTypeOf<UserAgent["refers$"]>().toEqualTypeOf<Observable<Referral>>();
    expectTypeOf<UserAgent["state$"]>().toEqualTypeOf<Observable<UserAgentState>>();
    expectTypeOf<UserAgent["connection$"]>().toEqualTypeOf<Observable<TransportStatus>>();
    expectTypeOf<NonNullable<UserAgent["delegate"]["onInvite"]>>().parameter(0).toEqualTypeOf<Invitation>();
  });

  it("the transport status is a union discriminated by type", () => {
    expectTypeOf<TransportStatus["type"]>().toEqualTypeOf<"connecting" | "connected" | "disconnected" | "closed">();
    const s = {} as TransportStatus;
    if (s.type === "disconnected") expectTypeOf(s.error).toMatchTypeOf<Error | undefined>();
  });

  it("sessions: Inviter and Invitation are Sessions with typed streams", () => {
    expectTypeOf<Inviter>().toMatchTypeOf<Session>();
    expectTypeOf<Invitation>().toMatchTypeOf<Session>();
    expectTypeOf<Session["state$"]>().toEqualTypeOf<Observable<SessionState>>();
    expectTypeOf<Session["dtmf$"]>().toEqualTypeOf<Observable<DtmfEvent>>();
    expectTypeOf<Session["infos$"]>().toEqualTypeOf<Observable<Info>>();
    expectTypeOf<Session["refers$"]>().toEqualTypeOf<Observable<Referral>>();
    expectTypeOf<Session["reinvites$"]>().toEqualTypeOf<Observable<SipRequest>>();
    expectTypeOf<Inviter["responses$"]>().toEqualTypeOf<Observable<SipResponse>>();
    expectTypeOf<Session["transfer"]>().returns.toEqualTypeOf<{ progress$: Observable<string>; outcome: Promise<number> }>();
    expectTypeOf<Invitation["accept"]>().returns.toEqualTypeOf<Promise<void>>();
  });

  it("the registerer's state stream and methods", () => {
    expectTypeOf<Registerer["state$"]>().toEqualTypeOf<Observable<RegistererState>>();
    expectTypeOf<Registerer["register"]>().returns.resolves.toHaveProperty("message");
    expectTypeOf<Registerer["waiting"]>().toEqualTypeOf<boolean>();
  });
});

describe("transportOptions typed per transport", () => {
  it("checks transportOptions against the given transport class", async () => {
    const { InMemoryNetwork, InMemoryTransport } = await import("../../src/testing/index.js");
    const { NodeTransport } = await import("../../src/node.js");
    const { WebSocketTransport } = await import("../../src/index.js");
    const network = new InMemoryNetwork();
    expectTypeOf<UserAgentOptions<typeof InMemoryTransport>["transportOptions"]>().toEqualTypeOf<import("../../src/testing/index.js").InMemoryTransportOptions | undefined>();
    expectTypeOf<UserAgentOptions<typeof NodeTransport>["transportOptions"]>().toEqualTypeOf<import("../../src/node.js").NodeTransportOptions | undefined>();
    // a SIP.js-style annotation still takes any transport and its options
    const sipJsStyle: UserAgentOptions = { transportConstructor: NodeTransport, transportOptions: { server: "udp://127.0.0.1" } };
    expectTypeOf(sipJsStyle).toMatchTypeOf<UserAgentOptions>();
    // @ts-expect-error `netwrk` is not an option of InMemoryTransport
    void new UserAgent({ transportConstructor: InMemoryTransport, transportOptions: { netwrk: network, address: "a:1" } });
    // @ts-expect-error InMemoryTransport needs `network` and `address`
    void new UserAgent({ transportConstructor: InMemoryTransport, transportOptions: { server: "x" } });
    // @ts-expect-error `sever` is not an option of WebSocketTransport
    void new UserAgent({ transportConstructor: WebSocketTransport, transportOptions: { sever: "wss://x" } });
    // a user agent of any transport is a UserAgent
    expectTypeOf(new UserAgent({ transportConstructor: InMemoryTransport, transportOptions: { network, address: "a:1" } })).toMatchTypeOf<UserAgent>();
  });

  it("session timers and session recovery take their factories' values; the old plain forms do not compile", () => {
    expectTypeOf(sessionTimers({ sessionExpires: 600 })).toMatchTypeOf<NonNullable<UserAgentOptions["sessionTimers"]>>();
    expectTypeOf(sessionRecovery({ giveUpAfter: 60 })).toMatchTypeOf<NonNullable<UserAgentOptions["sessionRecovery"]>>();
    const off: UserAgentOptions = { sessionRecovery: false };
    void off;
    // @ts-expect-error the plain object form was replaced by sessionTimers()
    const oldTimers: UserAgentOptions = { sessionTimers: { sessionExpires: 600 } };
    // @ts-expect-error `true` was replaced by sessionRecovery()
    const oldRecovery: UserAgentOptions = { sessionRecovery: true };
    // @ts-expect-error the plain object form was replaced by sessionRecovery()
    const oldRecoveryObject: UserAgentOptions = { sessionRecovery: { giveUpAfter: 60 } };
    void [oldTimers, oldRecovery, oldRecoveryObject];
  });
});
