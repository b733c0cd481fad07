/**
 * The peer connection configuration a handler starts from: BUNDLE where the peer accepts it
 * (RFC 9143; "balanced" still works with SIP endpoints that do not), RTCP multiplexing
 * (RFC 5761, required by WebRTC), and no ICE servers: rxsip contacts no third-party STUN
 * server by default. Behind NAT, give your STUN/TURN servers in `peerConnectionConfiguration`.
 *
 * @example
 * ```ts
 * import { UserAgent, Web } from "rxsip";
 *
 * new UserAgent({
 *   sessionDescriptionHandlerFactoryOptions: {
 *     peerConnectionConfiguration: {
 *       ...Web.defaultPeerConnectionConfiguration(),
 *       iceServers: [{ urls: "stun:stun.example.com:3478" }],
 *     },
 *   },
 * });
 * ```
 */
export function defaultPeerConnectionConfiguration(): RTCConfiguration {
  return { bundlePolicy: "balanced", rtcpMuxPolicy: "require", iceTransportPolicy: "all", iceServers: [] };
}
