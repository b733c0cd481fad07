/** SDP modifiers of the Web namespace (as SIP.js's): hold by rewriting SDP (RFC 3264 §8.4), audio only. */
import { describe, expect, it } from "vitest";
import { Web } from "../../../src/index.js";

const SDP = ["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:0", "a=sendrecv", "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:1", "a=recvonly", ""].join("\r\n");

describe("SDP modifiers", () => {
  it("holdModifier: sendrecv becomes sendonly and recvonly becomes inactive; the rest is untouched", async () => {
    const held = await Web.holdModifier({ type: "offer", sdp: SDP });
    expect(held.type).toBe("offer");
    expect(held.sdp).toBe(SDP.replace("a=sendrecv", "a=sendonly").replace("a=recvonly", "a=inactive"));
  });

  it("stripVideo: the video section is gone, the audio section kept whole", async () => {
    const audio = await Web.stripVideo({ type: "answer", sdp: SDP });
    expect(audio.sdp).not.toMatch(/m=video|a=mid:1/);
    expect(audio.sdp).toContain("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendrecv");
  });

  it("leave a description without SDP as it is", async () => {
    expect(await Web.holdModifier({ type: "rollback" })).toEqual({ type: "rollback" });
    expect(await Web.stripVideo({ type: "rollback" })).toEqual({ type: "rollback" });
  });
});
