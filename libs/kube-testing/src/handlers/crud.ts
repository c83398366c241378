// GET/LIST/POST/PUT/PATCH/DELETE on stored resources, namespaced and cluster-scoped (k8s-wire §2).
import { apiVersionOf, findResource, type ResourceType } from '../resources.js';
import { ApiError, errors } from '../status.js';
import { clone, type KubeObject } from '../store.js';
import { asObject, decodeBody, readBody, sendJson } from '../http.js';
import { jsonPatch, mergePatch, strategicMergePatch } from '../patch.js';
import { toTable, wantsTable, type IncludeObject } from '../table.js';
import { afterDelete, afterWrite, prepareCreate, prepareUpdate } from './lifecycle.js';
import { filterItems } from './selectors.js';
import { guardRbacWrite } from './escalation.js';
import type { HandlerContext } from '../core.js';

const NAMESPACES = findResource('', 'v1', 'namespaces')!;

export async function handleCrud(ctx: HandlerContext, r: ResourceType): Promise<void> {
  const { info } = ctx;
  if (r.namespaced && !info.namespace && info.name) throw errors.pathNotFound();
  if (!r.namespaced && info.namespace && r.kind !== 'Namespace') throw errors.pathNotFound();
  switch (info.verb) {
    case 'get':
      return respondObject(ctx, r, 200, ctx.core.store.get(r, info.namespace, info.name));
    case 'list':
      return list(ctx, r);
    case 'create':
      return create(ctx, r);
    case 'update':
      return update(ctx, r);
    case 'patch':
      return patch(ctx, r);
    case 'delete':
      return remove(ctx, r);
    case 'deletecollection':
      return removeCollection(ctx, r);
    default:
      throw errors.methodNotAllowed(`the server does not allow this method on the requested resource`);
  }
}

function namespaceOf(ctx: HandlerContext, r: ResourceType): string | undefined {
  if (!r.namespaced) return undefined;
  return ctx.info.namespace || undefined;
}

function list(ctx: HandlerContext, r: ResourceType): void {
  const q = ctx.url.searchParams;
  const all = filterItems(ctx.core.store.list(r, namespaceOf(ctx, r)), q);
  const rv = ctx.core.store.resourceVersion;
  const limit = Number(q.get('limit') ?? 0);
  const offset = decodeContinue(q.get('continue'));
  const page = limit > 0 ? all.slice(offset, offset + limit) : all.slice(offset);
  const meta: Record<string, unknown> = { resourceVersion: rv };
  const remaining = all.length - offset - page.length;
  if (limit > 0 && remaining > 0) {
    meta.continue = Buffer.from(JSON.stringify({ rv, o: offset + page.length })).toString('base64url');
    meta.remainingItemCount = remaining;
  }
  if (wantsTable(ctx.req.headers.accept)) {
    sendJson(ctx.res, 200, toTable(r.kind, page, meta, includeObject(q)));
    return;
  }
  sendJson(ctx.res, 200, { kind: `${r.kind}List`, apiVersion: apiVersionOf(r), metadata: meta, items: page });
}

function decodeContinue(token: string | null): number {
  if (!token) return 0;
  try {
    const o = JSON.parse(Buffer.from(token, 'base64url').toString()).o;
    if (Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through
  }
  throw errors.badRequest('continue key is not valid');
}

function includeObject(q: URLSearchParams): IncludeObject {
  const v = q.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function respondObject(ctx: HandlerContext, r: ResourceType, code: number, obj: KubeObject): void {
  if (wantsTable(ctx.req.headers.accept)) {
    sendJson(
      ctx.res,
      code,
      toTable(r.kind, [obj], { resourceVersion: obj.metadata.resourceVersion }, includeObject(ctx.url.searchParams)),
    );
    return;
  }
  sendJson(ctx.res, code, obj);
}

async function readObject(ctx: HandlerContext, r: ResourceType): Promise<KubeObject> {
  const body = decodeBody(
    await readBody(ctx.req),
    ctx.req.headers['content-type'],
    () => ctx.core.counters.protobufBodies++,
  );
  const obj = asObject(body);
  if (obj.kind && obj.kind !== r.kind)
    throw errors.badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${r.kind})`);
  if (obj.apiVersion && obj.apiVersion !== apiVersionOf(r)) {
    throw errors.badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(r)})`,
    );
  }
  const ns = namespaceOf(ctx, r);
  if (ns && obj.metadata.namespace && obj.metadata.namespace !== ns) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  return obj;
}

const dryRun = (ctx: HandlerContext) => ctx.url.searchParams.getAll('dryRun').includes('All');

function requireNamespace(ctx: HandlerContext, r: ResourceType, ns: string | undefined): void {
  if (r.namespaced && ns && !ctx.core.store.find(NAMESPACES, undefined, ns))
    throw errors.notFound('namespaces', '', ns);
}

async function create(ctx: HandlerContext, r: ResourceType): Promise<void> {
  if (ctx.info.name) throw errors.methodNotAllowed('POST is not allowed on a named resource');
  const obj = await readObject(ctx, r);
  const ns = namespaceOf(ctx, r);
  requireNamespace(ctx, r, ns);
  await createObject(ctx, r, obj, ns);
}

async function createObject(
  ctx: HandlerContext,
  r: ResourceType,
  obj: KubeObject,
  ns: string | undefined,
): Promise<void> {
  delete obj.metadata.resourceVersion;
  prepareCreate(ctx.core, r, obj);
  guardRbacWrite(ctx, r, { ...obj, metadata: { ...obj.metadata, namespace: ns } });
  if (dryRun(ctx)) {
    if (r.namespaced) obj.metadata.namespace = ns;
    sendJson(ctx.res, 201, { ...obj, apiVersion: apiVersionOf(r), kind: r.kind });
    return;
  }
  const created = ctx.core.store.create(r, obj, ns);
  afterWrite(ctx.core, r);
  sendJson(ctx.res, 201, created);
}

async function update(ctx: HandlerContext, r: ResourceType): Promise<void> {
  const obj = await readObject(ctx, r);
  if (obj.metadata.name && obj.metadata.name !== ctx.info.name) {
    throw errors.badRequest(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${ctx.info.name})`,
    );
  }
  obj.metadata.name = ctx.info.name;
  if (r.namespaced) obj.metadata.namespace = ctx.info.namespace;
  const current = ctx.core.store.get(r, ctx.info.namespace, ctx.info.name);
  write(ctx, r, current, obj);
}

function write(ctx: HandlerContext, r: ResourceType, current: KubeObject, next: KubeObject): void {
  prepareUpdate(r, current, next);
  guardRbacWrite(ctx, r, next);
  if (dryRun(ctx)) {
    sendJson(ctx.res, 200, next);
    return;
  }
  const saved = ctx.core.store.update(r, next);
  afterWrite(ctx.core, r);
  sendJson(ctx.res, 200, saved);
}

async function patch(ctx: HandlerContext, r: ResourceType): Promise<void> {
  const type = (ctx.req.headers['content-type'] ?? '').split(';')[0].trim();
  const raw = await readBody(ctx.req);
  const current = ctx.core.store.find(r, ctx.info.namespace, ctx.info.name);
  if (type === 'application/apply-patch+yaml') {
    const applied = asObject(decodeBody(raw, 'application/yaml'));
    if (!current) {
      applied.metadata.name ??= ctx.info.name;
      requireNamespace(ctx, r, namespaceOf(ctx, r));
      return createObject(ctx, r, applied, namespaceOf(ctx, r));
    }
    return write(ctx, r, current, withIdentity(asObject(mergePatch(current, applied)), current));
  }
  if (!current) throw errors.notFound(r.resource, r.group, ctx.info.name);
  const body = decodeBody(raw, 'application/json');
  let next: unknown;
  if (type === 'application/merge-patch+json') next = mergePatch(clone(current), body);
  else if (type === 'application/strategic-merge-patch+json') next = strategicMergePatch(clone(current), body);
  else if (type === 'application/json-patch+json') next = jsonPatch(current, body);
  else
    throw new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`,
    );
  write(ctx, r, current, withIdentity(asObject(next), current));
}

/** A patch may not rename or move an object; it also does not need to carry the resourceVersion. */
function withIdentity(next: KubeObject, current: KubeObject): KubeObject {
  next.metadata.name = current.metadata.name;
  next.metadata.namespace = current.metadata.namespace;
  if (next.metadata.resourceVersion === current.metadata.resourceVersion) delete next.metadata.resourceVersion;
  return next;
}

function remove(ctx: HandlerContext, r: ResourceType): void {
  if (dryRun(ctx)) {
    sendJson(ctx.res, 200, ctx.core.store.get(r, ctx.info.namespace, ctx.info.name));
    return;
  }
  const deleted = ctx.core.store.delete(r, ctx.info.namespace, ctx.info.name);
  afterDelete(ctx.core, r, deleted);
  sendJson(ctx.res, 200, deleted);
}

function removeCollection(ctx: HandlerContext, r: ResourceType): void {
  const items = filterItems(ctx.core.store.list(r, namespaceOf(ctx, r)), ctx.url.searchParams);
  if (!dryRun(ctx)) {
    for (const o of items) {
      ctx.core.store.delete(r, o.metadata.namespace, o.metadata.name!);
      afterDelete(ctx.core, r, o);
    }
  }
  sendJson(ctx.res, 200, {
    kind: `${r.kind}List`,
    apiVersion: apiVersionOf(r),
    metadata: { resourceVersion: ctx.core.store.resourceVersion },
    items,
  });
}
