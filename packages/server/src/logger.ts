/** Structured JSON logs (pino); pretty output when run in a terminal. */
import { type Logger, pino } from 'pino'
import type { Config } from './config.js'

export type { Logger }

export function createLogger(config: Pick<Config, 'logLevel' | 'logPretty'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'trepart' },
    ...(config.logPretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } }
      : {}),
  })
}
