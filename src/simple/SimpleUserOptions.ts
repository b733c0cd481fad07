import type { InvitationAcceptOptions } from "../api/Invitation.js";
import type { RegistererOptions } from "../api/Registerer.js";
import type { UserAgentOptions } from "../api/UserAgentOptions.js";
import type { SimpleUserDelegate } from "./SimpleUserDelegate.js";

/**
 * A media element SimpleUser plays a stream into (an `HTMLAudioElement` or `HTMLVideoElement`
 * in a browser). Structural so the module stays DOM-free and runs in Node.
 */
export interface SimpleMediaElement {
  srcObject: unknown;
  /** Starts playback after `srcObject` is set (browsers may need it after an autoplay block). */
  play?(): Promise<void> | void;
}

/** SIP.js `SimpleUserMedia`: what to capture and where to play it. */
export interface SimpleUserMedia {
  /** getUserMedia constraints for every call; default `{ audio: true, video: false }`. */
  constraints?: { audio?: boolean | object; video?: boolean | object };
  /** Where the local video is shown. */
  local?: { video?: SimpleMediaElement };
  /** Where the remote audio and video of the selected call play. */
  remote?: { audio?: SimpleMediaElement; video?: SimpleMediaElement };
}

/**
 * SIP.js `SimpleUserOptions`, plus `maxSimultaneousCalls`.
 *
 * @example
 * ```ts
 * import { SimpleUser } from "rxsip";
 * declare const remoteAudio: HTMLAudioElement;
 *
 * const user = new SimpleUser("wss://sip.example.com", {
 *   aor: "sip:alice@example.com",
 *   media: { constraints: { audio: true, video: false }, remote: { audio: remoteAudio } },
 *   userAgentOptions: { authorizationUsername: "alice", authorizationPassword: "secret" },
 *   registererOptions: { expires: 300 },
 *   reconnectionAttempts: 5,
 *   maxSimultaneousCalls: 2,
 * });
 * ```
 */
export interface SimpleUserOptions {
  /** Address of record to register and call from, e.g. "sip:alice@example.com". */
  aor?: string;
  /** Callbacks; each has a stream beside it on the SimpleUser (`callReceived$` ...). */
  delegate?: SimpleUserDelegate;
  media?: SimpleUserMedia;
  /** Times to try reconnecting after the connection is lost (SIP.js default 3). */
  reconnectionAttempts?: number;
  /** Seconds between reconnection attempts (SIP.js default 4). */
  reconnectionDelay?: number;
  /** Options of the Registerer that `register()` makes. */
  registererOptions?: RegistererOptions;
  /** Send DTMF in the media (RFC 4733) instead of INFO application/dtmf-relay (SIP.js default false). */
  sendDTMFUsingSessionDescriptionHandler?: boolean;
  /** Options of the UserAgent; `uri` defaults to `aor`, the transport's `server` to the constructor's `server`. */
  userAgentOptions?: UserAgentOptions;
  /**
   * rxsip: how many calls may exist at once (SIP.js's SimpleUser: one). An INVITE beyond the
   * limit is answered 486 Busy Here; `call()` beyond it rejects.
   */
  maxSimultaneousCalls?: number;
  /** Options `answer()` uses when given none. */
  answerOptions?: InvitationAcceptOptions;
}
