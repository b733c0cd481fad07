import type { Observable } from "rxjs";
import type { SipRequest, SipResponse } from "../core/messages/index.js";
import { LazySubjects } from "./LazySubjects.js";

/**
 * How one request we sent ended, with the final response where there is one: `accepted`
 * (2xx), `redirected` (3xx), `rejected` (4xx–6xx: a 403 to a REGISTER with a wrong
 * password shows here, response attached), `timeout` (no final response: Timer F / B,
 * RFC 3261 §17.1) or `transport-error` (it could not be sent). A 401/407 answered with
 * credentials, or a 423 retried with Min-Expires, is not an outcome: the retry's is.
 *
 * @example
 * ```ts
 * import type { Registerer } from "rxsip";
 * declare const registerer: Registerer;
 *
 * registerer.outcomes$.subscribe((outcome) => {
 *   if (outcome.type === "rejected") console.log(outcome.response.statusCode, outcome.response.reasonPhrase);
 *   else if (outcome.type === "timeout") console.log("no answer to", outcome.request.method);
 * });
 * ```
 */
export type RequestOutcome =
  | { readonly type: "accepted" | "redirected" | "rejected"; readonly request: SipRequest; readonly response: SipResponse }
  | { readonly type: "timeout" | "transport-error"; readonly request: SipRequest; readonly response?: undefined };

/**
 * The Subjects behind an object's `responses$` (every response, provisional ones too) and
 * `outcomes$` (one {@link RequestOutcome} per request), each made when first asked for;
 * both complete with the object.
 */
export class RequestStreams extends LazySubjects<{ responses: SipResponse; outcomes: RequestOutcome }> {
  get responses$(): Observable<SipResponse> {
    return this.stream("responses");
  }

  get outcomes$(): Observable<RequestOutcome> {
    return this.stream("outcomes");
  }

  response(response: SipResponse): void {
    this.next("responses", response);
  }

  outcome(outcome: RequestOutcome): void {
    this.next("outcomes", outcome);
  }

  /** A final response to `request` (or none: timeout, transport error): to `responses$`, then its outcome to `outcomes$`. */
  final(type: RequestOutcome["type"], request: SipRequest, response: SipResponse | undefined): void {
    if (response === undefined) this.outcome({ type: type as "timeout", request });
    else {
      this.response(response);
      this.outcome({ type: type as "rejected", request, response });
    }
  }
}
