// Every request gets an id: the caller's X-Request-Id when it is sane, a fresh UUID otherwise. pino-http assigns it
// (logger.ts) as `req.id`; it is echoed in the response, on the request's log lines, in audit rows, and forwarded by
// connectors.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && SANE_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  return requestId;
}

export function requestIdOf(req: Request): string {
  const id = (req as Request & { id?: unknown }).id;
  return typeof id === 'string' ? id : 'none';
}
