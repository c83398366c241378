// The resource types one server serves: the built-in ones, and those its stored CustomResourceDefinitions define.
// As the apiextensions server does, a CRD's served versions appear in discovery (so helm's .Capabilities.APIVersions
// has them) and take writes from the moment the CRD is stored, and vanish with it.
import { RESOURCES, findResource, groupVersions, resourceForKind, type ResourceType } from './resources.js';
import type { KubeObject, ObjectStore } from './store.js';

export const CRDS = findResource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: { plural?: string; singular?: string; kind?: string; shortNames?: string[]; categories?: string[] };
  versions?: { name?: string; served?: boolean; subresources?: { status?: object; scale?: object } }[];
}

export class ResourceRegistry {
  constructor(private readonly store: ObjectStore) {}

  /** Built-in types first, then the custom ones, CRD by CRD. */
  all(): ResourceType[] {
    return [...RESOURCES, ...this.store.list(CRDS).flatMap(customResources)];
  }

  find(group: string, version: string, resource: string): ResourceType | undefined {
    return this.all().find((r) => r.group === group && r.version === version && r.resource === resource);
  }

  forKind(apiVersion: string, kind: string): ResourceType | undefined {
    return resourceForKind(apiVersion, kind, this.all());
  }

  groupVersions(): { group: string; version: string }[] {
    return groupVersions(this.all());
  }
}

/** One resource type per served version of a CRD (the store keeps them in one bucket: group and plural). */
export function customResources(crd: KubeObject): ResourceType[] {
  const spec = (crd.spec ?? {}) as CrdSpec;
  const { group, names } = spec;
  if (!group || !names?.plural || !names.kind) return [];
  return (spec.versions ?? [])
    .filter((v) => v.served && v.name)
    .map((v) => {
      const r: ResourceType = {
        group,
        version: v.name!,
        resource: names.plural!,
        kind: names.kind!,
        singular: names.singular ?? names.kind!.toLowerCase(),
        namespaced: spec.scope !== 'Cluster',
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      };
      if (names.shortNames?.length) r.shortNames = names.shortNames;
      if (names.categories?.length) r.categories = names.categories;
      const subresources = [];
      if (v.subresources?.status)
        subresources.push({ name: 'status', kind: names.kind!, verbs: ['get', 'patch', 'update'] });
      if (v.subresources?.scale) subresources.push({ name: 'scale', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
      if (subresources.length) r.subresources = subresources;
      return r;
    });
}
