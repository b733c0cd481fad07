import { describe, expect, it } from "vitest";
import { explicitDirections } from "../../src/media/explicitDirections.js";

const sdp = (session: string[], ...sections: string[][]) => [...["v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "t=0 0"], ...session, ...sections.flat(), ""].join("\r\n");
const audio = (...extra: string[]) => ["m=audio 4000 UDP/TLS/RTP/SAVPF 0", "a=mid:0", ...extra];
const data = ["m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "a=mid:1", "a=sctp-port:5000"];

/** What each media section of the peer's SDP is read as (RFC 3264 §5.1, RFC 4566 §6). */
describe("explicitDirections: the direction of each media section made explicit", () => {
  it("a section without one is sendrecv, or takes the session-level one; its own wins; a data channel section gets none", () => {
    expect(explicitDirections(sdp([], audio()))).toBe(sdp([], audio("a=sendrecv")));
    expect(explicitDirections(sdp(["a=sendonly"], audio(), data))).toBe(sdp(["a=sendonly"], audio("a=sendonly"), data));
    expect(explicitDirections(sdp(["a=inactive"], audio("a=sendrecv")))).toBe(sdp(["a=inactive"], audio("a=sendrecv")));
  });
});
