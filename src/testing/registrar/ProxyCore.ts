import type { SchedulerLike } from "rxjs";
import { ParseError, type NameAddr, type SipRequest, type SipResponse, type Uri, type Via } from "../../core/messages/index.js";
import type { BindingStore } from "./BindingStore.js";
import { ExpiringMap } from "./ExpiringMap.js";
import type { HeaderLines } from "./LocalResponder.js";
import { inviteKey, PROXY_BRANCH_PREFIX, proxyBranch } from "./proxyBranch.js";
import { RegistrarError } from "./RegistrarError.js";
import type { RegistrarFlow, RegistrarListener } from "./RegistrarFlow.js";
import { removeTopVia } from "./removeTopVia.js";

/** What the proxy needs of the registrar. */
export interface ProxyContext {
  readonly scheduler: SchedulerLike;
  readonly listeners: readonly RegistrarListener[];
  readonly bindings: BindingStore;
  /** Makes this registrar's branches its own (see `proxyBranch`). */
  readonly salt: string;
  inDomain(host: string): boolean;
  transmit(flow: RegistrarFlow, message: SipRequest | SipResponse): void;
  answer(request: SipRequest, flow: RegistrarFlow, code: number, reason: string, headers?: HeaderLines): void;
  report(error: RegistrarError): void;
}

/** The Request-URI and the Route values left once the proxy's own were taken off (§16.4). */
export interface Routing {
  readonly ruri: Uri;
  readonly routes: readonly NameAddr[];
}

/** Where a request goes: the flow, and the Request-URI it goes with. */
interface Target {
  readonly flow: RegistrarFlow;
  readonly ruri: Uri;
}

/** A request the proxy cannot route, and what it answers. */
interface Refusal {
  readonly code: number;
  readonly reason: string;
}

/** A forwarded request, by the branch of the proxy's Via: where its responses go back. */
interface Forwarded {
  readonly origin: RegistrarFlow;
  readonly target: RegistrarFlow;
}

/** A forwarded INVITE, by its incoming branch: where its CANCEL and non-2xx ACK go. */
interface ForwardedInvite {
  readonly target: RegistrarFlow;
  readonly ruri: Uri;
  readonly routes: readonly NameAddr[];
}

/** Methods whose Record-Route makes the proxy part of the dialog they may create. */
const DIALOG_CREATING = new Set(["INVITE", "SUBSCRIBE", "REFER", "NOTIFY"]);
/** Ten minutes: longer than an INVITE may ring (Timer C is more than three minutes, RFC 3261 §16.6). */
const TRANSACTION_MEMORY = 600_000;
/** An hour: how long a Contact seen in a request or response stays reachable over its flow. */
const CONTACT_MEMORY = 3_600_000;
const DEFAULT_MAX_FORWARDS = 70;

/**
 * The proxy half of the registrar (RFC 3261 §16), stateless in the sense of §16.11: a
 * request is forwarded with a Via of its own (a branch derived from the incoming one), a
 * decremented Max-Forwards and, when it may create a dialog, a Record-Route (two when it
 * crosses from one listener to another, RFC 5658 §4); a response is relayed by taking that
 * Via off again. What little it remembers lives in bounded maps that forget by themselves:
 * where each branch's responses go back, where each INVITE went (for its CANCEL and its
 * non-2xx ACK), and over which flow each Contact seen can be reached (RFC 5626 style,
 * needed for WebSocket clients whose Contact names a `.invalid` host).
 */
export class ProxyCore {
  private readonly forwarded: ExpiringMap<string, Forwarded>;
  private readonly invites: ExpiringMap<string, ForwardedInvite>;
  private readonly contacts: ExpiringMap<string, RegistrarFlow>;

  constructor(private readonly ctx: ProxyContext) {
    this.forwarded = new ExpiringMap(ctx.scheduler, TRANSACTION_MEMORY);
    this.invites = new ExpiringMap(ctx.scheduler, TRANSACTION_MEMORY);
    this.contacts = new ExpiringMap(ctx.scheduler, CONTACT_MEMORY);
  }

  /** Whether a URI names the registrar itself (the host and port of one of its listeners). */
  isMine(uri: Uri): boolean {
    const host = uri.host.toLowerCase();
    const port = uri.port ?? 5060;
    return this.ctx.listeners.some((l) => l.host.toLowerCase() === host && l.port === port);
  }

  /**
   * Route information preprocessing (§16.4): a Request-URI that is one of our Record-Route
   * URIs (a strict router before us) is replaced by the last Route; then the Route values
   * naming us are taken off the top.
   * @throws ParseError when the Route header cannot be read.
   */
  preprocess(request: SipRequest): Routing {
    let ruri = request.ruri;
    let routes = [...request.routes];
    if (ruri.user === undefined && this.isMine(ruri) && routes.length > 0) {
      ruri = routes[routes.length - 1]!.uri;
      routes = routes.slice(0, -1);
    }
    while (routes.length > 0 && this.isMine(routes[0]!.uri)) routes.shift();
    return { ruri, routes };
  }

  /** Remembers the flow a request's Contact is reached over (RFC 5626 §5.3 style). */
  learnContacts(request: SipRequest, flow: RegistrarFlow): void {
    if (request.method === "REGISTER") return; // the location service keeps those
    try {
      for (const contact of request.contacts) this.contacts.set(addressKey(contact.uri), flow);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
    }
  }

  /** Forgets a flow that ended. */
  flowClosed(flowId: string): void {
    this.contacts.deleteWhere((flow) => flow.id === flowId);
  }

  /**
   * Forwards a request to where its Request-URI or next Route leads (§16.5-§16.6):
   * answers 483 when Max-Forwards is 0, 404 when nobody is registered for the user, 480
   * when the user's flows are gone. `silent` (ACK) never answers.
   */
  forward(request: SipRequest, flow: RegistrarFlow, routing: Routing, silent = false): void {
    const refuse = (code: number, reason: string) => {
      if (!silent) this.ctx.answer(request, flow, code, reason);
    };
    const maxForwards = readMaxForwards(request);
    if (maxForwards === "malformed") return refuse(400, "Bad Request");
    if (maxForwards === 0) return refuse(483, "Too Many Hops");
    const target = this.resolve(routing, flow);
    if ("code" in target) return refuse(target.code, target.reason);
    this.send(request, flow, target, routing.routes, maxForwards);
  }

  /**
   * CANCEL (§16.10 done the stateless way, §16.11): it goes where its INVITE went, with the
   * same Request-URI, Route and branch, so that the next hop matches it to the INVITE; the
   * 200 for it and the 487 for the INVITE come back as responses. 481 when the INVITE is unknown.
   */
  forwardCancel(cancel: SipRequest, flow: RegistrarFlow): void {
    const invite = this.invites.get(inviteKey(cancel));
    if (invite === undefined) return this.ctx.answer(cancel, flow, 481, "Call/Transaction Does Not Exist");
    const maxForwards = readMaxForwards(cancel);
    if (maxForwards === "malformed") return this.ctx.answer(cancel, flow, 400, "Bad Request");
    if (maxForwards === 0) return this.ctx.answer(cancel, flow, 483, "Too Many Hops");
    this.send(cancel, flow, { flow: invite.target, ruri: invite.ruri }, invite.routes, maxForwards);
  }

  /**
   * ACK: the ACK of a non-2xx response goes where its INVITE went (same branch); the ACK of
   * a 2xx is an in-dialog request like any other (§16.4, via our Record-Route). Never answered.
   */
  forwardAck(ack: SipRequest, flow: RegistrarFlow, routing: Routing): void {
    const invite = this.invites.get(inviteKey(ack));
    if (invite !== undefined) {
      const maxForwards = readMaxForwards(ack);
      if (maxForwards === "malformed" || maxForwards === 0) return;
      return this.send(ack, flow, { flow: invite.target, ruri: invite.ruri }, invite.routes, maxForwards);
    }
    this.forward(ack, flow, routing, true);
  }

  /** The flow a response without one (in-memory) came from: where its request was sent. */
  sourceOf(response: SipResponse): RegistrarFlow | undefined {
    try {
      const branch = response.via.branch;
      return branch === undefined ? undefined : this.forwarded.get(branch)?.target;
    } catch (error) {
      if (error instanceof ParseError) return undefined;
      throw error;
    }
  }

  /**
   * Relays a response (§16.7): the top Via must be ours; it is taken off and the response
   * goes back over the flow its request came on (else to the next Via's address). The
   * Contact of a response that may set up a dialog is remembered with the flow it came on.
   */
  relay(response: SipResponse, from: RegistrarFlow | undefined): void {
    let branch: string | undefined;
    try {
      branch = response.via.branch;
    } catch {
      branch = undefined;
    }
    if (branch === undefined || !branch.startsWith(PROXY_BRANCH_PREFIX)) {
      this.ctx.report(new RegistrarError("STRAY_RESPONSE", `a ${response.statusCode} response that is not for the registrar was dropped`, from?.id));
      return;
    }
    const forwarded = this.forwarded.get(branch);
    removeTopVia(response);
    let next: Via | undefined;
    try {
      next = response.vias[0];
      const source = from ?? forwarded?.target;
      if (source !== undefined && response.statusCode > 100 && response.statusCode < 300) {
        for (const contact of response.contacts) this.contacts.set(addressKey(contact.uri), source);
      }
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
    }
    if (next === undefined) {
      this.ctx.report(new RegistrarError("STRAY_RESPONSE", `a ${response.statusCode} response with no Via below ours was dropped`, from?.id));
      return;
    }
    const back = forwarded?.origin ?? this.flowForVia(next);
    if (back === undefined) {
      this.ctx.report(new RegistrarError("NO_ROUTE", `no flow leads back to ${next.sentBy} for a ${response.statusCode} response`, from?.id));
      return;
    }
    this.ctx.transmit(back, response);
  }

  /** Forgets everything (stop). */
  clear(): void {
    this.forwarded.clear();
    this.invites.clear();
    this.contacts.clear();
  }

  // ---- routing ---------------------------------------------------------------------------------

  /**
   * §16.5 target set, reduced to one target: the next Route when there is one; else a
   * contact we know the flow of (the Request-URI of an in-dialog request is the peer's
   * Contact); else the most recently refreshed binding of the user (the Request-URI is
   * retargeted to its contact, §16.6 step 2); else, for a domain we do not serve, the
   * address in the URI.
   */
  private resolve(routing: Routing, inbound: RegistrarFlow): Target | Refusal {
    const ctx = this.ctx;
    const { ruri, routes } = routing;
    if (routes.length > 0) {
      const flow = this.flowForUri(routes[0]!.uri, inbound);
      return flow !== undefined ? { flow, ruri } : { code: 480, reason: "Temporarily Unavailable" };
    }
    const registered = ctx.bindings.findByAddress(ruri.host, ruri.port);
    if (registered?.flow.open) return { flow: registered.flow, ruri };
    const seen = this.contacts.get(addressKey(ruri));
    if (seen?.open) return { flow: seen, ruri };
    if (ruri.user !== undefined && ctx.inDomain(ruri.host)) {
      const records = ctx.bindings.recordsOf(ruri.user);
      const live = records.find((r) => r.flow.open);
      if (live !== undefined) return { flow: live.flow, ruri: live.uri.clone() };
      return records.length > 0 ? { code: 480, reason: "Temporarily Unavailable" } : { code: 404, reason: "Not Found" };
    }
    const flow = this.flowForUri(ruri, inbound);
    return flow !== undefined ? { flow, ruri } : { code: 404, reason: "Not Found" };
  }

  /** A flow to the address of a URI: a known contact's, an open connection, or a new UDP / TCP / in-memory one. */
  private flowForUri(uri: Uri, inbound: RegistrarFlow): RegistrarFlow | undefined {
    const known = this.ctx.bindings.findByAddress(uri.host, uri.port)?.flow ?? this.contacts.get(addressKey(uri));
    if (known?.open) return known;
    const transport = uri.params["transport"]?.toLowerCase();
    const listeners = [inbound.listener, ...this.ctx.listeners.filter((l) => l !== inbound.listener)].filter(
      (l) => transport === undefined || l.transport === transport || l.transport === "memory",
    );
    for (const l of listeners) {
      const open = l.findFlow(uri.host, uri.port);
      if (open !== undefined) return open;
    }
    for (const l of listeners) {
      const fresh = l.flowTo(uri.host, uri.port);
      if (fresh !== undefined) return fresh;
    }
    return undefined;
  }

  /** RFC 3261 §18.2.2 for a response we cannot send back on its request's flow. */
  private flowForVia(via: Via): RegistrarFlow | undefined {
    const host = via.received ?? via.host;
    const port = typeof via.rport === "number" && via.rport > 0 ? via.rport : via.port;
    const transport = via.transport.toLowerCase();
    for (const l of this.ctx.listeners) {
      if (l.transport !== transport) continue;
      const flow = l.findFlow(host, port) ?? l.flowTo(host, port);
      if (flow !== undefined) return flow;
    }
    return this.ctx.listeners.find((l) => l.transport === "memory")?.flowTo(host, port);
  }

  // ---- forwarding ------------------------------------------------------------------------------

  /** §16.6: copy, Request-URI, Max-Forwards, Record-Route, Route, Via; then send. */
  private send(request: SipRequest, inbound: RegistrarFlow, target: Target, routes: readonly NameAddr[], maxForwards: number | undefined): void {
    const out = request.clone();
    out.ruri = target.ruri.clone();
    out.setHeader("Max-Forwards", String((maxForwards ?? DEFAULT_MAX_FORWARDS) - 1));
    out.removeHeader("Route");
    for (const route of routes) out.addHeader("Route", route.toString());
    if (DIALOG_CREATING.has(request.method) && request.to.tag === undefined) {
      // RFC 5658 §4: one Record-Route per side when the request changes listener
      if (target.flow.listener !== inbound.listener) out.prependHeader("Record-Route", `<${inbound.listener.routeUri}>`);
      out.prependHeader("Record-Route", `<${target.flow.listener.routeUri}>`);
    }
    const branch = proxyBranch(request, this.ctx.salt);
    const l = target.flow.listener;
    out.prependHeader("Via", `SIP/2.0/${l.viaTransport} ${l.host}:${l.port};branch=${branch}`);
    this.forwarded.set(branch, { origin: inbound, target: target.flow });
    if (request.method === "INVITE") this.invites.set(inviteKey(request), { target: target.flow, ruri: out.ruri, routes });
    this.ctx.transmit(target.flow, out);
  }
}

/**
 * Max-Forwards (§16.3 step 3): undefined when absent ("this check is passed"), 0 when the
 * request must not go further, "malformed" when it cannot be read.
 */
function readMaxForwards(request: SipRequest): number | undefined | "malformed" {
  try {
    const value = request.maxForwards;
    return value === undefined ? undefined : Math.max(0, value);
  } catch (error) {
    if (error instanceof ParseError) return "malformed";
    throw error;
  }
}

/** The key of a contact's address: lower-case host and port (5060 when absent). */
function addressKey(uri: Uri): string {
  return `${uri.host.toLowerCase()}:${uri.port ?? 5060}`;
}
