import { Injectable } from '@nestjs/common';
import { Database, type Tx } from './database.js';
import { Repository } from './repository.js';

/** Named facts about this installation (e.g. `bootstrapped`): one row each in `settings`. */
export type SettingName = 'bootstrapped';

@Injectable()
export class SettingsRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  async get(name: SettingName, tx?: Tx): Promise<string | null> {
    const rows = (await this.em(tx).query('SELECT value FROM settings WHERE name = $1', [name])) as { value: string }[];
    return rows[0]?.value ?? null;
  }

  /**
   * Sets the setting unless it is set already; true when this call set it. A concurrent transaction setting the
   * same name waits for this one, then gets false (two replicas starting at once bootstrap once).
   */
  async claim(name: SettingName, value: string, tx: Tx): Promise<boolean> {
    const rows = (await this.em(tx).query(
      'INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING RETURNING name',
      [name, value],
    )) as unknown[];
    return rows.length > 0;
  }
}
