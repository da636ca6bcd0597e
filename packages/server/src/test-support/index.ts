/** Test support shared by the server's own tests and the cross-package suites in `tests/`. */

export { type Backend, backends } from './backends.js'
export { type HeldDiscussion, holdDiscussionLock } from './discussion-lock.js'
export { type ReadPdf, readPdf } from './pdf.js'
export { createPgSchema, postgresAvailable, TEST_DATABASE_URL } from './services.js'
export { startTestServer, type TestServer } from './test-server.js'
export { waitFor } from './wait-for.js'
export { type Actor, createWorld, type World } from './world.js'
