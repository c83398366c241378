// Grants for the idle-RSS connector's destination (BENCH_IDLE_GRANTS), written straight into the server's database
// in set-based INSERTs before the connector starts, so its first snapshot carries them all. Rows are shaped as the
// server writes them (as in grants/seed.ts): one user per ten grants, each user granted `view` in namespaces
// ns0..ns9 of the destination, so the connector renders one RoleBinding per grant.
import pg from 'pg';
import { grantBindingName } from '@infra/access';
import type { KubeApiServer } from '@infra/kube-testing';
import { nowMs, waitUntil } from '../lib/stats.js';

export const IDLE_GRANT_NAMESPACES = 10;

/** Returns the names of the RoleBindings the connector should write, one per grant. */
export async function seedIdleGrants(databaseUrl: string, destination: string, grants: number): Promise<Set<string>> {
  if (grants <= 0) return new Set();
  const users = Math.ceil(grants / IDLE_GRANT_NAMESPACES);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO users (id, name, created, updated)
         SELECT gen_random_uuid(), $2 || '-user' || i || '@bench.example', now(), now() FROM generate_series(0, $1 - 1) i`,
      [users, destination],
    );
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO grants (id, user_id, group_id, privilege, resource, destination, created)
         SELECT gen_random_uuid(), u.id, NULL, 'view', $3 || '.ns' || (i / $2), $3, now()
           FROM generate_series(0, $1 - 1) i
           JOIN users u ON u.name = $3 || '-user' || (i % $2) || '@bench.example'
         RETURNING id`,
      [grants, users, destination],
    );
    if (rows.length !== grants) throw new Error(`seeded ${rows.length} grants, not ${grants}`);
    return new Set(rows.map((r) => grantBindingName(r.id)));
  } finally {
    await client.end();
  }
}

/** The namespaces the grants name (ns0..ns9), which must exist for their RoleBindings. */
export function createIdleGrantNamespaces(kube: KubeApiServer): void {
  for (let i = 0; i < IDLE_GRANT_NAMESPACES; i++)
    kube.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns${i}` } });
}

/** Waits until the connector has written every binding: idle means reconciled, not still writing. */
export async function waitForBindings(kube: KubeApiServer, names: Set<string>, timeoutMs: number): Promise<void> {
  if (names.size === 0) return;
  const written = () =>
    kube.list('rbac.authorization.k8s.io/v1', 'RoleBinding').filter((b) => names.has(b.metadata.name ?? '')).length;
  // Every few seconds: a list sorts and copies every binding, on the event loop the test API server runs on.
  await waitUntil(() => written() === names.size, nowMs(), { everyMs: 5000, timeoutMs }).catch((e: Error) => {
    throw new Error(`${e.message}: ${written()} of ${names.size} bindings written`);
  });
}

/** Deletes the bindings again, so that the next connector measured (another variant) lists a cluster as clean. */
export function removeBindings(kube: KubeApiServer, names: Set<string>): void {
  for (const b of kube.list('rbac.authorization.k8s.io/v1', 'RoleBinding')) {
    if (names.has(b.metadata.name ?? ''))
      kube.delete('rbac.authorization.k8s.io/v1', 'RoleBinding', b.metadata.name!, b.metadata.namespace);
  }
}
