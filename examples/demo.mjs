// The main job until the call demo lands: parse a real-world INVITE with rxsip/core,
// read its typed headers, answer it, and show both on the wire.
// Run: npm run demo (after `bash scripts/setup.sh`, which builds dist/).
import { parseMessage, SipResponse } from "rxsip/core";

const invite = [
  "INVITE sip:bob@biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK776asdhds;rport",
  "Max-Forwards: 70",
  "To: Bob <sip:bob@biloxi.example.com>",
  'From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774',
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
  "CSeq: 314159 INVITE",
  "Contact: <sip:alice@df7jal23ls0d.invalid;transport=ws;ob>",
  "Supported: timer, 100rel, outbound",
  "Session-Expires: 1800;refresher=uac",
  "Content-Type: application/sdp",
  "",
  "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n",
].join("\r\n");
// Content-Length is optional on a datagram; here it is computed for us by the serializer.
const request = parseMessage(invite);
console.log("received", request.method, String(request.ruri));
console.log("  from     ", request.from.displayName, String(request.from.uri), "tag", request.from.tag);
console.log("  via      ", request.via.transport, request.via.host, "branch", request.via.branch);
console.log("  cseq     ", request.cseq.seq, request.cseq.method);
console.log("  supported", request.tokens("Supported").join(" "));
console.log("  session  ", request.parseHeader("Session-Expires"));
console.log("  body     ", request.bodyLength, "octets of", request.parseHeader("Content-Type").type + "/" + request.parseHeader("Content-Type").subtype);

const ringing = new SipResponse(180, "Ringing");
for (const v of request.getHeaders("Via")) ringing.addHeader("Via", v);
ringing
  .addHeader("From", request.getHeader("From"))
  .addHeader("To", `${request.getHeader("To")};tag=8321234356`)
  .addHeader("Call-ID", request.callId)
  .addHeader("CSeq", `${request.cseq.seq} ${request.cseq.method}`);
console.log("\nsent:\n" + ringing.toString());
try {
  ringing.addHeader("X-Note", "evil\r\nVia: SIP/2.0/UDP forged");
} catch (e) {
  console.log(`refused a header with CR/LF: ${e.name} (${e.code})`);
}
