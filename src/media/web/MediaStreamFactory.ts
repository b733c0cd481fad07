import type { WebSessionDescriptionHandlerOptions } from "./WebSessionDescriptionHandlerOptions.js";

/**
 * Where local media comes from (SIP.js `MediaStreamFactory`): given the constraints of a call,
 * a MediaStream with its tracks. Replace it to play a file, a canvas, or a fake device.
 *
 * @example
 * ```ts
 * import { UserAgent, Web } from "rxsip";
 *
 * // calls with the screen instead of the camera
 * const screen: Web.MediaStreamFactory = () => navigator.mediaDevices.getDisplayMedia({ video: true, audio: true });
 * new UserAgent({ sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory(screen) });
 * ```
 */
export type MediaStreamFactory = (constraints: MediaStreamConstraints, sessionDescriptionHandler: unknown, options?: WebSessionDescriptionHandlerOptions) => Promise<MediaStream>;

/**
 * getUserMedia for the constraints; no device is opened when neither audio nor video is asked
 * for (an empty stream: receive only).
 *
 * @example
 * ```ts
 * import { UserAgent, Web } from "rxsip";
 *
 * // log every getUserMedia request, then do what rxsip does by default
 * const getUserMedia = Web.defaultMediaStreamFactory();
 * new UserAgent({
 *   sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory((constraints, sdh, options) => {
 *     console.log("capturing", constraints);
 *     return getUserMedia(constraints, sdh, options);
 *   }),
 * });
 * ```
 */
export function defaultMediaStreamFactory(): MediaStreamFactory {
  return (constraints) => {
    if (!constraints.audio && !constraints.video) return Promise.resolve(new MediaStream());
    const devices = globalThis.navigator?.mediaDevices;
    if (devices === undefined) return Promise.reject(new Error("navigator.mediaDevices is not available (a secure context, https or localhost, is needed)"));
    return devices.getUserMedia(constraints);
  };
}
