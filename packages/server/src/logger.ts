/** Structured JSON logs (pino); pretty output when run in a terminal; secrets masked in every line. */
import { type DestinationStream, type Logger, pino } from 'pino'
import type { Config } from './config.js'
import { maskSecrets } from './log-redaction.js'

export type { Logger }

/**
 * The server's logger. `destination` is for tests that read what was logged; the masking hook
 * runs on the finished line, whatever was logged and however it was serialised.
 */
export function createLogger(
  config: Pick<Config, 'logLevel' | 'logPretty'>,
  destination?: DestinationStream,
): Logger {
  const options = {
    level: config.logLevel,
    base: { service: 'trepart' },
    hooks: { streamWrite: maskSecrets },
  }
  if (destination) return pino(options, destination)
  if (config.logPretty)
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } },
    })
  // Written off the event loop (a request's line was a blocking write to stdout in its handler,
  // 0.2 ms of every request). Lines written while one write is under way go out together with the
  // next; pino flushes what is left synchronously on exit, a signal or an uncaught exception, so
  // only a killed process (SIGKILL) can lose the few lines in flight.
  return pino(options, pino.destination({ dest: 1, sync: false }))
}
