// Who decides access requests besides Infra admins (approver groups per destination) and the PagerDuty on-call
// settings. Admin-only to change; every change is audited. The PagerDuty token is sealed with the root key, never
// returned, never logged, and left out of the audit row.
import { Inject, Injectable } from '@nestjs/common';
import { formatDuration, INFRA_RESOURCE, parseDurationSeconds } from '@infra/access';
import type { Actor } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { BadRequestError, NotFoundError } from '../../common/errors.js';
import { RootKeyCipher } from '../../common/root-key.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Database } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import { DestinationsRepository } from '../destinations/destinations.repository.js';
import { GroupsService } from '../groups/groups.service.js';
import type { PagerDutySettingsEntity } from './access-request.entity.js';
import type { ApproversResponse, PagerDutyResponse, SetApproversDto, SetPagerDutyDto } from './dto/settings.dto.js';
import { RequestsRepository } from './requests.repository.js';

@Injectable()
export class RequestSettingsService {
  constructor(
    private readonly db: Database,
    private readonly repo: RequestsRepository,
    private readonly groups: GroupsService,
    private readonly destinations: DestinationsRepository,
    private readonly audit: AuditService,
    private readonly cipher: RootKeyCipher,
    private readonly clock: Clock,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  async listApprovers(): Promise<ApproversResponse[]> {
    return [...(await this.repo.approvers())].map(([destination, groups]) => ({ destination, groups }));
  }

  async setApprovers(actor: Actor, destination: string, dto: SetApproversDto): Promise<ApproversResponse> {
    if (destination === INFRA_RESOURCE)
      throw BadRequestError.field('destination', 'must be a destination: requests are not made for Infra itself');
    await this.db.transaction(async (tx) => {
      if (!(await this.destinations.findByName(destination, tx)))
        throw new NotFoundError(`destination "${destination}"`);
      const ids = [...new Set(await Promise.all(dto.groups.map(async (g) => (await this.groups.resolve(g, tx)).id)))];
      await this.repo.setApprovers(destination, ids, tx);
      await this.audit.record(tx, actor, {
        action: 'requests.approvers',
        targetType: 'destination',
        targetName: destination,
        details: { groups: dto.groups },
      });
    });
    return { destination, groups: (await this.repo.approvers(destination)).get(destination) ?? [] };
  }

  async pagerDuty(): Promise<PagerDutyResponse> {
    return toResponse(await this.repo.pagerDuty(), this.config.requestMaxDurationSeconds);
  }

  async setPagerDuty(actor: Actor, dto: SetPagerDutyDto): Promise<PagerDutyResponse> {
    let maxSeconds: number | undefined;
    if (dto.maxDuration !== undefined) {
      maxSeconds = parseDurationSeconds(dto.maxDuration.trim());
      if (maxSeconds === undefined)
        throw BadRequestError.field('maxDuration', 'must be a positive duration like 30m, 2h or 1d');
    }
    const saved = await this.db.transaction(async (tx) => {
      const current = await this.repo.pagerDuty(tx);
      if (!current && dto.token === undefined)
        throw BadRequestError.field('token', 'is required the first time PagerDuty is set up');
      const next: PagerDutySettingsEntity = {
        id: 1,
        tokenSealed: dto.token !== undefined ? this.cipher.encrypt(dto.token) : current!.tokenSealed,
        scheduleIds: dto.scheduleIDs ?? current?.scheduleIds ?? [],
        escalationPolicyIds: dto.escalationPolicyIDs ?? current?.escalationPolicyIds ?? [],
        maxDurationSeconds: maxSeconds ?? current?.maxDurationSeconds ?? this.config.requestMaxDurationSeconds,
        updated: this.clock.now(),
      };
      if (!next.scheduleIds.length && !next.escalationPolicyIds.length) {
        throw BadRequestError.field(
          'scheduleIDs',
          'or escalationPolicyIDs must name at least one PagerDuty schedule or escalation policy',
        );
      }
      await this.repo.savePagerDuty(next, tx);
      await this.audit.record(tx, actor, {
        action: 'pagerduty.configure',
        targetType: 'pagerduty',
        details: {
          tokenChanged: dto.token !== undefined,
          scheduleIDs: next.scheduleIds,
          escalationPolicyIDs: next.escalationPolicyIds,
          maxDuration: formatDuration(next.maxDurationSeconds),
        },
      });
      return next;
    });
    return toResponse(saved, this.config.requestMaxDurationSeconds);
  }

  async deletePagerDuty(actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.repo.deletePagerDuty(tx))) throw new NotFoundError('PagerDuty configuration');
      await this.audit.record(tx, actor, { action: 'pagerduty.delete', targetType: 'pagerduty' });
    });
  }
}

function toResponse(s: PagerDutySettingsEntity | null, fallbackMax: number): PagerDutyResponse {
  return {
    configured: s !== null,
    scheduleIDs: s?.scheduleIds ?? [],
    escalationPolicyIDs: s?.escalationPolicyIds ?? [],
    maxDurationSeconds: s?.maxDurationSeconds ?? fallbackMax,
    updated: s?.updated.toISOString() ?? null,
  };
}
