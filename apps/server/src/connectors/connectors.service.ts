// The rules of the connector stream: who may attach a connector to which destination, what it reports
// about its cluster, and how connection state is kept. The stream session calls these; it holds no rules.
import { Injectable } from '@nestjs/common';
import { isValidName } from '@infra/access';
import type { connector } from '@infra/proto';
import type { Caller } from '../common/actor.js';
import { Clock } from '../common/clock.js';
import { BadRequestError, ForbiddenError, UnauthenticatedError } from '../common/errors.js';
import type { Page } from '../common/pagination.js';
import { AuthService } from '../modules/auth/auth.service.js';
import { connectorUserName, DestinationsService } from '../modules/destinations/destinations.service.js';
import { ConnectionStateRepository } from './connection-state.repository.js';
import {
  toProxyAuditEventResponse,
  type ListProxyAuditQuery,
  type ProxyAuditEventResponse,
  type ReconcileProblemsResponse,
} from './dto/connector-reports.dto.js';
import { noProxyAuditColumns, ProxyAuditRepository, type ProxyAuditColumns } from './proxy-audit.repository.js';
import { ReconcileProblemsRepository } from './reconcile-problems.repository.js';

/** The destination a stream is attached to, and when this stream last wrote its lastSeen. */
export interface AttachedDestination {
  id: string;
  name: string;
  lastSeen: Date;
}

const MAX_NAMESPACES = 10_000;
const MAX_PROBLEMS = 1_000;
const AUDIT_CHUNK = 500;
/** The latest time a JavaScript Date holds; an event claiming a later one (or none) is stamped with the server's now. */
const MAX_DATE_MS = 8.64e15;

@Injectable()
export class ConnectorsService {
  constructor(
    private readonly auth: AuthService,
    private readonly destinations: DestinationsService,
    private readonly state: ConnectionStateRepository,
    private readonly audit: ProxyAuditRepository,
    private readonly problems: ReconcileProblemsRepository,
    private readonly clock: Clock,
  ) {}

  /** The caller behind `authorization: Bearer <access key>` metadata. */
  async authenticate(authorization: string | undefined): Promise<Caller> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match)
      throw new UnauthenticatedError('send the connector\'s access key as "authorization: Bearer <key>" metadata');
    return this.auth.authenticate(match[1]!);
  }

  /** Creates the destination on first registration, otherwise refreshes what the connector reports. */
  async register(caller: Caller, reg: connector.Register__Output): Promise<AttachedDestination> {
    validateRegistration(reg);
    try {
      const d = await this.destinations.register(caller, {
        destination: reg.destination,
        proxyUrl: reg.proxyUrl,
        proxyCaPem: reg.proxyCaPem,
        kubernetesVersion: reg.kubernetesVersion,
        namespaces: reg.namespaces,
      });
      return { id: d.id, name: d.name, lastSeen: new Date(d.lastSeen!) };
    } catch (e) {
      if (!(e instanceof ForbiddenError)) throw e;
      throw new ForbiddenError(
        `${e.message}: use the access key of ${connectorUserName(reg.destination)} ` +
          "(from POST /api/destinations) or an infra admin's",
      );
    }
  }

  /** A heartbeat (or any sign of life), with the last change the connector applied: returns the lastSeen written. */
  async seen(d: AttachedDestination, applied: number): Promise<Date> {
    const now = this.clock.now();
    await this.state.seen(d.id, now, applied);
    return now;
  }

  async namespacesChanged(
    d: AttachedDestination,
    msg: connector.NamespacesChanged__Output,
    applied: number,
  ): Promise<Date> {
    const namespaces = validNamespaces(msg.namespaces);
    const now = this.clock.now();
    await this.state.seen(d.id, now, applied, namespaces);
    return now;
  }

  /** Marks the destination disconnected unless its connector has already attached again elsewhere. */
  async disconnected(d: AttachedDestination): Promise<void> {
    await this.state.disconnected(d.id, d.lastSeen, this.clock.now());
  }

  /** Destinations nothing was heard from since `before` (their replica died) are marked disconnected. */
  disconnectSilent(before: Date): Promise<number> {
    return this.state.disconnectSilent(before);
  }

  async recordAudit(d: AttachedDestination, batch: connector.AuditBatch__Output): Promise<void> {
    for (let i = 0; i < batch.events.length; i += AUDIT_CHUNK) {
      await this.audit.insert(d.id, this.auditColumns(batch.events.slice(i, i + AUDIT_CHUNK)));
    }
  }

  async recordProblems(d: AttachedDestination, report: connector.ReconcileReport__Output): Promise<number> {
    const problems = report.problems.slice(0, MAX_PROBLEMS).map((p) => ({
      grantId: clip(p.grantId, 64),
      message: clip(p.message, 2000),
    }));
    await this.problems.save(d.id, problems, this.clock.now());
    return problems.length;
  }

  async listProblems(destinationId: string): Promise<ReconcileProblemsResponse> {
    await this.destinations.mustExist(destinationId);
    const found = await this.problems.find(destinationId);
    return {
      reportedAt: found?.reportedAt.toISOString() ?? null,
      problems: (found?.problems ?? []).map((p) => ({ grantID: p.grantId, message: p.message })),
    };
  }

  async listAudit(destinationId: string, query: ListProxyAuditQuery): Promise<Page<ProxyAuditEventResponse>> {
    await this.destinations.mustExist(destinationId);
    return this.audit.list(destinationId, query, toProxyAuditEventResponse);
  }

  /** The events as columns, each value clipped to its column (a connector's report is not trusted to fit). */
  private auditColumns(events: connector.ProxyAuditEvent__Output[]): ProxyAuditColumns {
    const now = this.clock.now().getTime();
    const c = noProxyAuditColumns();
    for (const e of events) {
      c.atMs.push(e.atMs > 0 && e.atMs <= MAX_DATE_MS ? Math.trunc(e.atMs) : now);
      c.requestId.push(clip(e.requestId, 128));
      c.userName.push(clip(e.user, 256));
      c.verb.push(clip(e.verb, 32));
      c.path.push(clip(e.path, 4096));
      c.status.push(clampInt(e.status));
      c.durationMs.push(clampInt(e.durationMs));
      c.kubectlCommand.push(clip(e.kubectlCommand, 1024));
      c.clientIp.push(clip(e.clientIp, 64));
    }
    return c;
  }
}

function validateRegistration(reg: connector.Register__Output): void {
  if (!isValidName(reg.destination)) throw BadRequestError.field('destination', 'must be a lower-case DNS label');
  // The CLI writes this URL into kubeconfig and kubectl sends its token there: plain http would expose it.
  if (reg.proxyUrl !== '' && !/^https:\/\/[^\s]{1,2040}$/i.test(reg.proxyUrl)) {
    throw BadRequestError.field(
      'proxy_url',
      "must be an https:// URL (kubectl sends tokens to it); set INFRA_PROXY_PUBLIC_URL to the proxy's https address",
    );
  }
  if (reg.proxyCaPem.length > 64 * 1024) throw BadRequestError.field('proxy_ca_pem', 'is larger than 64 KiB');
  if (reg.kubernetesVersion.length > 64)
    throw BadRequestError.field('kubernetes_version', 'is longer than 64 characters');
  validNamespaces(reg.namespaces);
}

function validNamespaces(namespaces: string[]): string[] {
  if (namespaces.length > MAX_NAMESPACES)
    throw BadRequestError.field('namespaces', `has more than ${MAX_NAMESPACES} entries`);
  const bad = namespaces.find((n) => !isValidName(n));
  if (bad !== undefined) throw BadRequestError.field('namespaces', `"${clip(bad, 64)}" is not a namespace name`);
  return [...new Set(namespaces)].sort();
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

function clampInt(n: number): number {
  return Number.isFinite(n) ? Math.max(-2_147_483_648, Math.min(2_147_483_647, Math.trunc(n))) : 0;
}
