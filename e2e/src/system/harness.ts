// The whole system in one process, as a user would meet it: the Kubernetes API test server, the control server
// (fresh Postgres database, REST + gRPC), and the real connector for one destination, registered with the access
// key that POST /api/destinations returned. Each part can be stopped and started again (fault scenarios).
// The control server sits behind two TCP forwarders (HTTP and gRPC), like a Service in front of a pod, so that
// its addresses survive a restart; pausing the gRPC forwarder cuts the connector off without stopping the server.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, startTestServer, type TestServer } from '@infra/server/testing';
import { grantBindingName } from '@infra/access';
import {
  connectorLogger,
  loadConfig,
  startConnector,
  type ConnectorDeps,
  type RunningConnector,
} from '@infra/connector';
import { startKubeApiServer, type KubeApiServer } from '@infra/kube-testing';
import { writeKubeconfig } from '@infra/kube-testing';
import {
  kubectl,
  spawnKubectl,
  type KubectlOptions,
  type KubectlProcess,
  type KubectlResult,
} from '@infra/kube-testing';
import { installConnectorAccount } from './cluster-account.js';
import { RestClient } from './rest.js';
import { eventually, expectStatus } from './wait.js';
import { TcpForwarder } from './tcp-forwarder.js';

export interface SystemOptions {
  /** The destination's name; default production. */
  destination?: string;
  /** Namespaces in the cluster besides default, kube-system, kube-public and infra. */
  namespaces?: string[];
  /** Extra INFRA_* settings for the control server (e.g. INFRA_TOKEN_TTL). */
  serverEnv?: Record<string, string>;
  /** Serve REST and gRPC over TLS with the server's self-signed certificate, which the connector trusts as its CA. */
  tls?: boolean;
}

export interface SystemUser {
  id: string;
  name: string;
  /** A long-lived access key (`<id>.<secret>`). */
  key: string;
  keyID: string;
}

export interface DestinationRecord {
  id: string;
  connected: boolean;
  url: string;
  caCertificate: string;
  namespaces: string[];
}

export type Subject = { user: string } | { group: string };

type Logger = NonNullable<ConnectorDeps['logger']>;

export class InfraSystem {
  readonly destination: string;
  readonly dir: string;
  readonly http = new TcpForwarder('127.0.0.1:1');
  readonly grpc = new TcpForwarder('127.0.0.1:1');
  kube!: KubeApiServer;
  /** The kube test server's admin (system:masters), straight to the API server. */
  kubeAdmin!: string;
  /** What the connector logged at warn and error level, for failure messages. */
  readonly connectorLog: string[] = [];
  admin!: RestClient;
  connectorKey = '';
  /** The bootstrap admin's access key (infra admin). */
  adminKey = '';
  /** With opts.tls: the server's certificate and its SHA-256 fingerprint. */
  serverTls?: { certificate: string; fingerprint: string };
  private server?: TestServer;
  private database?: { url: string; drop(): Promise<void> };
  private serviceAccountToken = '';
  private running?: RunningConnector;
  private files = 0;

  private constructor(private readonly opts: SystemOptions) {
    this.destination = opts.destination ?? 'production';
    this.dir = mkdtempSync(join(tmpdir(), 'infra-system-'));
  }

  /** Starts the kube server, the control server and the connector, and waits until the destination is connected. */
  static async start(opts: SystemOptions = {}): Promise<InfraSystem> {
    const sys = new InfraSystem(opts);
    try {
      sys.kube = await startKubeApiServer({ namespaces: ['infra', ...(opts.namespaces ?? ['web', 'db'])] });
      sys.kubeAdmin = sys.kube.kubeconfigFor(sys.kube.adminToken, join(sys.dir, 'kube-admin.kubeconfig'));
      sys.serviceAccountToken = installConnectorAccount(sys.kube);
      await sys.http.listen();
      await sys.grpc.listen();
      sys.database = await createTestDatabase();
      await sys.startServer();
      sys.admin = new RestClient(sys.url, sys.adminKey, sys.serverTls?.certificate);
      sys.connectorKey = await sys.createDestination(sys.destination);
      await sys.startConnector();
      return sys;
    } catch (e) {
      await sys.stop();
      throw e;
    }
  }

  /** The control server's URL (stable across restarts). */
  get url(): string {
    return `${this.opts.tls ? 'https' : 'http'}://127.0.0.1:${this.http.port}`;
  }

  get connector(): RunningConnector {
    if (!this.running) throw new Error('the connector is not running');
    return this.running;
  }

  // --- lifecycle -------------------------------------------------------------------------------------------------

  /** Starts the control server on the system's database and data dir (the same ones after a restart). */
  async startServer(): Promise<void> {
    if (this.server) return;
    const dataDir = join(this.dir, 'server-data');
    mkdirSync(dataDir, { recursive: true });
    // DATABASE_URL in env wins over the test server's own fresh database, which it then only creates and drops.
    const env: Record<string, string> = {
      ...this.opts.serverEnv,
      DATABASE_URL: this.database!.url,
      INFRA_TLS: this.opts.tls ? 'auto' : 'off',
    };
    if (this.adminKey) env.INFRA_ADMIN_ACCESS_KEY = this.adminKey;
    this.server = await startTestServer({ dataDir, env });
    this.adminKey = this.server.adminKey;
    this.serverTls = this.server.tls;
    this.http.retarget(new URL(this.server.url).host);
    this.grpc.retarget(this.server.grpcAddress!);
  }

  /** Stops the control server; its database and data dir stay for startServer(). */
  async stopServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.stop(); // our database and data dir stay: the server neither created nor owns them
  }

  /** The connector's settings (its README's environment variables) for a destination and its access key. */
  connectorEnv(destination: string, accessKey: string): Record<string, string> {
    return {
      INFRA_SERVER: this.grpc.address,
      ...(this.serverTls ? { INFRA_SERVER_CA_FILE: this.serverCertificateFile() } : { INFRA_SERVER_INSECURE: 'true' }),
      INFRA_ACCESS_KEY: accessKey,
      INFRA_DESTINATION: destination,
      INFRA_PROXY_LISTEN: '127.0.0.1:0',
      INFRA_HEALTH_LISTEN: 'off',
      INFRA_KUBECONFIG: this.kube.kubeconfigFor(this.serviceAccountToken, join(this.dir, 'connector.kubeconfig')),
    };
  }

  /** The server's self-signed certificate as a file, for INFRA_SERVER_CA_FILE. */
  private serverCertificateFile(): string {
    const path = join(this.dir, 'server-ca.pem');
    writeFileSync(path, this.serverTls!.certificate);
    return path;
  }

  async startConnector(): Promise<RunningConnector> {
    if (this.running) return this.running;
    const config = loadConfig(this.connectorEnv(this.destination, this.connectorKey));
    // Short reconnect backoff: the fault scenarios wait for reconnects, and the defaults are sized for production.
    this.running = await startConnector(config, {
      logger: this.logger(),
      backoff: { initialMs: 100, maxMs: 1_000 },
      auditFlushMs: 100,
    });
    await this.waitUntilConnected();
    return this.running;
  }

  async stopConnector(): Promise<void> {
    const c = this.running;
    this.running = undefined;
    await c?.stop();
  }

  /** Waits until the connector holds a snapshot and the server shows the destination connected with its proxy URL. */
  async waitUntilConnected(): Promise<void> {
    await eventually(
      'the connector to register and receive a snapshot',
      async () => {
        if (!this.running?.state.hasSnapshot || !this.running.stream.registered) return false;
        const d = await this.destinationRecord();
        return d?.connected === true && d.url === this.running.proxyUrl;
      },
      30_000,
      () => this.connectorLog.join('\n'),
    );
  }

  async stop(): Promise<void> {
    const steps = [
      () => this.stopConnector(),
      () => this.stopServer(),
      () => this.http.close(),
      () => this.grpc.close(),
      async () => this.kube?.stop(),
      async () => this.database?.drop(),
    ];
    for (const step of steps) await step().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  // --- Infra through REST, as an admin ----------------------------------------------------------------------------

  /** Creates a destination ahead of its connector; returns the connector's access key. */
  async createDestination(name: string): Promise<string> {
    const created = await this.admin.post<{ connector: { accessKey: string } }>('/api/destinations', { name });
    expectStatus(created, 201);
    return created.body.connector.accessKey;
  }

  async destinationRecord(name = this.destination): Promise<DestinationRecord | undefined> {
    const res = await this.admin.get<{ items: DestinationRecord[] }>(`/api/destinations?name=${name}`);
    return res.status === 200 ? res.body.items[0] : undefined;
  }

  /** A person (or machine) with an access key; `password` makes it a one-time password set by the admin. */
  async createUser(name: string, password?: string): Promise<SystemUser> {
    const user = await this.admin.post<{ id: string }>(
      '/api/users',
      password === undefined ? { name } : { name, password },
    );
    expectStatus(user, 201);
    const key = await this.admin.post<{ id: string; accessKey: string }>('/api/keys', { userID: user.body.id });
    expectStatus(key, 201);
    return { id: user.body.id, name, key: key.body.accessKey, keyID: key.body.id };
  }

  async createGroup(name: string, members: string[]): Promise<string> {
    const group = await this.admin.post<{ id: string }>('/api/groups', { name });
    expectStatus(group, 201);
    expectStatus(await this.admin.patch(`/api/groups/${group.body.id}/users`, { usersToAdd: members }), 200);
    return group.body.id;
  }

  async addToGroup(name: string, members: string[]): Promise<void> {
    const found = await this.admin.get<{ items: { id: string }[] }>(`/api/groups?name=${encodeURIComponent(name)}`);
    expectStatus(found, 200);
    expectStatus(await this.admin.patch(`/api/groups/${found.body.items[0].id}/users`, { usersToAdd: members }), 200);
  }

  /** Grants `privilege` on `resource` (`production` or `production.<namespace>`); returns the grant's id. */
  async grant(subject: Subject, privilege: string, resource: string): Promise<string> {
    const res = await this.admin.post<{ id: string }>('/api/grants', { ...subject, privilege, resource });
    expectStatus(res, 201);
    return res.body.id;
  }

  async removeGrant(id: string): Promise<void> {
    expectStatus(await this.admin.delete(`/api/grants/${id}`), 204);
  }

  /** Waits until the connector has applied everything the server logged so far for this destination. */
  async waitForGrantInConnector(grantID: string, present = true): Promise<void> {
    await eventually(
      `grant ${grantID} to be ${present ? 'in' : 'gone from'} the connector's state`,
      () => this.connector.state.activeGrants().some((g) => g.id === grantID) === present,
    );
  }

  // --- kubectl ------------------------------------------------------------------------------------------------

  /** Trades the user's key for a token, as the exec credential plugin does (POST /api/tokens). */
  async token(key: string, destination = this.destination): Promise<string> {
    const res = await this.admin.as(key).post<{ token: string }>('/api/tokens', { destination });
    expectStatus(res, 201);
    return res.body.token;
  }

  /** A kubeconfig for the proxy with a freshly minted token of the user (the exec plugin's result, written down). */
  async kubeconfig(key: string, namespace = 'default'): Promise<string> {
    const path = join(this.dir, `user-${++this.files}.kubeconfig`);
    return writeKubeconfig(path, {
      server: this.connector.proxyUrl,
      caPem: this.connector.caPem,
      credential: await this.token(key),
      namespace,
    });
  }

  kubectl(args: string[], opts: KubectlOptions): Promise<KubectlResult> {
    return kubectl(args, opts);
  }

  spawnKubectl(args: string[], opts: KubectlOptions): KubectlProcess {
    return spawnKubectl(args, opts);
  }

  /** One HTTPS request to the proxy with a bearer token, for what kubectl does not show (e.g. a 401's message). */
  proxyRequest(path: string, token: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        `${this.connector.proxyUrl}${path}`,
        { headers: { authorization: `Bearer ${token}` }, ca: this.connector.caPem, agent: false },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  /** `kubectl auth can-i … --as` run by the cluster admin directly against the API server: what RBAC says. */
  async canI(user: string, args: string[], groups: string[] = []): Promise<string> {
    const r = await kubectl(['auth', 'can-i', ...args, '--as', user, ...groups.flatMap((g) => ['--as-group', g])], {
      kubeconfig: this.kubeAdmin,
    });
    return r.stdout.trim();
  }

  /** The binding the connector wrote for a grant, read from the API server (undefined when there is none). */
  binding(grantID: string, namespace?: string): Record<string, unknown> | undefined {
    const name = grantBindingName(grantID);
    return namespace
      ? this.kube.get('rbac.authorization.k8s.io/v1', 'RoleBinding', name, namespace)
      : this.kube.get('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', name);
  }

  /** Keeps the connector's warn and error lines (JSON, as it writes them) for the message of a wait that fails. */
  private logger(): Logger {
    return connectorLogger('warn', {
      write: (line: string) => {
        this.connectorLog.push(line.trimEnd());
        if (this.connectorLog.length > 200) this.connectorLog.shift();
      },
    });
  }
}
