import { Observable, Subject } from "rxjs";
import { TransportError } from "../../TransportError.js";
import type { Flow, FlowEvent, Peer } from "../Flow.js";
import type { UdpEndpoint } from "./UdpEndpoint.js";

/**
 * The UDP "flow" to a server: the shared socket and the server's address. Datagrams are
 * read from the endpoint by the transport (they may come from anywhere); `events$` only
 * ends: with an error when the socket fails or is closed under it, or completes on
 * `close()`. Closing the flow leaves the socket open (the transport owns it).
 */
export class UdpFlow implements Flow {
  readonly protocol = "UDP" as const;
  readonly reliable = false;
  readonly events$: Observable<FlowEvent>;
  private readonly closing = new Subject<void>();
  private closed = false;

  constructor(
    private readonly endpoint: UdpEndpoint,
    readonly remote: Peer,
  ) {
    this.events$ = new Observable<FlowEvent>((subscriber) => {
      if (this.closed) {
        subscriber.complete();
        return undefined;
      }
      const ended = endpoint.datagrams$.subscribe({
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.error(new TransportError("CONNECTION_CLOSED", "the UDP socket was closed")),
      });
      const closed = this.closing.subscribe(() => subscriber.complete());
      return () => {
        ended.unsubscribe();
        closed.unsubscribe();
      };
    });
  }

  get open(): boolean {
    return !this.closed && this.endpoint.open;
  }

  send(data: string | Uint8Array): Promise<void> {
    if (this.closed) return Promise.reject(new TransportError("NOT_CONNECTED", "the flow is closed"));
    return this.endpoint.send(data, this.remote.host, this.remote.port);
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.closing.next();
      this.closing.complete();
    }
    return Promise.resolve();
  }
}
