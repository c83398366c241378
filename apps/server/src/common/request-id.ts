// Every request gets an id: the caller's X-Request-Id when it is sane, a fresh UUID otherwise.
// It is echoed in the response, attached to logs and audit rows, and forwarded by connectors.
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from './logger.js';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  const requestId = given && SANE_ID.test(given) ? given : randomUUID();
  (req as Request & { requestId: string }).requestId = requestId;
  res.setHeader('X-Request-Id', requestId);
  requestContext.run({ requestId }, next);
}

export function requestIdOf(req: Request): string {
  return (req as Request & { requestId?: string }).requestId ?? 'none';
}
