// The one place errors become HTTP answers: { code, message, fieldErrors? }. Domain errors map by kind;
// Nest and body-parser errors keep their 4xx; anything else is a logged 500 with no details leaked.
import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendScimError, SCIM_PATH } from '../modules/scim/scim-errors.js';
import { AppError, HTTP_STATUS, TooManyRequestsError, type FieldError } from './errors.js';
import { requestLogger, type Logger } from './logger.js';

interface ErrorBody {
  code: number;
  message: string;
  error?: string;
  fieldErrors?: FieldError[];
}

export function toErrorBody(err: unknown): ErrorBody | undefined {
  if (err instanceof AppError) {
    const body: ErrorBody = { code: HTTP_STATUS[err.kind], message: err.message };
    if (err.fieldErrors.length) body.fieldErrors = err.fieldErrors;
    if (err.error !== undefined) body.error = err.error;
    return body;
  }
  if (err instanceof HttpException) {
    const res = err.getResponse();
    const message = typeof res === 'string' ? res : String((res as { message?: unknown }).message ?? err.message);
    return { code: err.getStatus(), message: Array.isArray(message) ? message.join('; ') : message };
  }
  // Constraint races the services' own checks cannot see (two concurrent creates of the same name).
  const pgCode = (err as { driverError?: { code?: unknown } })?.driverError?.code;
  if (pgCode === '23505') return { code: 409, message: 'it already exists' };
  if (pgCode === '23503') return { code: 409, message: 'it refers to something that no longer exists' };
  // Class 22 (data exception): a value the database cannot store or compare that validation let through.
  if (typeof pgCode === 'string' && pgCode.startsWith('22'))
    return { code: 400, message: 'a value in the request is not valid' };
  // body-parser: malformed JSON, too large, bad charset... all carry a 4xx status and an `expose` flag.
  const e = err as { status?: unknown; expose?: unknown; type?: unknown; message?: unknown };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    const message = e.type === 'entity.parse.failed' ? 'request body is not valid JSON' : String(e.message);
    return { code: e.status, message };
  }
  return undefined;
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    let body = toErrorBody(err);
    if (!body) {
      // The request's logger: the line carries its request id, the one the caller sees in X-Request-Id.
      requestLogger(req, this.logger).error({ err, context: 'HttpExceptionFilter' }, 'unhandled error');
      body = { code: 500, message: 'internal error' };
    }
    if (res.headersSent) return;
    if (err instanceof TooManyRequestsError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    // SCIM clients (Okta, Entra) read errors in SCIM's own schema.
    if (req.path.startsWith(SCIM_PATH)) sendScimError(res, err, body);
    else res.status(body.code).json(body);
  }
}
