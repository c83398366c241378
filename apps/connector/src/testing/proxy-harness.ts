// The proxy specs' world: a stub API server, a proxy over fresh state for each test (bob: view on the cluster,
// alice: edit on production.web through group dev and connect through group "ops, with comma", carol: nothing), and
// clients that speak like kubectl.
import assert from 'node:assert/strict';
import https from 'node:https';
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket from 'ws';
import { silentLogger } from '../log.js';
import type { AuditEvent } from '../proxy/audit.js';
import { KubeProxy } from '../proxy/kube-proxy.js';
import { Upstream } from '../proxy/upstream.js';
import type { connector } from '@infra/proto';
import { ConnectorState } from '../state/connector-state.js';
import { generateServingCert, type ServingCert } from '../tls.js';
import { FakeClock, TestSigner, aGrant, aGroup, aSnapshot, aUser } from './fakes.js';
import { DEADLINE_MS, within } from './deadline.js';
import { StubKube } from './stub-kube.js';

export const DEST = 'production';
export const alice: connector.User__Output = aUser('alice@example.com', ['g-dev', 'g-ops']);
export const bob: connector.User__Output = aUser('bob@example.com');
export const carol: connector.User__Output = aUser('carol@example.com');
const groups = [aGroup('dev'), aGroup('ops, with comma', 'g-ops')];

export interface Reply {
  status: number;
  body: string;
  headers: IncomingMessage['headers'];
}

export class ProxyHarness {
  clock = new FakeClock(Date.now());
  state = new ConnectorState(DEST, this.clock);
  proxy!: KubeProxy;
  proxyUrl = '';
  audit: AuditEvent[] = [];
  bobsGrant: connector.Grant__Output = aGrant({ userId: bob.id, resource: DEST, privilege: 'view' });

  private constructor(
    readonly kube: StubKube,
    readonly cert: ServingCert,
    readonly signer: TestSigner,
  ) {}

  static async create(): Promise<ProxyHarness> {
    return new ProxyHarness(await StubKube.start(), await generateServingCert([]), await TestSigner.create());
  }

  /** Fresh state and a fresh proxy in front of the stub (call in beforeEach). */
  async reset(): Promise<void> {
    this.clock = new FakeClock(Date.now());
    this.state = new ConnectorState(DEST, this.clock);
    this.bobsGrant = aGrant({ userId: bob.id, resource: DEST, privilege: 'view' });
    this.state.applySnapshot(
      aSnapshot({
        sequence: 1,
        users: [alice, bob, carol],
        groups,
        grants: [
          aGrant({ groupId: 'g-dev', resource: `${DEST}.web`, privilege: 'edit' }),
          aGrant({ groupId: 'g-ops', resource: DEST, privilege: 'connect' }), // impersonated, binds nothing
          this.bobsGrant,
        ],
        signingKeys: [this.signer.signingKey],
      }),
    );
    this.audit = [];
    await this.useUpstream(
      new Upstream(
        new URL(this.kube.url),
        { ca: Buffer.from(this.kube.caPem), rejectUnauthorized: true },
        async () => 'Bearer connector-sa',
      ),
    );
    this.kube.seen.length = 0;
  }

  /** Replaces the proxy with one in front of `upstream`, keeping the state. */
  async useUpstream(
    upstream: Upstream,
    state = this.state,
    opts: { responseHeaderTimeoutMs?: number } = {},
  ): Promise<void> {
    await this.proxy?.close();
    this.proxy = new KubeProxy({
      state,
      clock: this.clock,
      upstream,
      tls: this.cert,
      audit: (e) => this.audit.push(e),
      logger: silentLogger,
      ...opts,
    });
    this.proxyUrl = await this.proxy.listen('127.0.0.1', 0);
  }

  async stop(): Promise<void> {
    await this.proxy?.close();
    await this.kube.stop();
  }

  tokenFor(
    user: connector.User__Output = bob,
    opts: Partial<Parameters<TestSigner['token']>[1]> = {},
  ): Promise<string> {
    return this.signer.token(user, { aud: DEST, clock: this.clock, ...opts });
  }

  call(path: string, headers: Record<string, string | string[]> = {}, method = 'GET'): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = https.request(
        `${this.proxyUrl}${path}`,
        { method, headers, ca: this.cert.caPem, agent: false },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  async asBob(path: string, extra: Record<string, string | string[]> = {}): Promise<Reply> {
    return this.call(path, { Authorization: `Bearer ${await this.tokenFor()}`, ...extra });
  }

  /** Starts a watch and resolves with the response once its headers arrived. */
  async watch(token: string): Promise<{ req: ReturnType<typeof https.request>; res: IncomingMessage }> {
    const req = https.request(`${this.proxyUrl}/api/v1/pods?watch=true`, {
      headers: { Authorization: `Bearer ${token}` },
      ca: this.cert.caPem,
      agent: false,
    });
    req.on('error', () => {});
    req.end();
    const [res] = (await within(`an answer to the watch`, once(req, 'response'))) as [IncomingMessage];
    res.on('error', () => {});
    return { req, res };
  }

  webSocket(path: string, token: string): WebSocket {
    return new WebSocket(`${this.proxyUrl.replace('https', 'wss')}${path}`, ['v5.channel.k8s.io'], {
      ca: this.cert.caPem,
      headers: { Authorization: `Bearer ${token}` },
    });
  }

  /** A WebSocket handshake that is expected to fail: the HTTP answer kubectl would see. */
  async refusedUpgrade(path: string, token: string): Promise<{ status: number; body: string }> {
    const ws = this.webSocket(path, token);
    ws.on('error', () => {});
    const [req, res] = (await within(
      `the proxy refusing the upgrade of ${path} with an HTTP answer`,
      once(ws, 'unexpected-response'),
    )) as [{ destroy(): void }, IncomingMessage];
    let body = '';
    for await (const chunk of res) body += String(chunk);
    req.destroy();
    return { status: res.statusCode ?? 0, body };
  }

  /** A SPDY/3.1 upgrade as kubectl sends it (POST, five X-Stream-Protocol-Version headers). */
  async spdyUpgrade(path: string, token: string): Promise<{ socket: Duplex; res: IncomingMessage }> {
    const versions = [
      'v5.channel.k8s.io',
      'v4.channel.k8s.io',
      'v3.channel.k8s.io',
      'v2.channel.k8s.io',
      'channel.k8s.io',
    ];
    const req = https.request(`${this.proxyUrl}${path}`, {
      method: 'POST',
      ca: this.cert.caPem,
      agent: false,
      headers: [
        ['Authorization', `Bearer ${token}`],
        ['Connection', 'Upgrade'],
        ['Upgrade', 'SPDY/3.1'],
        ['Content-Length', '0'],
        ...versions.map((v) => ['X-Stream-Protocol-Version', v]),
      ].flat() as unknown as Record<string, string>,
    });
    req.end();
    const [res, socket] = (await within(`the SPDY upgrade of ${path} being accepted`, once(req, 'upgrade'))) as [
      IncomingMessage,
      Duplex,
    ];
    return { socket, res };
  }
}

export function assertStatus(reply: Reply, code: number, message: RegExp): void {
  assert.equal(reply.status, code, reply.body);
  const status = JSON.parse(reply.body) as { kind: string; code: number; message: string };
  assert.equal(status.kind, 'Status');
  assert.equal(status.code, code);
  assert.match(status.message, message);
}

/**
 * Resolves when the stream or socket closes, whether or not it errored first; rejects naming `why` it should have
 * closed when it is still open `timeoutMs` after this call (call it just before the cut).
 */
export function closed(
  e: { once(event: 'close', fn: () => void): unknown; on(event: 'error', fn: () => void): unknown },
  why = 'the stream closing',
  timeoutMs = DEADLINE_MS,
): Promise<void> {
  e.on('error', () => {});
  return within(why, new Promise((resolve) => e.once('close', () => resolve())), timeoutMs);
}

/** Reads newline-separated lines from a stream, one at a time. */
export function readLines(stream: IncomingMessage): { next(): Promise<string> } {
  let buf = '';
  const ready: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  stream.setEncoding('utf8');
  stream.on('data', (d: string) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const w = waiting.shift();
      if (w) w(line);
      else ready.push(line);
    }
  });
  return {
    next: () => {
      const line = ready.shift();
      return line !== undefined
        ? Promise.resolve(line)
        : within('the next line of the response', new Promise((r) => waiting.push(r)));
    },
  };
}
