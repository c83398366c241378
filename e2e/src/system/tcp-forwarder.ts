// A stable address in front of a server that restarts on a new port, as a Kubernetes Service is in front of a pod:
// the connector keeps dialling one host:port and the CLI keeps one server URL across control server restarts.
// While paused, new connections are refused at once (the backend looks down) and open ones are cut.
import { createServer, connect, type Server, type Socket } from 'node:net';

export class TcpForwarder {
  private server?: Server;
  private readonly open = new Set<Socket>();
  private paused = false;
  private boundPort = 0;

  constructor(private target: string) {}

  get port(): number {
    return this.boundPort;
  }
  get address(): string {
    return `127.0.0.1:${this.boundPort}`;
  }

  async listen(): Promise<this> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as { port: number }).port;
    this.server = server;
    return this;
  }

  /** Sends new connections to another backend (host:port); open ones are cut so that clients reconnect. */
  retarget(target: string): void {
    this.target = target;
    this.cut();
  }

  /** Cuts every open connection and refuses new ones until resume(). */
  pause(): void {
    this.paused = true;
    this.cut();
  }

  resume(): void {
    this.paused = false;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.cut();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private cut(): void {
    for (const s of this.open) s.destroy();
  }

  private accept(client: Socket): void {
    if (this.paused) {
      client.destroy();
      return;
    }
    const [host, port] = splitHostPort(this.target);
    const upstream = connect(port, host);
    for (const s of [client, upstream]) {
      this.open.add(s);
      s.on('close', () => this.open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

function splitHostPort(address: string): [string, number] {
  const i = address.lastIndexOf(':');
  return [address.slice(0, i).replace(/^\[|\]$/g, ''), Number(address.slice(i + 1))];
}
