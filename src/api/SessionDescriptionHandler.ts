/**
 * The media seam of SIP.js, kept as is so SIP.js session description handlers work with
 * rxsip: a session asks its handler for a local description and gives it the remote one.
 */
export interface BodyAndContentType {
  body: string;
  contentType: string;
}

/** Options given to a handler (SIP.js names). */
export interface SessionDescriptionHandlerOptions {
  constraints?: MediaStreamConstraints;
  hold?: boolean;
  iceGatheringTimeout?: number;
  offerOptions?: RTCOfferOptions;
  answerOptions?: RTCAnswerOptions;
  [key: string]: unknown;
}

export type SessionDescriptionHandlerModifier = (description: RTCSessionDescriptionInit) => Promise<RTCSessionDescriptionInit>;

export interface SessionDescriptionHandler {
  close(): void;
  getDescription(options?: SessionDescriptionHandlerOptions, modifiers?: Array<SessionDescriptionHandlerModifier>): Promise<BodyAndContentType>;
  hasDescription(contentType: string): boolean;
  rollbackDescription?(): Promise<void>;
  sendDtmf(tones: string, options?: unknown): boolean;
  setDescription(sdp: string, options?: SessionDescriptionHandlerOptions, modifiers?: Array<SessionDescriptionHandlerModifier>): Promise<void>;
}

/** Makes the handler of a session (SIP.js signature). */
export type SessionDescriptionHandlerFactory = (session: unknown, options?: object) => SessionDescriptionHandler;
