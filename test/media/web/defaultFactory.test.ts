/**
 * Which media a user agent uses by default: the WebRTC handler where RTCPeerConnection exists
 * (a browser), none where it does not (Node); webrtc-adapter is never loaded by the package itself.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { UserAgent, Web } from "../../../src/index.js";
import { InMemoryTransport, InMemoryNetwork } from "../../../src/testing/index.js";
import { FakeMediaStream, FakeRTCPeerConnection } from "./fakes.js";

const adapterLoads = vi.hoisted(() => ({ count: 0 }));
vi.mock("webrtc-adapter", () => {
  adapterLoads.count++;
  return { default: { browserDetails: { browser: "fake" } } };
});

afterEach(() => vi.unstubAllGlobals());

function ua(): UserAgent {
  const network = new InMemoryNetwork();
  return new UserAgent({ transportConstructor: InMemoryTransport as never, transportOptions: { network, address: "a.test:5060" }, logBuiltinEnabled: false });
}

describe("the default session description handler factory", () => {
  it("is the WebRTC one where RTCPeerConnection exists, making a WebSessionDescriptionHandler with the user agent's scheduler", () => {
    vi.stubGlobal("RTCPeerConnection", FakeRTCPeerConnection);
    vi.stubGlobal("MediaStream", FakeMediaStream);
    const agent = ua();
    const factory = agent.configuration.sessionDescriptionHandlerFactory;
    expect(factory).toBeTypeOf("function");
    const sdh = factory!({ userAgent: agent, id: "x" }, { iceGatheringTimeout: 1234 });
    expect(sdh).toBeInstanceOf(Web.SessionDescriptionHandler);
    const web = sdh as InstanceType<typeof Web.SessionDescriptionHandler>;
    expect(web.sessionDescriptionHandlerConfiguration.iceGatheringTimeout).toBe(1234);
    expect(web.sessionDescriptionHandlerConfiguration.scheduler).toBe(agent.scheduler);
    expect(web.peerConnection).toBeInstanceOf(FakeRTCPeerConnection);
  });

  it("is none in plain Node (no RTCPeerConnection), and a factory given is kept", () => {
    expect(ua().configuration.sessionDescriptionHandlerFactory).toBeUndefined();
    vi.stubGlobal("RTCPeerConnection", FakeRTCPeerConnection);
    const mine = () => ({}) as never;
    const network = new InMemoryNetwork();
    const agent = new UserAgent({ transportConstructor: InMemoryTransport as never, transportOptions: { network, address: "b.test:5060" }, sessionDescriptionHandlerFactory: mine });
    expect(agent.configuration.sessionDescriptionHandlerFactory).toBe(mine);
  });

  it("never loads webrtc-adapter itself (the app or the prebuilt browser bundle does), even with RTCPeerConnection and a window-like global", async () => {
    vi.stubGlobal("RTCPeerConnection", FakeRTCPeerConnection);
    vi.stubGlobal("MediaStream", FakeMediaStream);
    vi.stubGlobal("window", {});
    vi.stubGlobal("navigator", {});
    ua().configuration.sessionDescriptionHandlerFactory!({ id: "y" }, {});
    const sdh = new Web.SessionDescriptionHandler({ debug() {}, log() {}, warn() {}, error() {} }, () => Promise.resolve(new FakeMediaStream() as never));
    await sdh.getDescription({ constraints: { audio: false, video: false } }).catch(() => undefined);
    expect(adapterLoads.count).toBe(0);
  });
});
