import type { Observable } from "rxjs";
import type { SipMessageAny } from "../../core/messages/index.js";
import type { RegistrarError } from "./RegistrarError.js";

/** The kinds of place the registrar listens on. */
export type RegistrarTransport = "memory" | "udp" | "tcp" | "ws";

/** A flow as tests see it (in bindings and in the log): which listener, and the peer's address. */
export interface FlowInfo {
  /** `${transport}:${host}:${port}`, unique among the flows open at one time. */
  readonly id: string;
  readonly transport: RegistrarTransport;
  /** The peer's address, `host:port`. */
  readonly remote: string;
}

/**
 * One path to a peer (RFC 5626 §3): a TCP or WebSocket connection, or a UDP / in-memory
 * source address. What the registrar sends back to a peer goes over the flow the peer's
 * requests came on, so clients behind a `.invalid` host (RFC 7118 §5) are reachable.
 */
export interface RegistrarFlow extends FlowInfo {
  /** No retransmissions are needed (RFC 3261 §17.1.1.2). */
  readonly reliable: boolean;
  /** False once a connection closed. */
  readonly open: boolean;
  /** The listener the flow belongs to: its address goes in the Via and Record-Route of what is sent on it. */
  readonly listener: RegistrarListener;
  /** Resolves when the text was handed to the socket / network; rejects when it could not be. */
  send(text: string): Promise<void>;
}

/** A message that arrived, and the flow it came on. */
export interface Arrival {
  readonly message: SipMessageAny;
  /**
   * The flow it came on; undefined for a response on the in-memory network, which does
   * not say who sent it (the registrar knows the flow from the branch it forwarded).
   */
  readonly flow: RegistrarFlow | undefined;
}

/** One listening place: an in-memory address, a UDP or TCP socket, a WebSocket server. */
export interface RegistrarListener {
  readonly transport: RegistrarTransport;
  /** Via transport token of what the registrar sends from here: "UDP", "TCP", "WS". */
  readonly viaTransport: string;
  readonly host: string;
  readonly port: number;
  /** The registrar's URI on this listener, for Record-Route (`sip:127.0.0.1:5060;transport=tcp;lr`). */
  readonly routeUri: string;
  /** Every message that arrived (hot). */
  readonly arrivals$: Observable<Arrival>;
  /** Input that could not be read, and flows that failed (hot). */
  readonly errors$: Observable<RegistrarError>;
  /** Flows that ended (connections closed by the peer). */
  readonly closed$: Observable<FlowInfo>;
  /** A flow to an address no message came from yet (UDP, TCP, in-memory); undefined when the listener cannot reach it (WS). */
  flowTo(host: string, port: number | undefined): RegistrarFlow | undefined;
  /** The open flow whose peer is at `host:port`, when there is one. */
  findFlow(host: string, port: number | undefined): RegistrarFlow | undefined;
  /** Closes sockets and connections, completes the streams. */
  close(): Promise<void>;
}

/** The public face of a flow. */
export function flowInfo(flow: FlowInfo): FlowInfo {
  return { id: flow.id, transport: flow.transport, remote: flow.remote };
}
