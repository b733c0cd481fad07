import type { SipRequest } from "../core/messages/index.js";
import { checkDtmf, DEFAULT_INFO_DTMF_DURATION, dtmfInfoBody, parseDtmfInfo, sdpHasTelephoneEvent, type DtmfEvent, type DtmfInfoContentType } from "./dtmfInfo.js";

/**
 * DTMF in SIP INFO requests for a user agent's sessions, made by {@link dtmfInfo} and given
 * as `UserAgentOptions.dtmfInfo`. Its code is in a page only when the page uses it.
 */
export interface DtmfInfoSupport {
  /** @internal The key an INFO carries (`application/dtmf-relay` or `application/dtmf`); undefined when none. */
  read(request: SipRequest): DtmfEvent | undefined;
  /** @internal Whether the peer's SDP offers RFC 4733 events, so "auto" sends the keys in the media. */
  inMedia(remoteSdp: string | undefined): boolean;
  /**
   * @internal Sends `tones` one INFO per key, each once the previous one got its final
   * status from `info`; true when every one got a 2xx.
   */
  send(tones: string, duration: number | undefined, contentType: DtmfInfoContentType | undefined, info: (body: { body: string; contentType: string }) => Promise<number>): Promise<boolean>;
}

/**
 * Turns on DTMF in SIP INFO requests (the de facto `application/dtmf-relay` body, or
 * `application/dtmf`) for a user agent's sessions: `session.dtmf(tones, { transport: "info" })`
 * sends one INFO per key, `"auto"` sends INFO when the peer's SDP has no telephone-event, and
 * the keys of INFOs received show on `session.dtmf$` (beside `onInfo` / `infos$`, which still
 * get the INFO). Without it, sessions send and receive DTMF as RFC 4733 events in the media
 * only (what WebRTC does), an INFO is only an INFO (as in SIP.js), and `transport: "info"` is
 * an `InvalidOptionError` naming this. `SimpleUser` turns it on by itself (SIP.js's
 * SimpleUser sends DTMF in INFO).
 *
 * @example
 * ```ts
 * import { UserAgent, dtmfInfo } from "rxsip";
 *
 * const userAgent = new UserAgent({
 *   uri: UserAgent.makeURI("sip:alice@example.com"),
 *   transportOptions: { server: "wss://sip.example.com" },
 *   dtmfInfo: dtmfInfo(),
 * });
 * userAgent.invites$.subscribe((invitation) => {
 *   invitation.dtmf$.subscribe(({ tone, via }) => console.log(`key ${tone} by ${via}`));
 *   void invitation.accept();
 * });
 * ```
 */
export function dtmfInfo(): DtmfInfoSupport {
  return {
    read: parseDtmfInfo,
    inMedia: sdpHasTelephoneEvent,
    async send(tones, duration = DEFAULT_INFO_DTMF_DURATION, contentType = "application/dtmf-relay", info) {
      checkDtmf(contentType === "application/dtmf-relay" || contentType === "application/dtmf", "INFO content type", contentType);
      for (const tone of tones.replace(/,/g, "").toUpperCase()) {
        const code = await info({ body: dtmfInfoBody(tone, duration, contentType), contentType });
        if (code < 200 || code >= 300) return false;
      }
      return true;
    },
  };
}
