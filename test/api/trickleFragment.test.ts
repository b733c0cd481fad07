/** The `application/trickle-ice-sdpfrag` body of RFC 8840 §9: written, read back, and refused when it is not one. */
import { describe, expect, it } from "vitest";
import { FragmentError, parseTrickleFragment, sdpSections, writeTrickleFragment } from "../../src/api/trickleFragment.js";

const host = "candidate:1 1 UDP 1658497328 192.0.2.3 5000 typ host";
const srflx = "candidate:2 1 udp 1686052607 203.0.113.7 61665 typ srflx raddr 192.0.2.3 rport 5000 generation 0 ufrag 8hhY network-id 1";

describe("trickle-ice-sdpfrag", () => {
  it("writes credentials, session-level end, then each section's m= line, mid and candidates, and reads the same back", () => {
    const f = { ufrag: "8hhY", pwd: "asd88fgpdd777uzjYhagZg", endOfCandidates: true, sections: [{ media: "audio 9 UDP/TLS/RTP/SAVPF 111", mid: "0", candidates: [host, srflx], endOfCandidates: false }] };
    const text = writeTrickleFragment(f);
    expect(text).toBe(`a=ice-ufrag:8hhY\r\na=ice-pwd:asd88fgpdd777uzjYhagZg\r\na=end-of-candidates\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=${host}\r\na=${srflx}\r\n`);
    expect(parseTrickleFragment(text)).toEqual(f);
  });

  it("reads LF line ends, media-level credentials and end-of-candidates, and ignores other attributes", () => {
    const f = parseTrickleFragment(`a=ice-options:trickle\nm=audio 5000 RTP/AVP 0\na=mid:1\na=ice-ufrag:abcd\na=${host}\na=rtcp-mux\na=end-of-candidates\nm=video 5002 RTP/AVP 31\na=mid:2\na=ice-ufrag:abcd\n`);
    expect(f.ufrag).toBeUndefined();
    expect(f.sections.map((s) => [s.mid, s.ufrag, s.candidates.length, s.endOfCandidates])).toEqual([
      ["1", "abcd", 1, true],
      ["2", "abcd", 0, false],
    ]);
  });

  it.each([
    ["a line that is not SDP", "hello\r\n"],
    ["no ufrag at all", `m=audio 9 RTP/AVP 0\r\na=mid:0\r\na=${host}\r\n`],
    ["a section without a=mid", `a=ice-ufrag:abcd\r\nm=audio 9 RTP/AVP 0\r\na=${host}\r\n`],
    ["a candidate outside a section", `a=ice-ufrag:abcd\r\na=${host}\r\n`],
    ["a broken candidate", "a=ice-ufrag:abcd\r\nm=audio 9 RTP/AVP 0\r\na=mid:0\r\na=candidate:1 1 UDP x 192.0.2.3 5000 typ host\r\n"],
    ["a broken m= line", "a=ice-ufrag:abcd\r\nm=audio nine RTP/AVP 0\r\na=mid:0\r\n"],
    ["an empty body", ""],
  ])("refuses %s", (_what, body) => {
    expect(() => parseTrickleFragment(body)).toThrow(FragmentError);
  });

  it("refuses more than 500 candidates", () => {
    const many = Array.from({ length: 501 }, (_, i) => `a=candidate:${i} 1 udp 1 192.0.2.3 ${1000 + i} typ host`).join("\r\n");
    expect(() => parseTrickleFragment(`a=ice-ufrag:abcd\r\nm=audio 9 RTP/AVP 0\r\na=mid:0\r\n${many}\r\n`)).toThrow(/too many/);
  });

  it("sdpSections gives each m= line its mid and ICE credentials (session level when the section has none)", () => {
    const sdp = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\na=ice-ufrag:sess\r\na=ice-pwd:sesspwd\r\nm=audio 9 RTP/AVP 0\r\na=mid:a\r\nm=video 9 RTP/AVP 96\r\na=mid:v\r\na=ice-ufrag:vid\r\na=ice-pwd:vidpwd\r\n";
    expect(sdpSections(sdp)).toEqual([
      { media: "audio 9 RTP/AVP 0", mid: "a", ufrag: "sess", pwd: "sesspwd", index: 0 },
      { media: "video 9 RTP/AVP 96", mid: "v", ufrag: "vid", pwd: "vidpwd", index: 1 },
    ]);
  });
});
