// Destinations are the clusters connectors serve. An admin may create one ahead of time (which also makes
// the machine user `connector:<name>` and its key); otherwise it appears when its connector registers.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { INFRA_RESOURCE, parseResource } from '@infra/access';
import { callerOf, isViewer, SYSTEM_ACTOR, type Actor, type Caller } from '../../common/actor.js';
import { Clock } from '../../common/clock.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../../common/errors.js';
import { iso, type Page } from '../../common/pagination.js';
import { Database, type Tx } from '../../db/database.js';
import { AuditService } from '../audit/audit.service.js';
import { GrantsRepository } from '../grants/grants.repository.js';
import { KeysService } from '../keys/keys.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { UsersService } from '../users/users.service.js';
import type { DestinationEntity } from './destination.entity.js';
import { DestinationsRepository } from './destinations.repository.js';
import type {
  CreatedDestinationResponse,
  CreateDestinationDto,
  DestinationResponse,
  ListDestinationsQuery,
} from './dto/destination.dto.js';

/** What a connector reports when it registers (see Register in connector.proto). */
export interface ConnectorRegistration {
  destination: string;
  proxyUrl: string;
  proxyCaPem: string;
  kubernetesVersion: string;
  namespaces: string[];
}

export function connectorUserName(destination: string): string {
  return `connector:${destination}`;
}

@Injectable()
export class DestinationsService {
  constructor(
    private readonly db: Database,
    private readonly destinations: DestinationsRepository,
    private readonly users: UsersService,
    private readonly usersRepo: UsersRepository,
    private readonly keys: KeysService,
    private readonly audit: AuditService,
    private readonly grants: GrantsRepository,
    private readonly clock: Clock,
  ) {}

  /** Viewers see every destination; a plain user only those they hold a grant in force on, and only its namespaces. */
  async list(actor: Actor, query: ListDestinationsQuery): Promise<Page<DestinationResponse>> {
    const reach = await this.reachOf(callerOf(actor));
    if (!reach) return this.destinations.list({ name: query.name }, query, (d) => toDestinationResponse(d));
    const page = await this.destinations.list({ name: query.name, names: [...reach.keys()] }, query, (d) => d);
    return { ...page, items: page.items.map((d) => toDestinationResponse(d, reach.get(d.name))) };
  }

  async get(actor: Actor, id: string): Promise<DestinationResponse> {
    const reach = await this.reachOf(callerOf(actor));
    const d = await this.destinations.findById(id);
    // Not found rather than forbidden: a plain user does not learn which destinations exist.
    if (!d || (reach && !reach.has(d.name))) throw new NotFoundError(`destination "${id}"`);
    return toDestinationResponse(d, reach?.get(d.name));
  }

  /** 404 unless the destination exists (for routes that only viewers reach). */
  async mustExist(id: string): Promise<void> {
    if (!(await this.destinations.findById(id))) throw new NotFoundError(`destination "${id}"`);
  }

  async create(actor: Actor, dto: CreateDestinationDto): Promise<CreatedDestinationResponse> {
    if (dto.name === INFRA_RESOURCE)
      throw BadRequestError.field('name', `"${INFRA_RESOURCE}" is reserved for Infra itself`);
    return this.db.transaction(async (tx) => {
      if (await this.destinations.findByName(dto.name, tx))
        throw new ConflictError(`a destination named "${dto.name}" already exists`);
      const userName = connectorUserName(dto.name);
      const user = (await this.usersRepo.findByName(userName, tx)) ?? (await this.users.insert(tx, actor, userName));
      const destination = await this.insert(tx, actor, dto.name, user.id);
      const key = await this.keys.issue(tx, actor, user, {
        name: `connector-${randomUUID().slice(0, 8)}`,
        kind: 'connector',
      });
      return { destination: toDestinationResponse(destination), connector: { userName, accessKey: key.accessKey } };
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const d = await this.destinations.findById(id, tx);
      if (!d) throw new NotFoundError(`destination "${id}"`);
      await this.destinations.delete(d.id, tx);
      await this.audit.record(tx, actor, {
        action: 'destinations.delete',
        targetType: 'destination',
        targetId: d.id,
        targetName: d.name,
      });
      // The connector's machine user goes too: its keys stop working, its tokens are refused.
      if (d.connectorUserId) await this.users.deleteInTx(tx, actor, d.connectorUserId);
    });
  }

  /**
   * A connector (re)registers: the destination is created on first registration. Allowed for the
   * destination's connector user, a user named `connector:<name>`, or an infra admin.
   */
  async register(
    caller: Caller,
    reg: ConnectorRegistration,
    actor: Actor = { ...SYSTEM_ACTOR, caller },
  ): Promise<DestinationResponse> {
    if (reg.destination === INFRA_RESOURCE) throw BadRequestError.field('destination', 'is reserved');
    return this.db.transaction(async (tx) => {
      let d = await this.destinations.findByName(reg.destination, tx);
      const allowed =
        caller.role === 'admin' ||
        caller.name === connectorUserName(reg.destination) ||
        (d !== null && d.connectorUserId === caller.userId);
      if (!allowed) throw new ForbiddenError(`you may not register a connector for "${reg.destination}"`);
      d ??= await this.insert(tx, actor, reg.destination, caller.role === 'admin' ? null : caller.userId);
      const fields: Partial<DestinationEntity> = {
        url: reg.proxyUrl,
        caCertificate: reg.proxyCaPem,
        kubernetesVersion: reg.kubernetesVersion,
        namespaces: [...reg.namespaces].sort(),
        connected: true,
        lastSeen: this.clock.now(),
        updated: this.clock.now(),
      };
      await this.destinations.update(d.id, fields, tx);
      return toDestinationResponse({ ...d, ...fields });
    });
  }

  /** Connection state and namespaces as the connector stream observes them. */
  async observe(id: string, fields: { connected?: boolean; namespaces?: string[] }): Promise<void> {
    const update: Partial<DestinationEntity> = { lastSeen: this.clock.now() };
    if (fields.connected !== undefined) update.connected = fields.connected;
    if (fields.namespaces) update.namespaces = [...fields.namespaces].sort();
    await this.destinations.update(id, update);
  }

  async findByName(name: string): Promise<DestinationResponse | undefined> {
    const d = await this.destinations.findByName(name);
    return d ? toDestinationResponse(d) : undefined;
  }

  /**
   * What a plain user may see: destination name → the namespaces they hold a grant on ('all' for a grant on the
   * whole destination). Undefined for viewers and admins, who see everything.
   */
  private async reachOf(caller: Caller): Promise<Map<string, Set<string> | 'all'> | undefined> {
    if (isViewer(caller)) return undefined;
    const reach = new Map<string, Set<string> | 'all'>();
    for (const g of await this.grants.reachOf(caller.userId, this.clock.now())) {
      const { namespace } = parseResource(g.resource);
      const seen = reach.get(g.destination) ?? new Set<string>();
      if (seen === 'all' || namespace === undefined) reach.set(g.destination, 'all');
      else reach.set(g.destination, seen.add(namespace));
    }
    return reach;
  }

  private async insert(tx: Tx, actor: Actor, name: string, connectorUserId: string | null): Promise<DestinationEntity> {
    const now = this.clock.now();
    const d: DestinationEntity = {
      id: randomUUID(),
      name,
      url: '',
      caCertificate: '',
      kubernetesVersion: '',
      namespaces: [],
      connected: false,
      lastSeen: null,
      connectorUserId,
      created: now,
      updated: now,
    };
    await this.destinations.insert(d, tx);
    await this.audit.record(tx, actor, {
      action: 'destinations.create',
      targetType: 'destination',
      targetId: d.id,
      targetName: name,
    });
    return d;
  }
}

/** `namespaces`: the only namespaces to show (a plain user's); all of them when 'all' or undefined. */
export function toDestinationResponse(
  d: DestinationEntity,
  namespaces: Set<string> | 'all' = 'all',
): DestinationResponse {
  return {
    id: d.id,
    name: d.name,
    url: d.url,
    caCertificate: d.caCertificate,
    kubernetesVersion: d.kubernetesVersion,
    namespaces: namespaces === 'all' ? d.namespaces : d.namespaces.filter((n) => namespaces.has(n)),
    connected: d.connected,
    lastSeen: iso(d.lastSeen),
    created: d.created.toISOString(),
  };
}
