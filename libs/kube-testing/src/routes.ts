// Which handler answers a (non-upgrade) request: discovery and health paths, then resources.
import {
  aggregatedDiscovery,
  apiGroupList,
  apiResourceList,
  apiVersions,
  openApiGroupVersion,
  openApiRoot,
  SERVER_VERSION,
  wantsAggregated,
} from './discovery.js';
import { errors } from './status.js';
import { sendJson } from './http.js';
import { handleCrud } from './handlers/crud.js';
import { handleReview } from './handlers/reviews.js';
import { handleWatch } from './handlers/watch.js';
import { handleLogs } from './handlers/logs.js';
import type { HandlerContext } from './core.js';

const STREAM_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

export async function route(ctx: HandlerContext): Promise<void> {
  const { info } = ctx;
  if (!info.isResourceRequest) return nonResource(ctx);
  const r = ctx.core.resources.find(info.apiGroup, info.apiVersion, info.resource);
  if (!r) throw errors.pathNotFound();
  if (!r.verbs.includes('get')) return handleReview(ctx, r);
  if (info.subresource) {
    if (!r.subresources?.some((s) => s.name === info.subresource)) throw errors.pathNotFound();
    if (info.subresource === 'log') return handleLogs(ctx);
    if (STREAM_SUBRESOURCES.has(info.subresource)) throw errors.badRequest('Upgrade request required');
  }
  if (info.verb === 'watch') return handleWatch(ctx, r);
  return handleCrud(ctx, r);
}

function nonResource(ctx: HandlerContext): void {
  const path = ctx.url.pathname.replace(/\/+$/, '') || '/';
  const { res } = ctx;
  const resources = ctx.core.resources.all();
  if (ctx.req.method !== 'GET' && ctx.req.method !== 'HEAD')
    throw errors.methodNotAllowed(`${ctx.req.method} is not allowed on ${path}`);
  if (path === '/version') return sendJson(res, 200, SERVER_VERSION);
  if (path === '/healthz' || path === '/livez' || path === '/readyz') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('ok');
    return;
  }
  if (
    (path === '/api' || path === '/apis') &&
    ctx.core.aggregatedDiscovery &&
    wantsAggregated(ctx.req.headers.accept)
  ) {
    const { contentType, body } = aggregatedDiscovery(resources, path === '/api');
    return sendJson(res, 200, body, contentType);
  }
  if (path === '/api') return sendJson(res, 200, apiVersions(ctx.req.headers.host ?? ''));
  if (path === '/apis') return sendJson(res, 200, apiGroupList(resources));
  if (path === '/openapi/v2') {
    // An empty (protobuf) Swagger document: kubectl and helm fall back to it for a group-version the v3 root lacks
    // (a kind with no CRD) and, finding no schema for the kind, skip validation, so the mapper's real error shows.
    res.writeHead(200, { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' });
    res.end();
    return;
  }
  if (path === '/openapi/v3') return sendJson(res, 200, openApiRoot(resources));
  if (path.startsWith('/openapi/v3/')) {
    const doc = openApiGroupVersion(resources, path.slice('/openapi/v3/'.length));
    if (doc) return sendJson(res, 200, doc);
    throw errors.pathNotFound();
  }
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'api' && parts.length === 2) {
    const list = apiResourceList(resources, '', parts[1]);
    if (list) return sendJson(res, 200, list);
  }
  if (parts[0] === 'apis' && parts.length === 3) {
    const list = apiResourceList(resources, parts[1], parts[2]);
    if (list) return sendJson(res, 200, list);
  }
  if (parts[0] === 'apis' && parts.length === 2) {
    const versions = ctx.core.resources.groupVersions().filter((gv) => gv.group === parts[1]);
    if (versions.length) {
      const gvs = versions.map((v) => ({ groupVersion: `${v.group}/${v.version}`, version: v.version }));
      return sendJson(res, 200, {
        kind: 'APIGroup',
        apiVersion: 'v1',
        name: parts[1],
        versions: gvs,
        preferredVersion: gvs[0],
      });
    }
  }
  throw errors.pathNotFound();
}
