// /version, legacy discovery documents and a minimal /openapi/v3 (k8s-wire §1.2): just enough for kubectl's
// RESTMapper, and for `apply`/`create -f` to delegate validation to the server (fieldValidation=Strict).
import { groupVersions, type ResourceType } from './resources.js';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:00:00Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export type Json = Record<string, unknown>;

export function apiVersions(hostPort: string): Json {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: hostPort }],
  };
}

/** Every function below takes the resource types the server serves now (built-in and from CRDs). */
export function apiGroupList(resources: ResourceType[]): Json {
  const groups = groupVersions(resources)
    .filter((gv) => gv.group !== '')
    .map(({ group, version }) => {
      const gv = { groupVersion: `${group}/${version}`, version };
      return { name: group, versions: [gv], preferredVersion: gv };
    });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** `/api/v1` or `/apis/<group>/<version>`; undefined for an unknown group-version. */
export function apiResourceList(served: ResourceType[], group: string, version: string): Json | undefined {
  const rs = served.filter((r) => r.group === group && r.version === version);
  if (!rs.length) return undefined;
  const resources = rs.flatMap((r) => [
    resourceEntry(r),
    ...(r.subresources ?? []).map((s) => ({
      name: `${r.resource}/${s.name}`,
      singularName: '',
      namespaced: r.namespaced,
      kind: s.kind,
      verbs: s.verbs,
    })),
  ]);
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}

function resourceEntry(r: ResourceType): Json {
  const e: Json = {
    name: r.resource,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
  };
  if (r.shortNames) e.shortNames = r.shortNames;
  if (r.categories) e.categories = r.categories;
  return e;
}

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export function openApiRoot(resources: ResourceType[]): Json {
  const paths: Json = {};
  for (const { group, version } of groupVersions(resources)) {
    const p = gvPath(group, version);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${SERVER_VERSION.gitCommit.slice(0, 16)}` };
  }
  return { paths };
}

/** The per group-version document: one PATCH and one POST per kind, each advertising fieldValidation. */
export function openApiGroupVersion(resources: ResourceType[], path: string): Json | undefined {
  const gv = groupVersions(resources).find(({ group, version }) => gvPath(group, version) === path.replace(/^\/+/, ''));
  if (!gv) return undefined;
  const paths: Json = {};
  const params = [{ name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } }];
  for (const r of resources.filter((x) => x.group === gv.group && x.version === gv.version)) {
    const gvk = { group: r.group, version: r.version, kind: r.kind };
    const base = `/${gvPath(r.group, r.version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}`;
    paths[base] = {
      post: {
        'x-kubernetes-group-version-kind': gvk,
        'x-kubernetes-action': 'post',
        parameters: params,
        responses: {},
      },
    };
    if (r.verbs.includes('patch')) {
      paths[`${base}/{name}`] = {
        patch: {
          'x-kubernetes-group-version-kind': gvk,
          'x-kubernetes-action': 'patch',
          parameters: params,
          responses: {},
        },
      };
    }
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths,
    components: { schemas: {} },
  };
}

const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** Whether the Accept header asks for aggregated discovery v2 (kubectl 1.30+ always does). */
export function wantsAggregated(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((t) => {
    const params = new Set(
      t
        .split(';')
        .slice(1)
        .map((p) => p.trim()),
    );
    return params.has('g=apidiscovery.k8s.io') && params.has('v=v2') && params.has('as=APIGroupDiscoveryList');
  });
}

/**
 * The aggregated document for `/api` (the core group only) or `/apis` (every other group). The client
 * treats it as aggregated only when the response Content-Type carries the same g/v/as parameters.
 */
export function aggregatedDiscovery(resources: ResourceType[], core: boolean): { contentType: string; body: Json } {
  const items = groupVersions(resources)
    .filter((gv) => (gv.group === '') === core)
    .map(({ group, version }) => ({
      metadata: { name: group },
      versions: [
        {
          version,
          freshness: 'Current',
          resources: resources
            .filter((r) => r.group === group && r.version === version)
            .map((r) => {
              const responseKind = { group, version, kind: r.kind };
              const e: Json = {
                resource: r.resource,
                responseKind,
                scope: r.namespaced ? 'Namespaced' : 'Cluster',
                singularResource: r.singular,
                verbs: r.verbs,
              };
              if (r.shortNames) e.shortNames = r.shortNames;
              if (r.categories) e.categories = r.categories;
              if (r.subresources)
                e.subresources = r.subresources.map((s) => ({
                  subresource: s.name,
                  responseKind: { group, version, kind: s.kind },
                  verbs: s.verbs,
                }));
              return e;
            }),
        },
      ],
    }));
  return {
    contentType: AGGREGATED,
    body: { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items },
  };
}
