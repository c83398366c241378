// The Kubernetes API test server: TLS listener, bearer-token authentication, impersonation, RBAC, then
// routing to handlers; upgrades go to the streaming handlers through the same chain. A real tool for
// e2e tests: counters per protocol, a request log, failure injection, restart on the same port.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { ObjectStore } from './store.js';
import { RbacAuthorizer, forbiddenMessage, aggregateClusterRoles, type UserInfo } from './rbac.js';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles } from './bootstrap-policy.js';
import { findResource } from './resources.js';
import { ResourceRegistry } from './registry.js';
import { PodRuntime } from './pods.js';
import { applyImpersonation } from './impersonation.js';
import { requestInfo } from './request-info.js';
import { ApiError, errors } from './status.js';
import { sendError, sendUpgradeError, toApiError } from './http.js';
import { route } from './routes.js';
import { handleUpgrade } from './streaming/index.js';
import { servingCert, type ServingCert } from './tls.js';
import { writeKubeconfig, type KubeCredential, type KubeconfigOptions } from './kubeconfig.js';
import { deleteObject, getObject, listObjects, podObject, putObject, type PodSpec } from './objects.js';
import type { KubeObject } from './store.js';
import type { PortTarget } from './pods.js';
import { newCounters, type Core, type Counters, type HandlerContext } from './core.js';

export interface KubeApiServerOptions {
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** Default 0 (a random free port). */
  port?: number;
  /** Namespaces created at start besides default, kube-system, kube-public. */
  namespaces?: string[];
  /** `legacy` serves only the per-group-version documents, as servers before 1.30 did; default `aggregated`. */
  discovery?: 'aggregated' | 'legacy';
  /**
   * Also demand `create` for exec/attach/port-forward over WebSocket, as 1.35's
   * AuthorizePodWebsocketUpgradeCreatePermission gate does; default false (1.32 authorizes the GET as `get`).
   */
  websocketStreamsNeedCreate?: boolean;
  /** Consulted for bearer tokens not registered with addUser (e.g. to accept a service-account JWT). */
  authenticate?: (token: string) => UserInfo | undefined;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  verb: string;
  /** The effective user after impersonation. */
  user: string;
  groups: string[];
  /** The authenticated caller, when it impersonated someone. */
  impersonatedBy?: string;
  extra?: Record<string, string[]>;
  userAgent?: string;
  contentType?: string;
  status?: number;
  /** The request's header lines as received (name, value, name, value, …): what a proxy in front really sent. */
  rawHeaders: string[];
}

export interface FailureInjection {
  /** How many matching requests to fail. */
  count: number;
  /**
   * `status` answers with a Status of `code`; `drop` destroys the connection without an answer;
   * `delay` holds the request for `delayMs`, then serves it.
   */
  mode?: 'status' | 'drop' | 'delay';
  code?: number;
  delayMs?: number;
  /** Only requests whose path (with query) matches count. */
  match?: RegExp;
}

const REQUEST_LOG_LIMIT = 2000;

export class KubeApiServer {
  readonly store = new ObjectStore();
  readonly pods = new PodRuntime();
  readonly counters: Counters = newCounters();
  readonly requests: RecordedRequest[] = [];
  readonly adminToken = randomBytes(24).toString('base64url');
  /** Sent as `Warning: 299 - "<text>"` on every answer; kubectl prints them as `Warning: <text>`. */
  readonly warnings: string[] = [];
  private readonly authz = new RbacAuthorizer(this.store);
  private readonly users = new Map<string, UserInfo>();
  private readonly closers = new Set<() => void>();
  private readonly sockets = new Set<Socket>();
  private failures: FailureInjection[] = [];
  private server?: Server;
  private cert?: ServingCert;
  private boundPort = 0;
  private readonly core: Core;

  constructor(private readonly opts: KubeApiServerOptions = {}) {
    this.core = {
      store: this.store,
      resources: new ResourceRegistry(this.store),
      authz: this.authz,
      pods: this.pods,
      counters: this.counters,
      aggregatedDiscovery: opts.discovery !== 'legacy',
      track: (c) => this.track(c),
    };
    this.addUser(this.adminToken, 'kube-admin', ['system:masters']);
    this.seed();
  }

  get port(): number {
    return this.boundPort;
  }
  get url(): string {
    return `https://${this.opts.host ?? '127.0.0.1'}:${this.boundPort}`;
  }
  get caPem(): string {
    if (!this.cert) throw new Error('the server has not started');
    return this.cert.caPem;
  }

  /** Registers a bearer token; the user also gets system:authenticated, as real authenticators add it. */
  addUser(token: string, name: string, groups: string[] = [], uid?: string): void {
    const user: UserInfo = { name, groups: [...groups, 'system:authenticated'] };
    if (uid) user.uid = uid;
    this.users.set(token, user);
  }

  removeUser(token: string): void {
    this.users.delete(token);
  }

  /** Writes a kubeconfig for this server with a token (or an exec plugin) and returns its path. */
  kubeconfigFor(
    credential: KubeCredential,
    path: string,
    extra: Omit<KubeconfigOptions, 'server' | 'caPem' | 'credential'> = {},
  ): string {
    return writeKubeconfig(path, { server: this.url, caPem: this.caPem, credential, ...extra });
  }

  /** Creates or replaces an object directly (no HTTP, no RBAC); pods become Running. */
  put(obj: KubeObject): KubeObject {
    return putObject(this.core, obj);
  }

  get(apiVersion: string, kind: string, name: string, namespace?: string): KubeObject | undefined {
    return getObject(this.core, apiVersion, kind, name, namespace);
  }

  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    return listObjects(this.core, apiVersion, kind, namespace);
  }

  delete(apiVersion: string, kind: string, name: string, namespace?: string): boolean {
    return deleteObject(this.core, apiVersion, kind, name, namespace);
  }

  /** A Running pod with one container per name (default `main`). */
  addPod(spec: PodSpec): KubeObject {
    return this.put(podObject(spec));
  }

  appendLog(namespace: string, pod: string, text: string): void {
    this.pods.appendLog(namespace, pod, text);
  }

  /** Where port-forwards to `pod:port` connect (default: a built-in echo server). */
  setPortForwardTarget(namespace: string, pod: string, port: number, target: PortTarget): void {
    this.pods.setPortTarget(namespace, pod, port, target);
  }

  resetCounters(): void {
    Object.assign(this.counters, newCounters());
    this.requests.length = 0;
  }

  /** Makes the next matching requests fail with a Status (default 500) or a dropped connection. */
  injectFailures(f: FailureInjection): void {
    this.failures.push({ ...f });
  }

  clearFailures(): void {
    this.failures = [];
  }

  async start(): Promise<this> {
    this.cert ??= await servingCert();
    const server = createServer({ cert: this.cert.certPem, key: this.cert.keyPem, ca: this.cert.caPem });
    server.keepAliveTimeout = 120_000; // above Go's 90 s idle timeout (k8s-wire §7.5)
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    server.on('request', (req, res) => void this.onRequest(req, res));
    server.on(
      'upgrade',
      (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.onUpgrade(req, socket, head),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort || this.opts.port || 0, this.opts.host ?? '127.0.0.1', () => resolve());
    });
    this.boundPort = (server.address() as { port: number }).port;
    this.server = server;
    return this;
  }

  /** Closes the listener and every connection, ending watches, log follows and streams. Data is kept. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.closeStreams();
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
    await this.pods.close();
  }

  /** Ends every watch, log follow, exec session and port-forward connection, as an apiserver restart would. */
  closeStreams(): void {
    for (const c of [...this.closers]) c();
  }

  /** Stops and starts again on the same port with the same data (to test reconnects). */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  private seed(): void {
    const ns = findResource('', 'v1', 'namespaces')!;
    for (const name of ['default', 'kube-system', 'kube-public', ...(this.opts.namespaces ?? [])]) {
      this.store.create(ns, {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
        spec: { finalizers: ['kubernetes'] },
        status: { phase: 'Active' },
      });
    }
    const roles = findResource('rbac.authorization.k8s.io', 'v1', 'clusterroles')!;
    const bindings = findResource('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings')!;
    for (const r of bootstrapClusterRoles()) this.store.create(roles, r);
    for (const b of bootstrapClusterRoleBindings()) this.store.create(bindings, b);
    aggregateClusterRoles(this.store);
  }

  private track(close: () => void): () => void {
    this.closers.add(close);
    return () => this.closers.delete(close);
  }

  /** Applies an injected failure, if one matches: throws a Status, waits, or says to drop the connection. */
  private async inject(req: IncomingMessage): Promise<'drop' | undefined> {
    this.counters.requests++;
    const failure = this.failures.find((f) => f.count > 0 && (!f.match || f.match.test(req.url ?? '/')));
    if (!failure) return undefined;
    failure.count--;
    this.counters.injectedFailures++;
    if (failure.mode === 'drop') return 'drop';
    if (failure.mode === 'delay') {
      await new Promise((resolve) => setTimeout(resolve, failure.delayMs ?? 1000));
      return undefined;
    }
    throw new ApiError(failure.code ?? 500, 'InternalError', 'Internal error occurred: injected failure');
  }

  /** Authentication → impersonation → authorization; throws ApiError. */
  private admit(req: IncomingMessage, record: RecordedRequest): Omit<HandlerContext, 'res'> {
    const url = new URL(req.url ?? '/', 'https://kube.test');
    const requester = this.authenticate(req);
    if (!requester) {
      this.counters.unauthorized++;
      throw errors.unauthorized();
    }
    const { user, impersonated } = applyImpersonation(req, requester, this.authz);
    if (impersonated) {
      this.counters.impersonated++;
      record.impersonatedBy = requester.name;
    }
    record.user = user.name;
    record.groups = user.groups;
    if (user.extra) record.extra = user.extra;
    const info = requestInfo(req.method ?? 'GET', url);
    record.verb = info.verb;
    let d = this.authz.authorize(user, info);
    if (
      d.allowed &&
      this.opts.websocketStreamsNeedCreate &&
      info.verb === 'get' &&
      isWebsocketStream(req, info.subresource)
    ) {
      info.verb = 'create';
      d = this.authz.authorize(user, info);
    }
    if (!d.allowed) {
      this.counters.forbidden++;
      throw new ApiError(403, 'Forbidden', forbiddenMessage(user.name, info, d.reason), {
        name: info.name || undefined,
        group: info.apiGroup || undefined,
        kind: info.resource || undefined,
      });
    }
    return { req, url, info, user, core: this.core };
  }

  private authenticate(req: IncomingMessage): UserInfo | undefined {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!m) return undefined;
    const known = this.users.get(m[1]);
    if (known) return known;
    const external = this.opts.authenticate?.(m[1]);
    if (!external) return undefined;
    return external.groups.includes('system:authenticated')
      ? external
      : { ...external, groups: [...external.groups, 'system:authenticated'] };
  }

  private record(req: IncomingMessage): RecordedRequest {
    const [path, query = ''] = (req.url ?? '/').split('?');
    const r: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query,
      verb: '',
      user: '',
      groups: [],
      userAgent: req.headers['user-agent'],
      contentType: req.headers['content-type'],
      rawHeaders: req.rawHeaders,
    };
    this.requests.push(r);
    if (this.requests.length > REQUEST_LOG_LIMIT) this.requests.shift();
    return r;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const record = this.record(req);
    res.on('finish', () => (record.status = res.statusCode));
    for (const w of this.warnings) res.appendHeader('Warning', `299 - ${JSON.stringify(w)}`);
    try {
      if ((await this.inject(req)) === 'drop') {
        req.socket.destroy();
        return;
      }
      await route({ ...this.admit(req, record), res });
    } catch (e) {
      sendError(res, toApiError(e));
    }
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const record = this.record(req);
    socket.on('error', () => socket.destroy());
    try {
      if ((await this.inject(req)) === 'drop') {
        socket.destroy();
        return;
      }
      const ctx = this.admit(req, record);
      record.status = 101;
      await handleUpgrade(ctx, socket, head);
    } catch (e) {
      const err = toApiError(e);
      record.status = err.code;
      sendUpgradeError(socket, err);
    }
  }
}

function isWebsocketStream(req: IncomingMessage, subresource: string): boolean {
  return (
    ['exec', 'attach', 'portforward'].includes(subresource) && (req.headers.upgrade ?? '').toLowerCase() === 'websocket'
  );
}

export async function startKubeApiServer(opts: KubeApiServerOptions = {}): Promise<KubeApiServer> {
  return new KubeApiServer(opts).start();
}
