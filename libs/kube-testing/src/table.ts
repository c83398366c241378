// Server-side printing (k8s-wire §2.3): the Table kubectl asks for with `Accept: …;as=Table;…`, with the
// real column sets for the kinds tests assert on and the default Name/Created At for the rest.
import type { KubeObject } from './store.js';

interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  cell: (o: KubeObject) => unknown;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

const name: Column = { name: 'Name', type: 'string', format: 'name', cell: (o) => o.metadata.name };
const age: Column = { name: 'Age', type: 'string', cell: (o) => humanAge(o.metadata.creationTimestamp) };
const createdAt: Column = { name: 'Created At', type: 'date', cell: (o) => o.metadata.creationTimestamp };

type Sub = { kind: string; name: string; namespace?: string };
const subjects = (o: KubeObject, kind: string) =>
  ((o.subjects as Sub[] | undefined) ?? [])
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name))
    .join(', ');
const bindingColumns: Column[] = [
  name,
  { name: 'Role', type: 'string', cell: (o) => `${(o.roleRef as Sub).kind}/${(o.roleRef as Sub).name}` },
  age,
  { name: 'Users', type: 'string', priority: 1, cell: (o) => subjects(o, 'User') },
  { name: 'Groups', type: 'string', priority: 1, cell: (o) => subjects(o, 'Group') },
  { name: 'ServiceAccounts', type: 'string', priority: 1, cell: (o) => subjects(o, 'ServiceAccount') },
];
const count = (v: unknown) => Object.keys((v as object | undefined) ?? {}).length;

type WorkloadStatus = {
  replicas?: number;
  readyReplicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
};
const ws = (o: KubeObject) => (o.status ?? {}) as WorkloadStatus;

const COLUMNS: Record<string, Column[]> = {
  Deployment: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${ws(o).readyReplicas ?? 0}/${(o.spec as { replicas?: number } | undefined)?.replicas ?? 1}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (o) => ws(o).updatedReplicas ?? 0 },
    { name: 'Available', type: 'integer', cell: (o) => ws(o).availableReplicas ?? 0 },
    age,
  ],
  Pod: [
    name,
    { name: 'Ready', type: 'string', cell: podReady },
    { name: 'Status', type: 'string', cell: (o) => (o.status as { phase?: string } | undefined)?.phase ?? 'Pending' },
    { name: 'Restarts', type: 'string', cell: () => '0' },
    age,
    {
      name: 'IP',
      type: 'string',
      priority: 1,
      cell: (o) => (o.status as { podIP?: string } | undefined)?.podIP ?? '<none>',
    },
    {
      name: 'Node',
      type: 'string',
      priority: 1,
      cell: (o) => (o.spec as { nodeName?: string } | undefined)?.nodeName ?? '<none>',
    },
    { name: 'Nominated Node', type: 'string', priority: 1, cell: () => '<none>' },
    { name: 'Readiness Gates', type: 'string', priority: 1, cell: () => '<none>' },
  ],
  Namespace: [
    name,
    { name: 'Status', type: 'string', cell: (o) => (o.status as { phase?: string } | undefined)?.phase ?? 'Active' },
    age,
  ],
  RoleBinding: bindingColumns,
  ClusterRoleBinding: bindingColumns,
  Role: [name, createdAt],
  ClusterRole: [name, createdAt],
  ConfigMap: [name, { name: 'Data', type: 'integer', cell: (o) => count(o.data) + count(o.binaryData) }, age],
  Secret: [
    name,
    { name: 'Type', type: 'string', cell: (o) => o.type ?? 'Opaque' },
    { name: 'Data', type: 'integer', cell: (o) => count(o.data) },
    age,
  ],
};

function podReady(o: KubeObject): string {
  const containers = (o.spec as { containers?: unknown[] } | undefined)?.containers ?? [];
  const statuses = (o.status as { containerStatuses?: { ready?: boolean }[] } | undefined)?.containerStatuses ?? [];
  return `${statuses.filter((s) => s.ready).length}/${containers.length}`;
}

export function wantsTable(accept: string | undefined): boolean {
  return /as=Table/.test(accept ?? '');
}

export function toTable(
  kind: string,
  items: KubeObject[],
  meta: Record<string, unknown>,
  include: IncludeObject,
  withColumns = true,
): Record<string, unknown> {
  const columns = COLUMNS[kind] ?? [name, createdAt];
  const rows = items.map((o) => ({ cells: columns.map((c) => c.cell(o) ?? ''), object: rowObject(o, include) }));
  const table: Record<string, unknown> = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: meta };
  // Only the first table of a watch carries the column definitions, as the apiserver does.
  if (withColumns) {
    table.columnDefinitions = columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.name,
      priority: c.priority ?? 0,
    }));
  }
  table.rows = rows;
  return table;
}

function rowObject(o: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/** duration.HumanDuration from k8s.io/apimachinery, as the AGE column shows it. */
export function humanAge(ts: string | undefined, now = Date.now()): string {
  if (!ts) return '<unknown>';
  const secs = Math.max(0, Math.floor((now - Date.parse(ts)) / 1000));
  if (secs < 120) return `${secs}s`;
  const mins = Math.floor(secs / 60);
  if (mins < 10) return secs % 60 ? `${mins}m${secs % 60}s` : `${mins}m`;
  if (mins < 180) return `${mins}m`;
  const hours = Math.floor(mins / 60);
  if (hours < 8) return mins % 60 ? `${hours}h${mins % 60}m` : `${hours}h`;
  if (hours < 48) return `${hours}h`;
  if (hours < 192) return hours % 24 ? `${Math.floor(hours / 24)}d${hours % 24}h` : `${Math.floor(hours / 24)}d`;
  return `${Math.floor(hours / 24)}d`;
}
