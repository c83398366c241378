// A load balancer that terminates TLS and forwards requests to the connector's proxy over HTTP/1.1 without the
// hop-by-hop `Connection` and `Upgrade` headers, as an HTTP load balancer not set up for WebSockets does: plain
// requests work, every upgrade arrives as a plain request.
import https from 'node:https';
import type { AddressInfo } from 'node:net';

export class UpgradeStrippingBalancer {
  /** Where requests go (the connector's proxy URL); set once the connector listens. */
  target = '';
  private readonly server: https.Server;

  constructor(
    tls: { cert: string; key: string },
    private readonly targetCa: string,
  ) {
    // No 'upgrade' listener: Node then hands upgrade requests to 'request' like any other.
    this.server = https.createServer(tls, (req, res) => {
      const headers = { ...req.headers };
      delete headers.connection;
      delete headers.upgrade;
      const upstream = https.request(
        this.target + req.url,
        { method: req.method, headers, ca: this.targetCa, agent: false },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.flushHeaders(); // a watch's head comes before any event, as through nginx
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}
