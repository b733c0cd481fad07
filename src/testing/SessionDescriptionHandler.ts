/** The media contract the fakes implement (defined by the media layer). */
export type * from "../media/SessionDescriptionHandler.js";
