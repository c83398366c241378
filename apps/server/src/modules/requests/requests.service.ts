// Access requests: a user asks for a role on a destination or one of its namespaces, for a while and for a reason.
// Approvers are Infra admins and the members of the destination's approver groups; nobody decides their own request.
// An approval makes an ordinary time-bound grant (GrantsService) for the time asked, cut to INFRA_REQUEST_MAX_DURATION;
// a request from the person on call in PagerDuty is approved at once. Each step writes an audit row in the same
// transaction as the change; a request is decided once (its row is locked while deciding; a second decision is 409).
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  formatDuration,
  INFRA_RESOURCE,
  InvalidResourceError,
  parseDurationSeconds,
  parseResource,
} from '@infra/access';
import { callerOf, SYSTEM_ACTOR, type Actor, type Caller } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors.js';
import type { Page } from '../../common/pagination.js';
import { SERVER_CONFIG, type ServerConfig } from '../../config/config.js';
import { Database, type Tx } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import { DestinationsRepository } from '../destinations/destinations.repository.js';
import { GrantsRepository } from '../grants/grants.repository.js';
import { GrantsService } from '../grants/grants.service.js';
import type { AccessRequestEntity, RequestState } from './access-request.entity.js';
import type {
  AccessRequestResponse,
  CreateRequestDto,
  DecideRequestDto,
  ListRequestsQuery,
} from './dto/request.dto.js';
import { OnCallApprover } from './on-call-approver.js';
import { RequestsRepository } from './requests.repository.js';

type Decision = 'approve' | 'deny' | 'cancel';
const DONE: Record<Decision, RequestState> = { approve: 'approved', deny: 'denied', cancel: 'cancelled' };

@Injectable()
export class RequestsService {
  constructor(
    private readonly db: Database,
    private readonly repo: RequestsRepository,
    private readonly grants: GrantsService,
    private readonly names: GrantsRepository,
    private readonly destinations: DestinationsRepository,
    private readonly audit: AuditService,
    private readonly onCall: OnCallApprover,
    private readonly clock: Clock,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  async create(actor: Actor, dto: CreateRequestDto): Promise<AccessRequestResponse> {
    const caller = callerOf(actor);
    const destination = this.destinationOf(dto.resource);
    const durationSeconds = parseDurationSeconds(dto.duration.trim());
    if (durationSeconds === undefined)
      throw BadRequestError.field('duration', 'must be a positive duration like 30m, 2h or 1d');
    if (!dto.reason.trim()) throw BadRequestError.field('reason', 'must say why the access is needed');
    let request = await this.db.transaction(async (tx) => {
      if (!(await this.destinations.findByName(destination, tx))) {
        throw BadRequestError.field('resource', `names no destination: there is no destination named ${destination}`);
      }
      const now = this.clock.now();
      const open = await this.repo.findPending(caller.userId, dto.resource, dto.role, now, tx);
      if (open)
        throw new ConflictError(`you already asked for ${dto.role} on ${dto.resource} (request ${open.id}, pending)`);
      const r: AccessRequestEntity = {
        id: randomUUID(),
        requesterId: caller.userId,
        resource: dto.resource,
        destination,
        role: dto.role,
        durationSeconds,
        reason: dto.reason.trim(),
        state: 'pending',
        created: now,
        pendingUntil: new Date(now.getTime() + this.config.requestPendingSeconds * 1000),
        decidedBy: null,
        decidedByName: null,
        decidedAt: null,
        decisionReason: null,
        grantId: null,
        grantedUntil: null,
        note: null,
      };
      await this.repo.insert(r, tx);
      await this.record(tx, actor, 'requests.create', r, {
        duration: formatDuration(durationSeconds),
        reason: r.reason,
      });
      return r;
    });
    // Asked outside the transaction: PagerDuty may take seconds, and the request exists whatever it answers.
    const verdict = await this.onCall.consider(caller.name);
    if (verdict?.approve) {
      const system: Actor = { ...SYSTEM_ACTOR, clientIp: actor.clientIp, requestId: actor.requestId };
      request = await this.decide(
        system,
        request.id,
        'approve',
        {},
        { name: verdict.decidedBy, maxSeconds: verdict.maxSeconds },
      );
    } else if (verdict?.note) {
      const note = verdict.note;
      request = await this.db.transaction(async (tx) => {
        await this.repo.update(request.id, { note }, tx);
        await this.record(tx, actor, 'requests.oncall_unavailable', request, { note });
        return { ...request, note };
      });
    }
    return (await this.describe([request]))[0]!;
  }

  /** The caller's own requests and those they may decide; `mine` for only their own. */
  async list(actor: Actor, query: ListRequestsQuery): Promise<Page<AccessRequestResponse>> {
    const caller = callerOf(actor);
    await this.expireDue();
    const decidable = query.mine
      ? []
      : caller.role === 'admin'
        ? 'all'
        : await this.repo.destinationsApprovedBy(caller.userId);
    const page = await this.repo.list({ state: query.state, requesterId: caller.userId, decidable }, query, (r) => r);
    return { ...page, items: await this.describe(page.items) };
  }

  approve(actor: Actor, id: string, dto: DecideRequestDto): Promise<AccessRequestResponse> {
    return this.decide(actor, id, 'approve', dto).then(async (r) => (await this.describe([r]))[0]!);
  }

  deny(actor: Actor, id: string, dto: DecideRequestDto): Promise<AccessRequestResponse> {
    return this.decide(actor, id, 'deny', dto).then(async (r) => (await this.describe([r]))[0]!);
  }

  cancel(actor: Actor, id: string, dto: DecideRequestDto): Promise<AccessRequestResponse> {
    return this.decide(actor, id, 'cancel', dto).then(async (r) => (await this.describe([r]))[0]!);
  }

  /** Pending requests past their time become expired, each audited. */
  async expireDue(): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const r of await this.repo.expireDue(this.clock.now(), tx)) {
        await this.record(tx, SYSTEM_ACTOR, 'requests.expire', r, { pendingUntil: r.pendingUntil.toISOString() });
      }
    });
  }

  /**
   * One decision on a pending request. `automatic` is the on-call approver (no caller): it names itself and brings
   * its own maximum. People must be allowed to decide the request and may not decide their own (they cancel it).
   */
  private async decide(
    actor: Actor,
    id: string,
    decision: Decision,
    dto: DecideRequestDto,
    automatic?: { name: string; maxSeconds: number },
  ): Promise<AccessRequestEntity> {
    await this.expireDue();
    return this.db.transaction(async (tx) => {
      const r = await this.repo.lock(id, tx);
      if (!r) throw new NotFoundError(`access request "${id}"`);
      let decider: { id: string | null; name: string };
      if (automatic) {
        decider = { id: null, name: automatic.name };
      } else {
        const caller = callerOf(actor);
        await this.mayDecide(caller, r, decision);
        decider = { id: caller.userId, name: caller.name };
      }
      const now = this.clock.now();
      if (r.state === 'pending' && r.pendingUntil <= now) r.state = 'expired'; // expires at this instant; the next sweep records it
      if (r.state !== 'pending') throw new ConflictError(this.alreadyDecided(r));
      const fields: Partial<AccessRequestEntity> = {
        state: DONE[decision],
        decidedBy: decider.id,
        decidedByName: decider.name,
        decidedAt: now,
        decisionReason: dto.reason?.trim() || null,
      };
      const details: Record<string, unknown> = { decidedBy: decider.name, reason: fields.decisionReason };
      if (decision === 'approve') {
        const seconds = Math.min(
          r.durationSeconds,
          this.config.requestMaxDurationSeconds,
          automatic?.maxSeconds ?? Infinity,
        );
        const expiresAt = new Date(now.getTime() + seconds * 1000);
        const { grant } = await this.grants.grant(
          tx,
          actor,
          {
            subject: { userId: r.requesterId, groupId: null },
            privilege: r.role,
            resource: r.resource,
            expiresAt,
          },
          { extend: true },
        );
        Object.assign(fields, { grantId: grant.id, grantedUntil: grant.expiresAt });
        Object.assign(details, {
          grantId: grant.id,
          grantedUntil: grant.expiresAt?.toISOString() ?? null,
          grantedSeconds: seconds,
        });
      }
      await this.repo.update(r.id, fields, tx);
      const decided = { ...r, ...fields };
      await this.record(tx, actor, `requests.${decision}`, decided, details);
      return decided;
    });
  }

  private async mayDecide(caller: Caller, r: AccessRequestEntity, decision: Decision): Promise<void> {
    if (decision === 'cancel') {
      if (r.requesterId !== caller.userId)
        throw new ForbiddenError('only the person who asked can cancel a request; approvers deny it');
      return;
    }
    if (r.requesterId === caller.userId) {
      throw new ForbiddenError(
        `you cannot ${decision} your own request; another approver must decide it (or cancel it)`,
      );
    }
    if (caller.role === 'admin') return;
    if (!(await this.repo.destinationsApprovedBy(caller.userId)).includes(r.destination)) {
      throw new ForbiddenError(
        `you are not an approver for ${r.destination}: Infra admins and the approver groups of ${r.destination} decide its requests`,
      );
    }
  }

  private alreadyDecided(r: AccessRequestEntity): string {
    if (r.state === 'expired')
      return `request ${r.id} expired at ${r.pendingUntil.toISOString()} without a decision; ask again`;
    const by = r.decidedByName ? ` by ${r.decidedByName}` : '';
    return `request ${r.id} was already ${r.state}${by} at ${r.decidedAt?.toISOString() ?? 'an earlier time'}`;
  }

  private destinationOf(resource: string): string {
    if (resource === INFRA_RESOURCE)
      throw BadRequestError.field(
        'resource',
        'must be a destination or namespace: roles on Infra itself are granted by admins',
      );
    try {
      return parseResource(resource).destination;
    } catch (e) {
      if (e instanceof InvalidResourceError) throw BadRequestError.field('resource', e.message);
      throw e;
    }
  }

  private async record(
    tx: Tx,
    actor: Actor,
    action: string,
    r: AccessRequestEntity,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(tx, actor, {
      action,
      targetType: 'access_request',
      targetId: r.id,
      targetName: `${r.role} on ${r.resource}`,
      details: { requester: r.requesterId, resource: r.resource, role: r.role, ...details },
    });
  }

  private async describe(requests: AccessRequestEntity[]): Promise<AccessRequestResponse[]> {
    const names = await this.names.subjectNames([...new Set(requests.map((r) => r.requesterId))], []);
    return requests.map((r) => ({
      id: r.id,
      requester: r.requesterId,
      requesterName: names.users.get(r.requesterId) ?? '',
      resource: r.resource,
      role: r.role,
      durationSeconds: r.durationSeconds,
      reason: r.reason,
      state: r.state,
      created: r.created.toISOString(),
      pendingUntil: r.pendingUntil.toISOString(),
      decidedBy: r.decidedByName,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionReason: r.decisionReason,
      grantId: r.grantId,
      grantedUntil: r.grantedUntil?.toISOString() ?? null,
      note: r.note,
    }));
  }
}
