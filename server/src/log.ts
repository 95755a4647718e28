/** Logging: pino JSON lines on stderr, so stdout stays free for what the CLI prints. */
import { pino, type Logger } from 'pino';

const REDIS_TO_PINO: Record<string, string> = {
  debug: 'debug',
  verbose: 'debug',
  notice: 'info',
  warning: 'warn',
  nothing: 'silent',
};

export function createLogger(level: string, name = 'cairn'): Logger {
  return pino({ name, level: REDIS_TO_PINO[level] ?? level }, pino.destination(2));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

export { REDIS_TO_PINO };
export type { Logger };
