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
  return pino({
    ...options,
    ...(config.logPretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } }
      : {}),
  })
}
