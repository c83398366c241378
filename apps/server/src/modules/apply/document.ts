// Reads an access-as-code file (YAML) into typed declarations, keeping the line of every value so that each problem
// names the file, the line and the field. Only the shape is checked here (sections, fields, types); the rules about
// names, roles and duplicates are in rules.ts, those that need the database in apply.service.ts.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { Problem, Site } from './problems.js';

export interface DeclaredUser {
  name: string;
  at: Site;
}

export interface DeclaredMember {
  name: string;
  at: Site;
}

export interface DeclaredGroup {
  name: string;
  members: DeclaredMember[];
  at: Site;
}

export interface DeclaredGrant {
  user?: string;
  group?: string;
  role: string;
  resource: string;
  at: Site;
  /** Where each field was, for problems found later. */
  fields: Partial<Record<'user' | 'group' | 'role' | 'resource', Site>>;
}

/** The fields of a provider entry: those of `POST /api/providers`. */
export const PROVIDER_FIELDS = [
  'name',
  'kind',
  'url',
  'clientID',
  'clientSecret',
  'oktaAPIToken',
  'googleServiceAccountKey',
  'googleAdminEmail',
  'azureTenantID',
] as const;
export type ProviderField = (typeof PROVIDER_FIELDS)[number];

/** Fields whose value may be a reference (`env:NAME`, `file:PATH`) instead of a literal; resolved by rules.ts. */
export const SECRET_FIELDS = ['clientSecret', 'oktaAPIToken', 'googleServiceAccountKey'] as const;

export interface DeclaredProvider {
  name: string;
  /** Every field given, as written (secrets resolved later, in place). */
  values: Partial<Record<ProviderField, string>>;
  at: Site;
  fields: Partial<Record<ProviderField, Site>>;
}

export interface Declaration {
  providers: DeclaredProvider[];
  /** ClusterRole names beyond the built-in ones that grants may use (custom roles in the clusters). */
  roles: { name: string; at: Site }[];
  users: DeclaredUser[];
  groups: DeclaredGroup[];
  grants: DeclaredGrant[];
}

const SECTIONS = ['providers', 'roles', 'users', 'groups', 'grants'] as const;

/** Parses the file; the declaration is complete only when no problem was found. */
export function readDocument(text: string): { declaration: Declaration; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const r = new Reader(lines);
  const declaration: Declaration = { providers: [], roles: [], users: [], groups: [], grants: [] };
  for (const e of doc.errors) {
    const line = lines.linePos(e.pos[0]).line;
    r.problems.push({
      line,
      path: '',
      message: `not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
    });
  }
  if (r.problems.length) return { declaration, problems: r.problems };
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === '')))
    return { declaration, problems: [] };
  if (!isMap(root)) {
    r.problem(root, '', `must be a map with the sections ${SECTIONS.join(', ')}`);
    return { declaration, problems: r.problems };
  }
  const sections = r.fields(root, '', SECTIONS);
  r.list(sections.get('users'), 'users', (node, path) => {
    const name = isScalar(node)
      ? r.string(node, path)
      : r.object(node, path, ['name'], (f) => r.required(f, path, 'name', node));
    if (name !== undefined) declaration.users.push({ name, at: r.site(node, path) });
  });
  r.list(sections.get('roles'), 'roles', (node, path) => {
    const name = r.string(node, path);
    if (name !== undefined) declaration.roles.push({ name, at: r.site(node, path) });
  });
  r.list(sections.get('groups'), 'groups', (node, path) => {
    r.object(node, path, ['name', 'members'], (f) => {
      const name = r.required(f, path, 'name', node);
      const members: DeclaredMember[] = [];
      r.list(f.get('members'), `${path}.members`, (m, mPath) => {
        const member = r.string(m, mPath);
        if (member !== undefined) members.push({ name: member, at: r.site(m, mPath) });
      });
      if (name !== undefined) declaration.groups.push({ name, members, at: r.site(node, path) });
    });
  });
  r.list(sections.get('grants'), 'grants', (node, path) => {
    r.object(node, path, ['user', 'group', 'role', 'resource'], (f) => {
      const grant = { at: r.site(node, path), fields: {} } as DeclaredGrant;
      for (const key of ['user', 'group'] as const) {
        const value = r.optional(f, path, key);
        if (value !== undefined) Object.assign(grant, { [key]: value });
      }
      const role = r.required(f, path, 'role', node);
      const resource = r.required(f, path, 'resource', node);
      for (const key of ['user', 'group', 'role', 'resource'] as const) {
        const field = f.get(key);
        if (field) grant.fields[key] = r.site(field, `${path}.${key}`);
      }
      if (role !== undefined && resource !== undefined) declaration.grants.push({ ...grant, role, resource });
    });
  });
  r.list(sections.get('providers'), 'providers', (node, path) => {
    r.object(node, path, PROVIDER_FIELDS, (f) => {
      // Which fields a kind needs is the providers module's rule (checked in apply.service.ts); here only the shape.
      const required = new Set<ProviderField>(['name', 'clientID', 'clientSecret']);
      const provider: DeclaredProvider = { name: '', values: {}, at: r.site(node, path), fields: {} };
      let complete = true;
      for (const key of PROVIDER_FIELDS) {
        const value = required.has(key) ? r.required(f, path, key, node) : r.optional(f, path, key);
        if (value === undefined) {
          if (required.has(key)) complete = false;
          continue;
        }
        provider.values[key] = value;
        provider.fields[key] = r.site(f.get(key)!, `${path}.${key}`);
      }
      provider.name = provider.values.name ?? '';
      if (complete) declaration.providers.push(provider);
    });
  });
  return { declaration, problems: r.problems };
}

/** Walks YAML nodes, recording a problem (with its line) for every value of the wrong shape. */
class Reader {
  readonly problems: Problem[] = [];
  constructor(private readonly lines: LineCounter) {}

  site(node: Node, path: string): Site {
    return { line: node.range ? this.lines.linePos(node.range[0]).line : 1, path };
  }

  problem(node: Node, path: string, message: string): void {
    this.problems.push({ ...this.site(node, path), message });
  }

  /** The fields of a map by name; unknown fields are problems. */
  fields(map: YAMLMap, path: string, allowed: readonly string[]): Map<string, Node> {
    const out = new Map<string, Node>();
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const keyNode = pair.key as Node;
      const at = path ? `${path}.${key ?? '?'}` : (key ?? '?');
      if (key === undefined || !allowed.includes(key)) {
        this.problem(
          keyNode,
          at,
          `unknown field${key === undefined ? '' : ` "${key}"`} (expected ${allowed.join(', ')})`,
        );
        continue;
      }
      // A key with nothing after it (`members:`) is an empty value, not a missing one.
      out.set(key, (pair.value as Node | null) ?? keyNode);
    }
    return out;
  }

  list(node: Node | undefined, path: string, each: (item: Node, path: string) => void): void {
    if (node === undefined || (isScalar(node) && node.value === null)) return;
    if (!isSeq(node)) return this.problem(node, path, 'must be a list');
    node.items.forEach((item, i) => each(item as Node, `${path}[${i}]`));
  }

  object<T>(
    node: Node,
    path: string,
    allowed: readonly string[],
    read: (fields: Map<string, Node>) => T,
  ): T | undefined {
    if (!isMap(node)) {
      this.problem(node, path, `must be a map with the fields ${allowed.join(', ')}`);
      return undefined;
    }
    return read(this.fields(node, path, allowed));
  }

  string(node: Node, path: string): string | undefined {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value;
    this.problem(
      node,
      path,
      isScalar(node) && (node.value === null || node.value === '') ? 'must not be empty' : 'must be a string',
    );
    return undefined;
  }

  optional(fields: Map<string, Node>, path: string, key: string): string | undefined {
    const node = fields.get(key);
    return node === undefined ? undefined : this.string(node, `${path}.${key}`);
  }

  required(fields: Map<string, Node>, path: string, key: string, entry: Node): string | undefined {
    const node = fields.get(key);
    if (node === undefined) {
      this.problem(entry, `${path}.${key}`, 'is required');
      return undefined;
    }
    return this.string(node, `${path}.${key}`);
  }
}
