// Domain errors become gRPC statuses here, once for the connector stream (as http-exception.filter.ts
// does for REST). Anything unexpected is INTERNAL with no details; the caller logs it.
import { status, type StatusObject } from '@grpc/grpc-js';
import { Metadata } from '@grpc/grpc-js';
import { AppError, type ErrorKind } from '../common/errors.js';

const GRPC_CODE: Record<ErrorKind, status> = {
  bad_request: status.INVALID_ARGUMENT,
  unauthenticated: status.UNAUTHENTICATED,
  forbidden: status.PERMISSION_DENIED,
  not_found: status.NOT_FOUND,
  conflict: status.ALREADY_EXISTS,
};

export function grpcStatus(code: status, details: string): StatusObject {
  return { code, details, metadata: new Metadata() };
}

/** The status for a domain error; undefined when the error is not one (a bug or an outage). */
export function toGrpcStatus(err: unknown): StatusObject | undefined {
  if (err instanceof AppError) return grpcStatus(GRPC_CODE[err.kind], err.message);
  return undefined;
}
