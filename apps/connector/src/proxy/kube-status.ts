// Errors the proxy itself returns, as Kubernetes Status objects so that kubectl prints them as it prints the API
// server's own ("Error from server (Forbidden): ..."). The HTTP status always equals the Status code.
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

export class ProxyError extends Error {
  constructor(
    readonly code: 400 | 401 | 403 | 408 | 431 | 502 | 503 | 504,
    readonly reason: 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'Timeout' | 'ServiceUnavailable' | 'InternalError',
    message: string,
  ) {
    super(message);
    this.name = 'ProxyError';
  }

  static unauthorized(message: string): ProxyError {
    return new ProxyError(401, 'Unauthorized', message);
  }

  static forbidden(message: string): ProxyError {
    return new ProxyError(403, 'Forbidden', message);
  }
}

export function statusBody(err: ProxyError): string {
  return JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: err.message,
    reason: err.reason,
    code: err.code,
  });
}

/**
 * Writes the error for a plain request. kubectl's aggregated-discovery client (Accept names apidiscovery.k8s.io)
 * cannot decode a JSON Status and prints "unknown" instead, but it prints a text/plain body verbatim; since the
 * first request of most commands is discovery, those requests get the message as text.
 */
export function writeStatus(res: ServerResponse, err: ProxyError, accept = ''): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const asText = accept.includes('apidiscovery.k8s.io');
  const body = asText ? err.message : statusBody(err);
  res.writeHead(err.code, {
    'Content-Type': asText ? 'text/plain; charset=utf-8' : 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** For upgrade requests, which have only a socket: a real HTTP response, so kubectl can fall back and show it. */
export function writeStatusToSocket(socket: Duplex, err: ProxyError): void {
  const body = statusBody(err);
  socket.end(
    `HTTP/1.1 ${err.code} ${STATUS_CODES[err.code]}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
