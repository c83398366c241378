// client-node's typed APIs (RbacAuthorizationV1Api, CoreV1Api, VersionApi) as the connector builds them: one
// connection pool for all calls, one pass over the KubeConfig's options per call, and a lighter transport than
// client-node's default (see README.md, "Memory").
import type https from 'node:https';
import {
  createConfiguration,
  IsomorphicFetchHttpLibrary,
  ResponseContext,
  SelfDecodingBody,
  ServerConfiguration,
  wrapHttpLibrary,
  type Configuration,
  type KubeConfig,
  type RequestContext,
  type SecurityAuthentication,
} from '@kubernetes/client-node';

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/**
 * `kc.makeApiClient(T)`, but every call shares one connection pool and goes out through `dispatcher.request`.
 * client-node 2.0.1 builds a new undici Agent for each request (KubeConfig.createDispatcher is not cached), so each
 * typed call opened its own TLS connection and left it to idle out: writing 2,000 bindings took the idle connector
 * to ~450 MB RSS.
 */
export function makeApiClient<T>(kc: KubeConfig, apiType: new (config: Configuration) => T): T {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig names no current cluster');
  return new apiType(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: new SharedDispatcherAuth(kc) },
      httpApi: pooledHttp,
    }),
  );
}

/**
 * The KubeConfig's credentials, applied once per call with `applyToHTTPSOptions` (headers, TLS material; client-node
 * runs exec and auth-provider plugins there), and its dispatcher kept while the TLS material (CA, client
 * certificate, verification, server name) stays the same. Only when that changes (first call, a certificate an exec
 * plugin rotated) does client-node's `applySecurityAuthentication` build a new one.
 */
class SharedDispatcherAuth implements SecurityAuthentication {
  private shared: { material: unknown[]; dispatcher: Dispatcher | undefined } | undefined;

  constructor(private readonly kc: KubeConfig) {}

  getName(): string {
    return 'kubeconfig authentication (one connection pool)';
  }

  async applySecurityAuthentication(context: RequestContext): Promise<void> {
    const opts: https.RequestOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    const material = [opts.ca, opts.cert, opts.key, opts.pfx, opts.rejectUnauthorized, opts.servername];
    if (!this.shared || !sameMaterial(this.shared.material, material)) {
      const previous = this.shared?.dispatcher;
      await this.kc.applySecurityAuthentication(context); // headers, and a dispatcher for the new material
      this.shared = { material, dispatcher: context.getDispatcher() };
      void previous?.close().catch(() => undefined); // a rotated certificate: the old pool's connections end
      return;
    }
    // What client-node's applySecurityAuthentication sets, from the same options.
    if (opts.auth) context.setHeaderParam('Authorization', `Basic ${Buffer.from(opts.auth).toString('base64')}`);
    for (const [name, value] of Object.entries(opts.headers ?? {})) context.setHeaderParam(name, `${value}`);
    if (this.shared.dispatcher) context.setDispatcher(this.shared.dispatcher);
  }
}

function sameMaterial(a: unknown[], b: unknown[]): boolean {
  return a.every((v, i) => (Buffer.isBuffer(v) && Buffer.isBuffer(b[i]) ? v.equals(b[i]) : v === b[i]));
}

/**
 * client-node's default transport is undici's `fetch`, whose WHATWG streams, Request clone and body tee survive
 * young-generation GCs: ~21 KB promoted to the old generation per call, against ~5 KB through `dispatcher.request`
 * (tools/bench/README.md). The typed APIs only send JSON strings; without a dispatcher (no TLS material at all),
 * client-node's own fetch transport goes on.
 */
const fetchHttp = new IsomorphicFetchHttpLibrary();
const pooledHttp = wrapHttpLibrary({
  async send(request: RequestContext): Promise<ResponseContext> {
    const dispatcher = request.getDispatcher();
    const body = request.getBody();
    if (!dispatcher || (body !== undefined && typeof body !== 'string')) return fetchHttp.send(request).toPromise();
    const url = new URL(request.getUrl());
    const res = await dispatcher.request({
      origin: url.origin,
      path: url.pathname + url.search,
      method: request.getHttpMethod(),
      headers: request.getHeaders(),
      body,
      signal: request.getSignal(),
    });
    const data = Buffer.from(await res.body.arrayBuffer());
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    return new ResponseContext(res.statusCode, headers, new SelfDecodingBody(Promise.resolve(data)));
  },
});
