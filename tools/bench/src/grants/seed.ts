// Fills a fresh server database with users, groups, memberships and grants in a few set-based INSERTs (not one
// HTTP call per row). Rows are shaped as the server writes them; ids come from gen_random_uuid().
import type { EntityManager } from 'typeorm';

export interface SeedSizes {
  grants: number;
  users: number;
  groups: number;
  destinations: number;
}

export interface Seeded {
  grants: number;
  /** Names of seeded users and destinations to query by (user${i}@bench.example, bench-d${i}). */
  userName(i: number): string;
  destinationName(i: number): string;
}

const userName = (i: number) => `user${i}@bench.example`;
const destinationName = (i: number) => `bench-d${i}`;

/**
 * Grant i goes to user i % users (every tenth to a group instead) on destination (i + ⌊i / users⌋) % destinations,
 * namespace ns⌊i / users⌋: each user gets about grants/users grants spread over destinations, each destination
 * about grants/destinations.
 */
export async function seedGrants(em: EntityManager, sizes: SeedSizes): Promise<Seeded> {
  const { grants, users, groups, destinations } = sizes;
  await em.query(
    `INSERT INTO users (id, name, created, updated)
       SELECT gen_random_uuid(), 'user' || i || '@bench.example', now(), now() FROM generate_series(0, $1 - 1) i`,
    [users],
  );
  await em.query(
    `INSERT INTO groups (id, name, created, updated)
       SELECT gen_random_uuid(), 'group' || i, now(), now() FROM generate_series(0, $1 - 1) i`,
    [groups],
  );
  await em.query(
    `INSERT INTO memberships (group_id, user_id)
       SELECT g.id, u.id FROM generate_series(0, $1 - 1) i
         JOIN users u ON u.name = 'user' || i || '@bench.example'
         JOIN groups g ON g.name = 'group' || (i % $2)`,
    [users, groups],
  );
  await em.query(
    `INSERT INTO destinations (id, name, created, updated)
       SELECT gen_random_uuid(), 'bench-d' || i, now(), now() FROM generate_series(0, $1 - 1) i`,
    [destinations],
  );
  // In chunks, so that one statement never holds the whole set in memory.
  const chunk = 20_000;
  for (let from = 0; from < grants; from += chunk) {
    const to = Math.min(grants, from + chunk) - 1;
    await em.query(
      `INSERT INTO grants (id, user_id, group_id, privilege, resource, destination, created)
         SELECT gen_random_uuid(),
                CASE WHEN i % 10 = 0 THEN NULL ELSE u.id END,
                CASE WHEN i % 10 = 0 THEN g.id ELSE NULL END,
                (ARRAY['view', 'edit', 'admin'])[1 + i % 3],
                'bench-d' || ((i + i / $3) % $4) || '.ns' || (i / $3),
                'bench-d' || ((i + i / $3) % $4),
                now() - make_interval(secs => ($2 - i) / 1000.0)
           FROM generate_series($1::int, $2::int) i
           JOIN users u ON u.name = 'user' || (i % $3) || '@bench.example'
           JOIN groups g ON g.name = 'group' || ((i / 10) % $5)
         ON CONFLICT DO NOTHING`,
      [from, to, users, destinations, groups],
    );
  }
  await em.query('ANALYZE');
  const [{ count }] = (await em.query('SELECT count(*)::int AS count FROM grants')) as [{ count: number }];
  return { grants: count, userName, destinationName };
}
