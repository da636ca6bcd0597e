/**
 * @trepart/server: start an instance in-process (tests, benchmarks) with {@link startServer}.
 */
export type { AuthorizeUpgrade, UpgradeRefusal, UpgradeRequest } from './auth/authorize-upgrade.js'
export { RoomRegistry } from './collab/room-registry.js'
export type { Admission, CollabSocket, Principal } from './collab/socket.js'
export { type Config, ConfigError, loadConfig } from './config.js'
export type { Api } from './http/app.js'
export { createLogger } from './logger.js'
export { type StartOptions, startServer, type TrepartServer } from './server.js'
export { type DatabaseOptions, openDatabase, SQLITE_FILE_NAME } from './store/database.js'
export { type DocumentStore, KyselyDocumentStore, mergeToSnapshot } from './store/document-store.js'
export { GroupCommitter } from './store/group-committer.js'
export { SqliteCheckpointer } from './store/sqlite-checkpointer.js'
