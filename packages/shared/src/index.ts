/**
 * @trepart/shared: what server and web app must agree on — wire protocol, close codes, ids.
 */
export * from './close-codes.js'
export * from './document-id.js'
export * from './protocol.js'
