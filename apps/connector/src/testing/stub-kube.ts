// A tiny stand-in for the Kubernetes API server, for proxy specs: records what arrives, answers lists, holds watches
// open under the test's control, and accepts WebSocket and SPDY-style upgrades by echoing bytes back.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { generateServingCert } from '../tls.js';

export interface SeenRequest {
  method: string;
  url: string;
  rawHeaders: string[];
}

export function headerValues(seen: SeenRequest, name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < seen.rawHeaders.length; i += 2) {
    if (seen.rawHeaders[i].toLowerCase() === name.toLowerCase()) out.push(seen.rawHeaders[i + 1]);
  }
  return out;
}

export class StubKube {
  readonly seen: SeenRequest[] = [];
  readonly watches: ServerResponse[] = [];
  private readonly sockets = new Set<Duplex>();
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (p) => (p.has('v5.channel.k8s.io') ? 'v5.channel.k8s.io' : false),
  });

  private constructor(
    private readonly server: https.Server,
    readonly url: string,
    readonly caPem: string,
  ) {
    server.on('request', (req, res) => this.onRequest(req, res));
    server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    this.wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  }

  static async start(host = '127.0.0.1'): Promise<StubKube> {
    const cert = await generateServingCert(['::1']);
    const server = https.createServer({ cert: cert.certPem, key: cert.keyPem });
    await new Promise<void>((r) => server.listen(0, host, r));
    const shown = host.includes(':') ? `[${host}]` : host;
    return new StubKube(server, `https://${shown}:${(server.address() as AddressInfo).port}`, cert.caPem);
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private record(req: IncomingMessage): void {
    this.seen.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: [...req.rawHeaders] });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.record(req);
    if (req.url?.includes('watch=true')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write(JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'first' } } }) + '\n');
      this.watches.push(res);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', Warning: '299 - "stub says hi"' });
    res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] }));
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.record(req);
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    if (req.url?.includes('/denied/')) {
      const body = JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        reason: 'Forbidden',
        code: 403,
        message: 'pods "denied" is forbidden',
      });
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      return;
    }
    if ((req.headers.upgrade ?? '').toLowerCase() === 'websocket') {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
      return;
    }
    // SPDY-style: agree on a protocol version and echo every byte.
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n',
    );
    if (head.length) socket.write(head);
    socket.pipe(socket);
  }
}
