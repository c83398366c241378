// The server's logs: pino in the format of @infra/access/log (the connector's too), one JSON line per event.
// Every HTTP request gets one line from pino-http, carrying its request id (request-id.ts); code that logs inside
// a request uses that request's logger (`req.log`), so its lines carry the id too.
//
// One root logger per running server, injected as LOGGER: tests run several servers in one process, each with its
// own level and destination. nestjs-pino keeps a single root per process, so it carries only Nest's own messages
// (NestLogger) and binds `req.log` for PinoLogger; the server's code logs through LOGGER or `req.log`.
import type { IncomingMessage } from 'node:http';
import { Logger as NestPinoLogger, PinoLogger, type Params } from 'nestjs-pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { DestinationStream } from 'pino';
import { createLogger, type Logger, type LogLevel } from '@infra/access/log';
import { assignRequestId } from './request-id.js';

export type { Logger } from '@infra/access/log';

/** DI token of the running server's root pino logger. */
export const LOGGER = Symbol('LOGGER');

export function serverLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return createLogger('server', level, destination);
}

/** pino-http over the server's root logger: a request id for every request, one line when it ends. */
export function httpLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: assignRequestId,
    customAttributeKeys: { reqId: 'requestId' },
    quietReqLogger: true, // lines logged during the request carry the id, not the whole request again
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      // The path without the query (an OIDC callback carries its code there); headers stay, redacted (REDACT_PATHS).
      req: (req: { method: string; url: string; headers: Record<string, unknown>; remoteAddress?: string }) => ({
        method: req.method,
        path: req.url.split('?', 1)[0],
        headers: req.headers,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}

/** nestjs-pino's parameters: the middleware above already set `req.log`, which nestjs-pino binds for PinoLogger. */
export function loggerParams(logger: Logger): Params {
  return { pinoHttp: { logger }, useExisting: true, renameContext: 'context' };
}

/** Nest's own messages through nestjs-pino; its start-up chatter (routes mapped, modules loaded) at debug. */
export class NestLogger extends NestPinoLogger {
  constructor(params: Params) {
    super(new PinoLogger(params), params);
  }

  override log(message: unknown, ...rest: unknown[]): void {
    this.debug(message, ...rest);
  }
}

/** The logger of the request being served, or the root one outside requests. */
export function requestLogger(req: IncomingMessage | undefined, root: Logger): Logger {
  return (req as (IncomingMessage & { log?: Logger }) | undefined)?.log ?? root;
}
