import { vi } from "vitest";
import { VirtualClock } from "../../../src/testing/index.js";
import { WebSessionDescriptionHandler } from "../../../src/media/web/index.js";
import type { WebSessionDescriptionHandlerConfiguration, WebSessionDescriptionHandlerOptions } from "../../../src/media/web/index.js";
import { FakeMediaStream, FakeRTCPeerConnection, fakeMedia, made } from "./fakes.js";

export const SILENT = { debug() {}, log() {}, warn() {}, error() {} };

/** Puts the fakes where a browser has RTCPeerConnection and MediaStream. */
export function installFakes(): void {
  vi.stubGlobal("RTCPeerConnection", FakeRTCPeerConnection);
  vi.stubGlobal("MediaStream", FakeMediaStream);
  FakeRTCPeerConnection.autoGather = true;
}

/** Lets every pending promise continuation run (one macrotask turn). */
export const flush = () => new Promise<void>((r) => setImmediate(r));

/** A handler on a fake peer connection, in virtual time. */
export function handler(config: WebSessionDescriptionHandlerConfiguration = {}, clock = new VirtualClock()) {
  const media = fakeMedia();
  const sdh = new WebSessionDescriptionHandler(SILENT, media.factory, { scheduler: clock.scheduler, ...config });
  const pc = made.at(-1)!;
  return { clock, media, sdh, pc };
}

/** Two handlers with an established call (a offered, b answered). */
export async function connectedPair(options: { video?: boolean } = {}) {
  const clock = new VirtualClock();
  const a = handler({}, clock);
  const b = handler({}, clock);
  const constraints = { audio: true, video: options.video ?? false };
  const offer = await a.sdh.getDescription({ constraints });
  await b.sdh.setDescription(offer.body);
  const answer = await b.sdh.getDescription({ constraints });
  await a.sdh.setDescription(answer.body);
  await flush();
  return { clock, a, b };
}

/** a offers (with options), b answers, a applies the answer. */
export async function renegotiate(a: WebSessionDescriptionHandler, b: WebSessionDescriptionHandler, options: WebSessionDescriptionHandlerOptions = {}) {
  const offer = await a.getDescription(options);
  await b.setDescription(offer.body);
  const answer = await b.getDescription();
  await a.setDescription(answer.body);
  return { offer: offer.body, answer: answer.body };
}
