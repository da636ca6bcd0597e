/**
 * @trepart/shared: what server and web app must agree on — wire protocol, close codes, ids,
 * parties and roles, API schemas and error ids.
 */
export * from './api.js'
export * from './close-codes.js'
export * from './content.js'
export * from './document-id.js'
export * from './errors.js'
export * from './follow-ups.js'
export * from './limits.js'
export * from './meetings.js'
export * from './parties.js'
export * from './protocol.js'
