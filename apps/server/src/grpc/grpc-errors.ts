// The one place errors become gRPC statuses (the HTTP twin is common/http-exception.filter.ts).
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { AppError, TooManyRequestsError, type ErrorKind } from '../common/errors.js';
import { toErrorBody } from '../common/http-exception.filter.js';

const GRPC_STATUS: Record<ErrorKind, status> = {
  bad_request: status.INVALID_ARGUMENT,
  unauthenticated: status.UNAUTHENTICATED,
  forbidden: status.PERMISSION_DENIED,
  not_found: status.NOT_FOUND,
  conflict: status.ALREADY_EXISTS,
  too_many_requests: status.RESOURCE_EXHAUSTED,
  bad_gateway: status.UNAVAILABLE,
};

const BY_HTTP: Record<number, status> = {
  400: status.INVALID_ARGUMENT,
  401: status.UNAUTHENTICATED,
  403: status.PERMISSION_DENIED,
  404: status.NOT_FOUND,
  409: status.ALREADY_EXISTS,
  413: status.RESOURCE_EXHAUSTED,
};

/** A ServiceError for the client, or undefined when the error is ours (the caller logs it; INTERNAL). */
export function toGrpcError(err: unknown): Partial<ServiceError> | undefined {
  const metadata = new Metadata();
  if (err instanceof AppError) {
    if (err.fieldErrors.length) metadata.set('infra-field-errors', JSON.stringify(err.fieldErrors));
    if (err instanceof TooManyRequestsError) metadata.set('retry-after', String(err.retryAfterSeconds));
    return { code: GRPC_STATUS[err.kind], details: err.message, metadata };
  }
  const body = toErrorBody(err);
  if (!body) return undefined;
  return { code: BY_HTTP[body.code] ?? status.INVALID_ARGUMENT, details: body.message, metadata };
}
