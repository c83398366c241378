// Turns a request into RBAC attributes, as the apiserver's RequestInfoFactory does (k8s-wire §4).
import { resourceVerb } from '@infra/kube-wire';
export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  verb: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

export function requestInfo(method: string, url: URL): RequestInfo {
  const path = url.pathname;
  const parts = path.split('/').filter(Boolean);
  const base: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
  };
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    base.apiVersion = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    base.apiGroup = parts[1];
    base.apiVersion = parts[2];
    rest = parts.slice(3);
  } else {
    return base;
  }
  const info = { ...base, isResourceRequest: true };
  if (rest[0] === 'namespaces' && rest.length > 1) {
    info.namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2])) rest = rest.slice(2);
  }
  info.resource = rest[0] ?? '';
  info.name = rest[1] ?? '';
  info.subresource = rest[2] ?? '';
  info.verb = resourceVerb(method, info.name !== '', url.searchParams);
  if ((info.verb === 'list' || info.verb === 'watch') && !info.name) {
    const byName = nameFromFieldSelector(url.searchParams.get('fieldSelector'));
    if (byName) info.name = byName;
  }
  return info;
}

export function nameFromFieldSelector(selector: string | null): string | undefined {
  if (!selector) return undefined;
  for (const term of selector.split(',')) {
    const m = /^metadata\.name==?(.*)$/.exec(term);
    if (m) return m[1];
  }
  return undefined;
}
