// What each connector hears about people: only the users and groups that hold a grant on its destination (directly,
// through a group, on the destination or one of its namespaces). A change that may move who reaches a destination
// (a grant added or removed, a membership changed, a group or user deleted) has the projection take the reach of the
// users it touches before(), make the change, then call announce(): each destination whose view of a user changed hears it, scoped
// to that destination in the change log: user_upserted with the user's groups that hold a grant there when they gain
// the destination or those groups change, user_removed when they lose their last grant there.
import { Injectable } from '@nestjs/common';
import type { Tx } from '../../db/database.js';
import { AudienceRepository, type Reach } from './audience.repository.js';
import { ChangesService } from './changes.service.js';

/** The reach of some users at one moment, to compare with after a change. */
export interface ReachBefore {
  readonly users: Map<string, Reach>;
}

@Injectable()
export class ConnectorAudience {
  constructor(
    private readonly repo: AudienceRepository,
    private readonly changes: ChangesService,
  ) {}

  async before(tx: Tx, userIds: Iterable<string>): Promise<ReachBefore> {
    return { users: await this.repo.reach(tx, [...new Set(userIds)]) };
  }

  /** Logs, per destination, what changed for these users since before(); users deleted meanwhile are removed everywhere. */
  async announce(tx: Tx, before: ReachBefore): Promise<void> {
    const ids = [...before.users.keys()];
    const after = await this.repo.reach(tx, ids);
    const names = await this.repo.names(tx, ids);
    for (const id of ids) {
      const was = before.users.get(id)!;
      const now = names.has(id) ? after.get(id)! : new Map<string, Set<string>>();
      for (const [destination, groups] of now) {
        const old = was.get(destination);
        if (old && sameSet(old, groups)) continue;
        const payload = { id, name: names.get(id)!, groupIds: [...groups].sort() };
        await this.changes.append(tx, { kind: 'user_upserted', payload }, destination);
      }
      for (const destination of was.keys()) {
        if (!now.has(destination))
          await this.changes.append(tx, { kind: 'user_removed', payload: { id } }, destination);
      }
    }
  }
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
