/** Fixed session descriptions for the call flows (no media is involved). */
export const SDP = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
export const OFFER = "v=0\r\no=- 2 1 IN IP4 192.0.2.2\r\ns=offer\r\nc=IN IP4 192.0.2.2\r\nt=0 0\r\nm=audio 4002 RTP/AVP 0\r\n";
export const ANSWER = "v=0\r\no=- 3 1 IN IP4 192.0.2.3\r\ns=answer\r\nc=IN IP4 192.0.2.3\r\nt=0 0\r\nm=audio 4004 RTP/AVP 0\r\n";
