import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { Database, type Tx } from '../../db/database.js';
import { Repository } from '../../db/repository.js';
import { paginate, type Page, type PageQuery } from '../../common/pagination.js';
import {
  AccessRequestEntity,
  PagerDutySettingsEntity,
  RequestApproverEntity,
  type RequestState,
} from './access-request.entity.js';

export interface RequestFilter {
  state?: RequestState;
  /** Requests of this user… */
  requesterId: string;
  /** …and requests on these destinations ('all': every request). */
  decidable: string[] | 'all';
}

/** The only class that touches the request tables. */
@Injectable()
export class RequestsRepository extends Repository {
  constructor(db: Database) {
    super(db);
  }

  async insert(request: AccessRequestEntity, tx: Tx): Promise<void> {
    await this.em(tx).insert(AccessRequestEntity, request);
  }

  /** The request, locked until the transaction ends: two decisions on one request run one after the other. */
  lock(id: string, tx: Tx): Promise<AccessRequestEntity | null> {
    return this.em(tx).findOne(AccessRequestEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(id: string, fields: Partial<AccessRequestEntity>, tx: Tx): Promise<void> {
    await this.em(tx).update(AccessRequestEntity, { id }, fields);
  }

  findPending(
    requesterId: string,
    resource: string,
    role: string,
    now: Date,
    tx: Tx,
  ): Promise<AccessRequestEntity | null> {
    return this.em(tx)
      .createQueryBuilder(AccessRequestEntity, 'r')
      .where(
        "r.state = 'pending' AND r.requester_id = :requesterId AND r.resource = :resource AND r.role = :role AND r.pending_until > :now",
        { requesterId, resource, role, now },
      )
      .getOne();
  }

  /** Marks pending requests whose time ran out as expired; returns them. */
  async expireDue(now: Date, tx: Tx): Promise<AccessRequestEntity[]> {
    const due = await this.em(tx)
      .createQueryBuilder(AccessRequestEntity, 'r')
      .where("r.state = 'pending' AND r.pending_until <= :now", { now })
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    for (const r of due) await this.update(r.id, { state: 'expired', decidedAt: r.pendingUntil }, tx);
    return due;
  }

  list<T>(filter: RequestFilter, page: PageQuery, map: (r: AccessRequestEntity) => T): Promise<Page<T>> {
    const qb = this.db.manager.createQueryBuilder(AccessRequestEntity, 'r');
    const { decidable } = filter;
    if (decidable !== 'all') {
      qb.andWhere(
        new Brackets((w) => {
          w.where('r.requester_id = :requesterId', { requesterId: filter.requesterId });
          if (decidable.length) w.orWhere('r.destination IN (:...destinations)', { destinations: decidable });
        }),
      );
    }
    if (filter.state) qb.andWhere('r.state = :state', { state: filter.state });
    return paginate(qb, page, map);
  }

  // --- approvers -------------------------------------------------------------------------------------------------

  /** Destinations whose requests this user may decide through an approver group. */
  async destinationsApprovedBy(userId: string, tx?: Tx): Promise<string[]> {
    const rows = (await this.em(tx).query(
      `SELECT DISTINCT a.destination FROM request_approvers a JOIN memberships m ON m.group_id = a.group_id WHERE m.user_id = $1`,
      [userId],
    )) as { destination: string }[];
    return rows.map((r) => r.destination);
  }

  async setApprovers(destination: string, groupIds: string[], tx: Tx): Promise<void> {
    await this.em(tx).delete(RequestApproverEntity, { destination });
    if (groupIds.length)
      await this.em(tx).insert(
        RequestApproverEntity,
        groupIds.map((groupId) => ({ destination, groupId })),
      );
  }

  /** Destination → the names of its approver groups. */
  async approvers(destination?: string): Promise<Map<string, string[]>> {
    const rows = (await this.db.manager.query(
      `SELECT a.destination, g.name FROM request_approvers a JOIN groups g ON g.id = a.group_id
        WHERE $1::varchar IS NULL OR a.destination = $1 ORDER BY a.destination, g.name`,
      [destination ?? null],
    )) as { destination: string; name: string }[];
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.destination, [...(out.get(r.destination) ?? []), r.name]);
    return out;
  }

  // --- PagerDuty -------------------------------------------------------------------------------------------------

  pagerDuty(tx?: Tx): Promise<PagerDutySettingsEntity | null> {
    return this.em(tx).findOneBy(PagerDutySettingsEntity, { id: 1 });
  }

  async savePagerDuty(settings: PagerDutySettingsEntity, tx: Tx): Promise<void> {
    await this.em(tx).upsert(PagerDutySettingsEntity, settings, ['id']);
  }

  async deletePagerDuty(tx: Tx): Promise<boolean> {
    return ((await this.em(tx).delete(PagerDutySettingsEntity, { id: 1 })).affected ?? 0) > 0;
  }
}
