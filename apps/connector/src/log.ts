// The connector's logger: pino in the format of @infra/access/log, the same field names the server writes.
// Never pass tokens, access keys or private keys to it; the redact paths there are the net below that rule.
import { createLogger, type Logger, type LogLevel } from '@infra/access/log';
import type { DestinationStream } from 'pino';

export type { Logger } from '@infra/access/log';

export function connectorLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  return createLogger('connector', level, destination);
}

export const silentLogger: Logger = connectorLogger('silent');
