// SelfSubjectAccessReview, SelfSubjectRulesReview and SelfSubjectReview: computed for the effective
// (impersonated) user, so `kubectl auth can-i` and `auth whoami` tell the truth (k8s-wire §4).
import { apiVersionOf, type ResourceType } from '../resources.js';
import { asObject, decodeBody, readBody, sendJson } from '../http.js';
import { errors } from '../status.js';
import type { Attributes, PolicyRule } from '../rbac.js';
import type { HandlerContext } from '../core.js';

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

export async function handleReview(ctx: HandlerContext, r: ResourceType): Promise<void> {
  if (ctx.info.verb !== 'create') throw errors.methodNotAllowed(`${r.resource} only supports create`);
  const review = asObject(
    decodeBody(await readBody(ctx.req), ctx.req.headers['content-type'], () => ctx.core.counters.protobufBodies++),
  );
  const spec = (review.spec ?? {}) as Record<string, unknown>;
  const base = { kind: r.kind, apiVersion: apiVersionOf(r), metadata: { creationTimestamp: null }, spec };
  switch (r.kind) {
    case 'SelfSubjectAccessReview':
      return sendJson(ctx.res, 201, { ...base, status: accessReview(ctx, spec) });
    case 'SelfSubjectRulesReview':
      return sendJson(ctx.res, 201, { ...base, status: rulesReview(ctx, String(spec.namespace ?? '')) });
    default: {
      const { name, uid, groups, extra } = ctx.user;
      const userInfo: Record<string, unknown> = { username: name, groups };
      if (uid) userInfo.uid = uid;
      if (extra) userInfo.extra = extra;
      return sendJson(ctx.res, 201, {
        kind: r.kind,
        apiVersion: apiVersionOf(r),
        metadata: { creationTimestamp: null },
        status: { userInfo },
      });
    }
  }
}

function accessReview(ctx: HandlerContext, spec: Record<string, unknown>): Record<string, unknown> {
  const ra = spec.resourceAttributes as ResourceAttributes | undefined;
  const nra = spec.nonResourceAttributes as { path?: string; verb?: string } | undefined;
  let a: Attributes;
  if (ra) {
    a = {
      isResourceRequest: true,
      verb: ra.verb ?? '',
      apiGroup: ra.group ?? '',
      resource: ra.resource ?? '',
      subresource: ra.subresource ?? '',
      name: ra.name ?? '',
      namespace: ra.namespace ?? '',
      path: '',
    };
  } else if (nra) {
    a = {
      isResourceRequest: false,
      verb: nra.verb ?? '',
      path: nra.path ?? '',
      apiGroup: '',
      resource: '',
      subresource: '',
      name: '',
      namespace: '',
    };
  } else {
    throw errors.invalid('SelfSubjectAccessReview', 'authorization.k8s.io', '', [
      {
        field: 'spec.resourceAttributes',
        message: 'Required value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
      },
    ]);
  }
  const d = ctx.core.authz.authorize(ctx.user, a);
  return d.allowed ? { allowed: true, reason: d.reason } : { allowed: false };
}

function rulesReview(ctx: HandlerContext, namespace: string): Record<string, unknown> {
  const rules: PolicyRule[] = ctx.core.authz.rulesFor(ctx.user, namespace);
  const resourceRules = rules
    .filter((r) => r.resources?.length)
    .map((r) => ({
      verbs: r.verbs,
      apiGroups: r.apiGroups ?? [],
      resources: r.resources ?? [],
      ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
    }));
  const nonResourceRules = rules
    .filter((r) => r.nonResourceURLs?.length)
    .map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }));
  return { resourceRules, nonResourceRules, incomplete: false };
}
