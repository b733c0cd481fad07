/**
 * The description given out with trickle ICE (RFC 8840): `a=ice-options:trickle` once, and
 * with every candidate already in it, `a=end-of-candidates` closing each media section.
 */
import { describe, expect, it } from "vitest";
import { trickleDescription } from "../../../src/media/web/trickleSdp.js";

const sdp = ["v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=mid:0", "a=candidate:1 1 udp 1 10.0.0.2 5000 typ host", "m=video 9 UDP/TLS/RTP/SAVPF 96", "a=mid:1", ""].join("\r\n");

describe("trickleDescription", () => {
  it("says a=ice-options:trickle after t= and, when gathering is complete, a=end-of-candidates at the end of each media section", () => {
    expect(trickleDescription(sdp, true).split("\r\n")).toEqual([
      "v=0",
      "o=- 1 1 IN IP4 127.0.0.1",
      "s=-",
      "t=0 0",
      "a=ice-options:trickle",
      "m=audio 9 UDP/TLS/RTP/SAVPF 111",
      "a=mid:0",
      "a=candidate:1 1 udp 1 10.0.0.2 5000 typ host",
      "a=end-of-candidates",
      "m=video 9 UDP/TLS/RTP/SAVPF 96",
      "a=mid:1",
      "a=end-of-candidates",
      "",
    ]);
  });

  it("adds nothing more where the lines are there already, nor an end while gathering goes on; keeps bare LF line ends", () => {
    const given = sdp.replace("t=0 0\r\n", "t=0 0\r\na=ice-options:trickle renomination\r\n");
    expect(trickleDescription(given, false)).toBe(given);
    const ended = trickleDescription(given, true);
    expect(trickleDescription(ended, true)).toBe(ended);
    expect(trickleDescription(sdp.replaceAll("\r\n", "\n"), true)).toBe(trickleDescription(sdp, true).replaceAll("\r\n", "\n"));
  });
});
