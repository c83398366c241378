// Renders the grants in force for this destination as RBAC bindings and makes the cluster match, whatever happened
// in between (missed changes, restarts, hand edits): compute the desired set, list what carries our labels, then
// create, replace, or delete+recreate (roleRef is immutable), and delete ours that are no longer wanted.
// Objects without our labels are never changed or deleted.
import { grantBindingName, MANAGED_BY_LABEL, MANAGED_BY_VALUE } from '@infra/access';
import type { connector } from '@infra/proto';
import type { Logger } from '../log.js';
import { ConnectorState, type ActiveGrant } from '../state/connector-state.js';
import { RbacApiError, type RbacBinding, type RbacClient } from './rbac-client.js';

export const DESTINATION_LABEL = 'infrahq.com/destination';
export const GRANT_ANNOTATION = 'infrahq.com/grant-id';

export type ReconcileProblem = connector.ReconcileProblem;

export interface ReconcileResult {
  created: number;
  updated: number;
  recreated: number;
  deleted: number;
  problems: ReconcileProblem[];
}

/** What one pass did: its writes, and whether it compared the whole state with the cluster (it had a snapshot
 * and did not fail halfway; problems with single grants still count as complete). */
export interface ReconcilePass {
  writes: number;
  complete: boolean;
}

export interface ReconcilerOptions {
  state: ConnectorState;
  client: RbacClient;
  logger: Logger;
  /** Receives the problems after each pass in which they changed (the stream sends them as a ReconcileReport). */
  report: (problems: ReconcileProblem[]) => void;
  /** Receives what each pass wrote (creates, replaces, deletes), also when the pass failed halfway. */
  passed?: (pass: ReconcilePass) => void;
}

export class Reconciler {
  private chain: Promise<unknown> = Promise.resolve();
  private queued: Promise<ReconcileResult> | undefined;
  private lastReport: string | undefined;
  private stopped = false;

  constructor(private readonly opts: ReconcilerOptions) {}

  /** The label selector that finds exactly the objects this connector owns. */
  get selector(): string {
    return `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE},${DESTINATION_LABEL}=${this.opts.state.destination}`;
  }

  /**
   * Runs a pass after the one in progress, if any. Calls made before that pass starts share it: it reads the state
   * when it starts, so every caller sees its own change applied.
   */
  reconcile(): Promise<ReconcileResult> {
    if (this.queued) return this.queued;
    const next = this.chain.then(() => {
      this.queued = undefined;
      return this.pass();
    });
    this.queued = next;
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Stops accepting triggers and waits for the pass in progress, if any. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.chain;
  }

  /** Fire-and-forget trigger for events (state changes, the periodic resync). */
  trigger(): void {
    if (this.stopped) return;
    this.reconcile().catch((e: Error) => this.opts.logger.warn({ err: e }, 'RBAC reconcile failed; will retry'));
  }

  private async pass(): Promise<ReconcileResult> {
    const result: ReconcileResult = { created: 0, updated: 0, recreated: 0, deleted: 0, problems: [] };
    let complete = false;
    try {
      complete = await this.converge(result);
      return result;
    } finally {
      const writes = result.created + result.updated + 2 * result.recreated + result.deleted;
      this.opts.passed?.({ writes, complete });
    }
  }

  /** Fills `result`; true when it compared the whole state with the cluster. */
  private async converge(result: ReconcileResult): Promise<boolean> {
    const { client, state } = this.opts;
    // Before the first snapshot the state is empty, not "no grants": deleting everything would cut off every user.
    if (!state.hasSnapshot) return false;
    const grants = state.activeGrants().filter((g) => ConnectorState.writesBinding(g.privilege));
    const [actualList, roles] = await Promise.all([client.listBindings(this.selector), client.clusterRoleNames()]);
    const actual = new Map(actualList.map((b) => [key(b), b]));

    for (const grant of grants) {
      const want = this.render(grant);
      if (!roles.has(grant.privilege)) {
        result.problems.push({
          grantId: grant.id,
          message: `ClusterRole "${grant.privilege}" does not exist in this cluster`,
        });
      }
      const have = actual.get(key(want));
      actual.delete(key(want));
      try {
        if (!have) {
          await client.create(want);
          result.created++;
        } else if (have.roleRef !== want.roleRef) {
          await client.delete(have);
          await client.create(want);
          result.recreated++;
        } else if (!sameContent(have, want)) {
          await client.replace({ ...want, resourceVersion: have.resourceVersion });
          result.updated++;
        }
      } catch (e) {
        result.problems.push({ grantId: grant.id, message: describeFailure(e, want) });
      }
    }
    for (const stale of actual.values()) {
      try {
        await client.delete(stale);
        result.deleted++;
      } catch (e) {
        if (!(e instanceof RbacApiError && e.status === 404)) throw e;
      }
    }
    this.publish(result.problems);
    return true;
  }

  private render(g: ActiveGrant): RbacBinding {
    return {
      kind: g.namespace ? 'RoleBinding' : 'ClusterRoleBinding',
      namespace: g.namespace,
      name: grantBindingName(g.id),
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [DESTINATION_LABEL]: this.opts.state.destination },
      annotations: { [GRANT_ANNOTATION]: g.id },
      roleRef: g.privilege,
      subjects: [g.subject],
    };
  }

  private publish(problems: ReconcileProblem[]): void {
    const text = JSON.stringify(problems);
    if (text === this.lastReport) return;
    this.lastReport = text;
    this.opts.report(problems);
  }
}

function key(b: { kind: string; namespace?: string; name: string }): string {
  return `${b.kind}/${b.namespace ?? ''}/${b.name}`;
}

function sameContent(have: RbacBinding, want: RbacBinding): boolean {
  const subjects = (b: RbacBinding) => JSON.stringify(b.subjects.map((s) => [s.kind, s.name]));
  const ours = (b: RbacBinding) =>
    JSON.stringify([b.labels[MANAGED_BY_LABEL], b.labels[DESTINATION_LABEL], b.annotations[GRANT_ANNOTATION]]);
  return subjects(have) === subjects(want) && ours(have) === ours(want);
}

function describeFailure(e: unknown, b: RbacBinding): string {
  const where = b.namespace ? `RoleBinding ${b.namespace}/${b.name}` : `ClusterRoleBinding ${b.name}`;
  if (e instanceof RbacApiError) {
    if (e.status === 409) return `${where} already exists and is not managed by Infra; delete or rename it`;
    if (e.status === 404 && b.namespace) return `namespace "${b.namespace}" does not exist in this cluster`;
    if (e.status === 403) return `the connector may not write ${where}: ${e.message}`;
    return `could not write ${where}: ${e.message}`;
  }
  return `could not write ${where}: ${(e as Error).message}`;
}
