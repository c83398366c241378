// Domain errors carry a kind; the kind is mapped to a transport status once per edge
// (HTTP in http-exception.filter.ts, gRPC in the admin gRPC server).

export type ErrorKind =
  'bad_request' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'too_many_requests' | 'bad_gateway';

export interface FieldError {
  field: string;
  errors: string[];
}

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly fieldErrors: FieldError[] = [],
    /** A machine-readable reason for clients that branch on it (OAuth-style `error`, e.g. `authorization_pending`). */
    readonly error?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, fieldErrors: FieldError[] = []) {
    super('bad_request', message, fieldErrors);
  }
  static field(field: string, reason: string): BadRequestError {
    return new BadRequestError(`${field} ${reason}`, [{ field, errors: [reason] }]);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'a valid access key is required') {
    super('unauthenticated', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'you are not allowed to do this') {
    super('forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('not_found', `${what} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** Too many attempts (throttled, or too many passwords being checked at once): try again after `retryAfterSeconds`. */
export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too_many_requests', message);
  }
}

/** A server we depend on (an identity provider) could not be reached or answered nonsense: not the caller's fault. */
export class BadGatewayError extends AppError {
  constructor(message: string) {
    super('bad_gateway', message);
  }
}

export const HTTP_STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
  bad_gateway: 502,
};
