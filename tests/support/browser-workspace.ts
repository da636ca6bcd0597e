/**
 * A browser suite around the workspace and account pages: wider pages than the editor's, and the
 * console errors these pages cause on purpose. Needs the server and the web app built.
 */
import { apiAnswer, type BrowserSuite, useBrowserSuite } from './browser-suite.js'

/**
 * Console errors the app causes on purpose: Chromium logs every 4xx answer of the API it handles
 * (400 a wrong current password, 401 not signed in, 404 no access, 409 the last admin), and an event stream refused after the
 * member was removed (its answer is JSON, not `text/event-stream`).
 */
const handledApiAnswer = apiAnswer(400, 401, 404, 409)
function expectedConsoleError(text: string, url: string): boolean {
  return (
    handledApiAnswer(text, url) ||
    /^EventSource's response has a MIME type \("application\/json"\) that is not "text\/event-stream"/.test(
      text,
    )
  )
}

/** Registers the hooks of a workspace browser suite named `name` (used for screenshots). */
export function useWorkspaceSuite(name: string): BrowserSuite {
  return useBrowserSuite({ name, viewport: { width: 1200, height: 900 }, expectedConsoleError })
}
