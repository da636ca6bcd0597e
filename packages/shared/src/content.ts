/**
 * Where a document's content lives in its Y.Doc: one XmlFragment for the Tiptap document. The web
 * editor binds to it; the server reads it (search, and later rendering). Kept free of zod and Yjs
 * so the editor can import it without pulling either in.
 */

/** The name of the Y.Doc's XmlFragment that holds the Tiptap document. */
export const CONTENT_FRAGMENT = 'default'
