/** The media contract sessions use (defined by the media layer, SIP.js-compatible). */
export type * from "../media/SessionDescriptionHandler.js";
