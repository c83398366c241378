// Small response/request helpers shared by the handlers: JSON and Status answers on normal responses
// and on raw upgrade sockets, and body reading (JSON, YAML or protobuf).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { gzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import { ApiError, errors } from './status.js';
import { decodeProtobufObject, isProtobuf } from './protobuf.js';
import type { KubeObject } from './store.js';

const BODY_LIMIT = 3 * 1024 * 1024;

/** Like the apiserver, gzip answers of 128 KiB or more when the client accepts it (proxies must pass that through). */
const GZIP_THRESHOLD = 128 * 1024;

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = 'application/json'): void {
  let data = Buffer.from(JSON.stringify(body));
  const headers: Record<string, string | number> = {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, private',
  };
  if (data.length >= GZIP_THRESHOLD && /\bgzip\b/.test(String(res.req?.headers['accept-encoding'] ?? ''))) {
    data = gzipSync(data);
    headers['Content-Encoding'] = 'gzip';
  }
  headers['Content-Length'] = data.length;
  res.writeHead(code, headers);
  res.end(data);
}

export function sendError(res: ServerResponse, err: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err.plain) {
    res.writeHead(err.code, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
    res.end(`${err.message}\n`);
    return;
  }
  sendJson(res, err.code, err.toStatus());
}

/** A real HTTP answer on an upgrade socket: kubectl falls back or prints it, where a bare close gives EOF. */
export function sendUpgradeError(socket: Duplex, err: ApiError): void {
  const body = err.plain ? `${err.message}\n` : JSON.stringify(err.toStatus());
  const type = err.plain ? 'text/plain; charset=utf-8' : 'application/json';
  socket.end(
    `HTTP/1.1 ${err.code} ${STATUS_CODES[err.code] ?? ''}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return errors.internal(e instanceof Error ? e.message : String(e));
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > BODY_LIMIT) throw new ApiError(413, 'RequestEntityTooLarge', 'the request body is too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Decodes a JSON, YAML or protobuf body; `countProtobuf` is told when protobuf was used. */
export function decodeBody(body: Buffer, contentType: string | undefined, countProtobuf?: () => void): unknown {
  if (isProtobuf(contentType)) {
    countProtobuf?.();
    return decodeProtobufObject(body);
  }
  const text = body.toString('utf8');
  if (!text.trim()) throw errors.badRequest('the request body is empty');
  try {
    return /yaml/.test(contentType ?? '') ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw errors.badRequest(`the body of the request could not be decoded: ${(e as Error).message}`);
  }
}

export function asObject(v: unknown): KubeObject {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw errors.badRequest('the request body must be an object');
  const o = v as KubeObject;
  o.metadata ??= {};
  return o;
}
