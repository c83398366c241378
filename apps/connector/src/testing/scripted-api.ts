// An HTTPS server whose answers each test scripts, for the connector's Kubernetes client specs: it records every
// request (method, path and query, Authorization, body) and hands it to the current handler.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateServingCert } from '../tls.js';

export interface ScriptedRequest {
  method: string;
  url: URL;
  authorization?: string;
  body: string;
}

export type ScriptedHandler = (req: ScriptedRequest, res: ServerResponse) => void;

export class ScriptedApi {
  readonly seen: ScriptedRequest[] = [];
  handler: ScriptedHandler = (_req, res) => sendJson(res, 404, status(404, 'NotFound', 'no handler'));

  private constructor(
    private readonly server: https.Server,
    readonly url: string,
    readonly caPem: string,
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const seen = {
          method: req.method ?? '',
          url: new URL(req.url ?? '/', 'https://api'),
          authorization: req.headers.authorization,
          body: Buffer.concat(chunks).toString(),
        };
        this.seen.push(seen);
        this.handler(seen, res);
      });
    });
  }

  static async start(): Promise<ScriptedApi> {
    const cert = await generateServingCert([]);
    const server = https.createServer({ cert: cert.certPem, key: cert.keyPem });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return new ScriptedApi(server, `https://127.0.0.1:${(server.address() as AddressInfo).port}`, cert.caPem);
  }

  /** Paths (with query) of the requests seen so far, e.g. "GET /api/v1/namespaces?watch=true&…". */
  requests(): string[] {
    return this.seen.map((r) => `${r.method} ${r.url.pathname}${r.url.search}`);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

export function status(code: number, reason: string, message: string): object {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message };
}

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Starts a watch answer (200, chunked); write events with `watchEvent`. */
export function openWatch(res: ServerResponse): ServerResponse {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  return res;
}

export function watchEvent(res: ServerResponse, type: string, object: unknown): void {
  res.write(`${JSON.stringify({ type, object })}\n`);
}
