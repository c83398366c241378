// PATCH bodies: JSON merge patch (RFC 7386), a simple strategic merge patch (lists of objects merged by
// their patch-merge key, kubectl's `$` directives honoured or ignored), JSON patch (RFC 6902) and
// server-side apply (treated as a merge of the applied configuration).
import { ApiError, errors } from './status.js';

type J = unknown;
type Obj = Record<string, J>;

const isObj = (v: J): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Patch-merge keys of the list fields tests touch (k8s.io/api `patchMergeKey` tags). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  ownerReferences: 'uid',
  ports: 'containerPort',
};

export function mergePatch(target: J, patch: J): J {
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function strategicMergePatch(target: J, patch: J): J {
  if (!isObj(patch)) return patch;
  if (patch.$patch === 'replace') return stripDirectives(patch);
  if (patch.$patch === 'delete') return undefined;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/') || k === '$retainKeys' || k === '$patch') continue;
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(v)) out[field] = (out[field] as J[]).filter((x) => !v.includes(x));
      continue;
    }
    if (v === null) delete out[k];
    else if (Array.isArray(v) && MERGE_KEYS[k] && Array.isArray(out[k]))
      out[k] = mergeList(out[k] as J[], v, MERGE_KEYS[k]);
    else if (isObj(v)) {
      const merged = strategicMergePatch(out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else out[k] = v;
  }
  return out;
}

function mergeList(current: J[], patch: J[], key: string): J[] {
  const out = [...current];
  for (const item of patch) {
    if (!isObj(item)) continue;
    const i = out.findIndex((x) => isObj(x) && x[key] === item[key]);
    if (item.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
    } else if (i >= 0) out[i] = strategicMergePatch(out[i], item);
    else out.push(stripDirectives(item));
  }
  return out;
}

function stripDirectives(o: Obj): Obj {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('$')));
}

interface JsonPatchOp {
  op: string;
  path: string;
  value?: J;
  from?: string;
}

export function jsonPatch(target: J, ops: J): J {
  if (!Array.isArray(ops)) throw errors.badRequest('json patch must be an array of operations');
  let doc = structuredClone(target);
  for (const op of ops as JsonPatchOp[]) {
    const path = pointer(op.path);
    switch (op.op) {
      case 'add':
      case 'replace':
        doc = setAt(doc, path, op.value, op.op === 'add');
        break;
      case 'remove':
        doc = setAt(doc, path, undefined, false);
        break;
      case 'test':
        if (JSON.stringify(getAt(doc, path)) !== JSON.stringify(op.value))
          throw new ApiError(422, 'Invalid', `json patch test failed at ${op.path}`);
        break;
      default:
        throw errors.badRequest(`json patch op "${op.op}" is not supported`);
    }
  }
  return doc;
}

function pointer(p: string): string[] {
  if (p === '') return [];
  return p
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: J, path: string[]): J {
  let cur = doc;
  for (const seg of path) cur = isObj(cur) ? cur[seg] : Array.isArray(cur) ? cur[Number(seg)] : undefined;
  return cur;
}

function setAt(doc: J, path: string[], value: J, insert: boolean): J {
  if (path.length === 0) return value;
  const parent = getAt(doc, path.slice(0, -1));
  const last = path[path.length - 1];
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (value === undefined) parent.splice(i, 1);
    else if (insert) parent.splice(i, 0, value);
    else parent[i] = value;
  } else if (isObj(parent)) {
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  } else throw errors.badRequest(`json patch path "/${path.join('/')}" does not exist`);
  return doc;
}
