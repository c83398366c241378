// What SCIM requests may say, read leniently where Okta and Entra differ (Entra capitalises ops and sends booleans as
// "True"/"False"; both send attributes Infra does not keep, which are ignored) and strictly where a wrong value would
// change access: a malformed body, filter or operation is a 400 with a scimType, never a 500.
import { ScimBadRequest } from './scim-errors.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Page sizes above this are cut to it (RFC 7644 §3.4.2.4 lets the server answer fewer). */
export const MAX_COUNT = 1000;

export interface ScimUserInput {
  userName?: string;
  externalId?: string | null;
  displayName?: string | null;
  active?: boolean;
}

export interface ScimGroupInput {
  displayName?: string;
  /** User ids; undefined when the request does not name members. */
  members?: string[];
}

export type PatchOp =
  { op: 'add' | 'replace'; path?: string; value: unknown } | { op: 'remove'; path: string; value?: unknown };

export interface Filter {
  attribute: string;
  value: string;
}

export interface Paging {
  /** 1-based (RFC 7644 §3.4.2.4); below 1 counts as 1. */
  startIndex: number;
  count: number;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function body(v: unknown): Record<string, unknown> {
  if (!isObject(v)) throw new ScimBadRequest('invalidSyntax', 'the request body must be a JSON object');
  if (v.schemas !== undefined && !(Array.isArray(v.schemas) && v.schemas.every((s) => typeof s === 'string')))
    throw new ScimBadRequest('invalidSyntax', 'schemas must be an array of strings');
  return v;
}

function optionalString(v: unknown, name: string): string | null | undefined {
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw new ScimBadRequest('invalidValue', `${name} must be a string`);
  return v;
}

/** true/false, or Entra's "True"/"False". */
export function parseBoolean(v: unknown, name: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw new ScimBadRequest('invalidValue', `${name} must be true or false`);
}

/** Attributes are case-insensitive (RFC 7643 §2.1); Infra keeps these four. */
function userAttributes(v: Record<string, unknown>): ScimUserInput {
  const out: ScimUserInput = {};
  for (const [key, value] of Object.entries(v)) {
    switch (key.toLowerCase()) {
      case 'username': {
        const name = optionalString(value, 'userName');
        if (!name) throw new ScimBadRequest('invalidValue', 'userName must be a non-empty string');
        out.userName = name;
        break;
      }
      case 'externalid':
        out.externalId = optionalString(value, 'externalId') ?? null;
        break;
      case 'displayname':
        out.displayName = optionalString(value, 'displayName') ?? null;
        break;
      case 'active':
        out.active = parseBoolean(value, 'active');
        break;
    }
  }
  return out;
}

/** A POST or PUT body: the whole user; `userName` is required, `active` defaults to true. */
export function parseUser(v: unknown): Required<ScimUserInput> {
  const user = userAttributes(body(v));
  if (user.userName === undefined) throw new ScimBadRequest('invalidValue', 'userName is required');
  return {
    userName: user.userName,
    externalId: user.externalId ?? null,
    displayName: user.displayName ?? null,
    active: user.active ?? true,
  };
}

function memberIds(v: unknown): string[] {
  if (!Array.isArray(v)) throw new ScimBadRequest('invalidValue', 'members must be an array');
  return v.map((m) => {
    if (!isObject(m) || typeof m.value !== 'string' || !m.value)
      throw new ScimBadRequest('invalidValue', 'each member must be an object with a string value (the user id)');
    return m.value;
  });
}

export function parseGroup(v: unknown): Required<Pick<ScimGroupInput, 'displayName'>> & ScimGroupInput {
  const b = body(v);
  const displayName = optionalString(b.displayName, 'displayName');
  if (!displayName) throw new ScimBadRequest('invalidValue', 'displayName is required');
  return { displayName, members: b.members === undefined || b.members === null ? [] : memberIds(b.members) };
}

export function parsePatch(v: unknown): PatchOp[] {
  const b = body(v);
  if (Array.isArray(b.schemas) && !b.schemas.includes(PATCH_SCHEMA))
    throw new ScimBadRequest('invalidSyntax', `a PATCH body must carry the schema ${PATCH_SCHEMA}`);
  const ops = b.Operations ?? b.operations;
  if (!Array.isArray(ops) || ops.length === 0)
    throw new ScimBadRequest('invalidSyntax', 'Operations must be a non-empty array');
  return ops.map((o, i) => {
    if (!isObject(o) || typeof o.op !== 'string')
      throw new ScimBadRequest('invalidSyntax', `Operations[${i}].op is required`);
    const op = o.op.toLowerCase();
    const path = optionalString(o.path, `Operations[${i}].path`) ?? undefined;
    if (op === 'remove') {
      if (!path) throw new ScimBadRequest('noTarget', `Operations[${i}]: remove needs a path`);
      return { op, path, value: o.value };
    }
    if (op !== 'add' && op !== 'replace')
      throw new ScimBadRequest('invalidSyntax', `Operations[${i}].op must be add, remove or replace`);
    if (o.value === undefined) throw new ScimBadRequest('invalidValue', `Operations[${i}]: ${op} needs a value`);
    if (!path && !isObject(o.value))
      throw new ScimBadRequest('invalidValue', `Operations[${i}]: without a path, the value must be an object`);
    return { op, path, value: o.value };
  });
}

/** What a PATCH does to a user: the attributes it sets (Infra's four; others are ignored). */
export function userPatch(ops: PatchOp[]): ScimUserInput {
  let out: ScimUserInput = {};
  for (const o of ops) {
    if (o.op === 'remove') {
      const attr = o.path.toLowerCase();
      if (attr === 'externalid' || attr === 'displayname') out = { ...out, ...userAttributes({ [o.path]: null }) };
      else if (attr === 'username' || attr === 'active')
        throw new ScimBadRequest('mutability', `${o.path} cannot be removed`);
      continue;
    }
    out = { ...out, ...userAttributes(o.path ? { [o.path]: o.value } : (o.value as Record<string, unknown>)) };
  }
  return out;
}

/** `members[value eq "<id>"]`, Okta's way of removing one member. */
const MEMBER_PATH = /^members\[\s*value\s+eq\s+"([^"]*)"\s*\]$/i;

/** What a PATCH does to a group, in order: rename, add, remove, replace members. */
export type GroupChange =
  { kind: 'rename'; displayName: string } | { kind: 'add' | 'remove' | 'replace'; members: string[] };

export function groupPatch(ops: PatchOp[]): GroupChange[] {
  const out: GroupChange[] = [];
  for (const o of ops) {
    const path = o.path?.toLowerCase();
    const one = o.path ? MEMBER_PATH.exec(o.path) : null;
    if (one && o.op === 'remove') out.push({ kind: 'remove', members: [one[1]!] });
    else if (path === 'members') {
      if (o.op === 'remove')
        out.push({
          kind: o.value === undefined ? 'replace' : 'remove',
          members: o.value === undefined ? [] : memberIds(o.value),
        });
      else out.push({ kind: o.op, members: memberIds(o.value) });
    } else if (path === 'displayname') {
      const name = optionalString(o.value, 'displayName');
      if (o.op === 'remove' || !name)
        throw new ScimBadRequest('invalidValue', 'displayName must be a non-empty string');
      out.push({ kind: 'rename', displayName: name });
    } else if (path === undefined && o.op !== 'remove') {
      const v = o.value as Record<string, unknown>;
      for (const [key, value] of Object.entries(v)) {
        if (key.toLowerCase() === 'displayname') {
          const name = optionalString(value, 'displayName');
          if (!name) throw new ScimBadRequest('invalidValue', 'displayName must be a non-empty string');
          out.push({ kind: 'rename', displayName: name });
        } else if (key.toLowerCase() === 'members') out.push({ kind: o.op, members: memberIds(value) });
      }
    } else if (path !== 'externalid') {
      throw new ScimBadRequest('invalidPath', `a group has no attribute "${o.path}" that can be changed here`);
    }
  }
  return out;
}

/** `attr eq "value"`: the one filter Okta and Entra send. Anything else is invalidFilter, never a silent "all". */
export function parseFilter(filter: unknown, attributes: readonly string[]): Filter | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter !== 'string') throw new ScimBadRequest('invalidFilter', 'filter must be given once');
  const m = /^\s*([A-Za-z][\w.]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter);
  if (!m) throw new ScimBadRequest('invalidFilter', `filter must be: <attribute> eq "<value>" (got ${filter})`);
  const attribute = attributes.find((a) => a.toLowerCase() === m[1]!.toLowerCase());
  if (!attribute) throw new ScimBadRequest('invalidFilter', `filter can use ${attributes.join(', ')}, not ${m[1]}`);
  return { attribute, value: m[2]!.replace(/\\(.)/g, '$1') };
}

function integer(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^-?\d{1,9}$/.test(v))
    throw new ScimBadRequest('invalidValue', `${name} must be an integer`);
  return Number(v);
}

/** startIndex below 1 counts as 1, a negative count as 0 (RFC 7644 §3.4.2.4). */
export function parsePaging(query: Record<string, unknown>): Paging {
  const startIndex = Math.max(1, integer(query.startIndex, 'startIndex') ?? 1);
  const count = Math.min(MAX_COUNT, Math.max(0, integer(query.count, 'count') ?? 100));
  return { startIndex, count };
}

export function listResponse<T>(total: number, paging: Paging, resources: T[]) {
  return {
    schemas: [LIST_SCHEMA],
    totalResults: total,
    startIndex: paging.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
