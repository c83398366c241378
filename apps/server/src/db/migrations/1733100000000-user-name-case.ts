import type { MigrationInterface, QueryRunner } from 'typeorm';

// E-mail user names are stored lower-case (common/names.ts canonicalUserName). Names that differ only in case are
// two rows for one person: this migration merges nothing, it stops and lists them for an admin to resolve (delete
// or rename one, then restart). Users named system:… are left alone: the server refuses new ones and the connector
// refuses to impersonate them.
export class UserNameCase1733100000000 implements MigrationInterface {
  name = 'UserNameCase1733100000000';

  async up(q: QueryRunner): Promise<void> {
    const clashes: { lowered: string; names: string[] }[] = await q.query(
      `SELECT lower(name) AS lowered, array_agg(name ORDER BY name) AS names FROM users
       WHERE position('@' in name) > 0 GROUP BY lower(name) HAVING count(*) > 1 ORDER BY lower(name)`,
    );
    if (clashes.length) {
      const list = clashes.map((c) => `${c.lowered} (${c.names.join(', ')})`).join('; ');
      throw new Error(
        `cannot fold e-mail user names to lower case: these users differ only in case: ${list}. ` +
          'Delete or rename all but one of each, then start the server again.',
      );
    }
    const renamed: unknown[] = await q.query(
      `UPDATE users SET name = lower(name) WHERE position('@' in name) > 0 AND name <> lower(name) RETURNING id`,
    );
    // Connectors know users by name: make every connector start again from a fresh snapshot.
    if (renamed.length)
      await q.query(`UPDATE change_log_pruned SET through = (SELECT coalesce(max(sequence), 0) FROM changes)`);
  }

  async down(): Promise<void> {
    // The original spellings are gone; nothing to undo.
  }
}
