import { asyncScheduler, type SchedulerLike } from "rxjs";
import { fakeAnswer, fakeOffer } from "./fakeSdp.js";
import type { MediaDirection } from "./MediaDirection.js";
import { parseSdp, type ParsedSdp } from "./parseSdp.js";
import { SessionDescriptionError } from "./SessionDescriptionError.js";
import type {
  BodyAndContentType,
  SessionDescriptionHandler,
  SessionDescriptionHandlerModifier,
  SessionDescriptionHandlerOptions,
  SessionDescriptionInit,
} from "./SessionDescriptionHandler.js";

/**
 * How a {@link FakeSessionDescriptionHandler} describes itself and how long it takes.
 *
 * @example
 * ```ts
 * import { FakeSessionDescriptionHandler } from "rxsip/testing";
 *
 * const sdh = new FakeSessionDescriptionHandler({ address: "192.0.2.10", port: 40000 });
 * const { body } = await sdh.getDescription(); // c=IN IP4 192.0.2.10, m=audio 40000 ...
 * ```
 */
export interface FakeSessionDescriptionHandlerOptions {
  /** `o=` session id (digits); default "1". */
  sessionId?: string | number;
  /** Port of the audio `m=` line; default 49170. */
  port?: number;
  /** Address in `o=` and `c=`; default "127.0.0.1". */
  address?: string;
  /** Milliseconds, on `scheduler`, that `getDescription` takes before it resolves; default 0 (no scheduling). */
  delay?: number;
  /** Where `delay` runs; default `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** The session this handler serves (recorded, not used). */
  session?: unknown;
  /** The options the factory was called with (recorded, not used). */
  factoryOptions?: object;
}

/** Offer/answer state, as `RTCPeerConnection.signalingState`. */
export type FakeSignalingState = "stable" | "have-local-offer" | "have-remote-offer";

/** A description the handler produced or was given. */
export interface RecordedDescription {
  readonly type: "offer" | "answer";
  readonly sdp: string;
  /** Direction of its audio stream (of its first stream if none is audio). */
  readonly direction: MediaDirection;
}

/** One `sendDtmf` call that was accepted. */
export interface DtmfRecord {
  readonly tones: string;
  /** Tone duration in ms (default 100, as `RTCDTMFSender.insertDTMF`). */
  readonly duration: number;
  /** Gap between tones in ms (default 70). */
  readonly interToneGap: number;
}

const SDP = "application/sdp";
const DTMF_TONES = /^[0-9A-D#*,]+$/i;

/**
 * A SessionDescriptionHandler without media, for tests of call flows: it answers and makes
 * offers of one audio stream (PCMU, PCMA, telephone-event) in valid SDP (RFC 4566), follows
 * offer/answer (RFC 3264) including hold, and records everything it did.
 *
 * - `getDescription` makes an offer, or the answer when a remote offer was set; each one
 *   increments the `o=` version (RFC 3264 §8). Modifiers are applied to it in order.
 * - `sessionDescriptionHandlerOptions.hold` (sticky until changed) makes offers `sendonly`
 *   (RFC 3264 §8.4) and answers never receive; `hold: false` takes the call off hold. A
 *   modifier that rewrites the direction works too: the recorded direction is read back
 *   from the final SDP.
 * - `setDescription` takes the answer to a pending local offer, or else a remote offer;
 *   it rejects with SessionDescriptionError INVALID_SDP what is not SDP.
 * - After `close()` every call rejects with SDH_CLOSED and `sendDtmf` returns false.
 *
 * @example
 * ```ts
 * import { FakeSessionDescriptionHandler } from "rxsip/testing";
 * declare const offerFromPeer: string; // SDP with a=sendonly
 *
 * const sdh = new FakeSessionDescriptionHandler();
 * await sdh.setDescription(offerFromPeer); // a sendonly offer: the peer holds us
 * const { body } = await sdh.getDescription(); // ... answered a=recvonly
 * sdh.localDescriptions[0]!.direction; // "recvonly"
 * ```
 */
export class FakeSessionDescriptionHandler implements SessionDescriptionHandler {
  /** Every description produced by `getDescription`, in order. */
  readonly localDescriptions: RecordedDescription[] = [];
  /** Every description accepted by `setDescription`, in order. */
  readonly remoteDescriptions: RecordedDescription[] = [];
  /** Every accepted `sendDtmf` call, in order. */
  readonly dtmfSent: DtmfRecord[] = [];
  readonly session: unknown;
  readonly factoryOptions: object | undefined;

  private state: FakeSignalingState = "stable";
  private remoteOffer: ParsedSdp | undefined;
  private version = 0;
  private hold = false;
  private open = true;
  private readonly sessionId: string;
  private readonly port: number;
  private readonly address: string;
  private readonly delay: number;
  private readonly scheduler: SchedulerLike;

  constructor(options: FakeSessionDescriptionHandlerOptions = {}) {
    this.sessionId = String(options.sessionId ?? 1);
    this.port = options.port ?? 49170;
    this.address = options.address ?? "127.0.0.1";
    this.delay = options.delay ?? 0;
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.session = options.session;
    this.factoryOptions = options.factoryOptions;
  }

  get closed(): boolean {
    return !this.open;
  }

  get signalingState(): FakeSignalingState {
    return this.state;
  }

  /** Whether the local side holds the call (the last `hold` option given). */
  get held(): boolean {
    return this.hold;
  }

  /** Direction of the last local description, if any. */
  get localDirection(): MediaDirection | undefined {
    return this.localDescriptions[this.localDescriptions.length - 1]?.direction;
  }

  /** Direction of the last remote description, if any. */
  get remoteDirection(): MediaDirection | undefined {
    return this.remoteDescriptions[this.remoteDescriptions.length - 1]?.direction;
  }

  async getDescription(options?: SessionDescriptionHandlerOptions, modifiers?: Array<SessionDescriptionHandlerModifier>): Promise<BodyAndContentType> {
    this.assertOpen();
    if (options?.hold !== undefined) this.hold = options.hold;
    this.version++;
    const origin = { sessionId: this.sessionId, version: this.version, address: this.address, port: this.port };
    let type: "offer" | "answer";
    let sdp: string;
    if (this.state === "have-remote-offer" && this.remoteOffer !== undefined) {
      type = "answer";
      sdp = fakeAnswer(origin, this.remoteOffer, this.hold).sdp;
      this.state = "stable";
      this.remoteOffer = undefined;
    } else {
      type = "offer";
      sdp = fakeOffer(origin, this.hold).sdp;
      this.state = "have-local-offer";
    }
    const ready = this.wait();
    const final = await applyModifiers({ type, sdp }, modifiers);
    await ready;
    this.assertOpen();
    const body = final.sdp ?? "";
    this.localDescriptions.push({ type, sdp: body, direction: directionOf(parseSdp(body)) });
    return { body, contentType: SDP };
  }

  async setDescription(sdp: string, options?: SessionDescriptionHandlerOptions, modifiers?: Array<SessionDescriptionHandlerModifier>): Promise<void> {
    this.assertOpen();
    const type = this.state === "have-local-offer" ? "answer" : "offer";
    const final = await applyModifiers({ type, sdp }, modifiers);
    this.assertOpen();
    const body = final.sdp ?? "";
    const parsed = parseSdp(body);
    if (options?.hold !== undefined) this.hold = options.hold;
    this.remoteDescriptions.push({ type, sdp: body, direction: directionOf(parsed) });
    if (type === "answer") {
      this.state = "stable";
    } else {
      this.state = "have-remote-offer";
      this.remoteOffer = parsed;
    }
  }

  hasDescription(contentType: string): boolean {
    return contentType.split(";")[0]!.trim().toLowerCase() === SDP;
  }

  /** Records the tones (0-9, A-D, #, *, and "," for a pause) and returns true; false when closed or invalid. */
  sendDtmf(tones: string, options?: unknown): boolean {
    if (!this.open || !DTMF_TONES.test(tones)) return false;
    const o = (options ?? {}) as { duration?: unknown; interToneGap?: unknown };
    this.dtmfSent.push({
      tones,
      duration: typeof o.duration === "number" ? o.duration : 100,
      interToneGap: typeof o.interToneGap === "number" ? o.interToneGap : 70,
    });
    return true;
  }

  /** Forgets a pending local or remote offer and returns to `stable` (the `o=` version is not reused). */
  async rollbackDescription(): Promise<void> {
    this.assertOpen();
    this.state = "stable";
    this.remoteOffer = undefined;
  }

  close(): void {
    this.open = false;
  }

  /** Resolves `delay` ms from now on the scheduler (at once without a delay). */
  private wait(): Promise<void> {
    if (this.delay <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.scheduler.schedule(() => resolve(), this.delay);
    });
  }

  private assertOpen(): void {
    if (!this.open) throw new SessionDescriptionError("SDH_CLOSED", "the session description handler is closed");
  }
}

async function applyModifiers(description: SessionDescriptionInit, modifiers: Array<SessionDescriptionHandlerModifier> | undefined): Promise<SessionDescriptionInit> {
  let d = description;
  for (const modify of modifiers ?? []) d = await modify(d);
  return d;
}

function directionOf(sdp: ParsedSdp): MediaDirection {
  return (sdp.media.find((m) => m.media === "audio" && m.port !== 0) ?? sdp.media[0]!).direction;
}
