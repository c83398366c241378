// A plan is what an apply will do, as lines a person reads (`+ user …`, `- grant …`, `~ group …`). Built by
// apply.service.ts from the file and the database, printed the same way by a dry run and a real one.

export type Op = '+' | '-' | '~';
export type PlanKind = 'provider' | 'user' | 'group' | 'grant';

export interface PlannedChange {
  op: Op;
  kind: PlanKind;
  /** The object: a provider, user or group name, or a grant as `<role> on <resource> to user|group <name>`. */
  name: string;
  /** For `~ group`: the members added and removed; for `~ provider`: the fields that change (never their values). */
  detail?: string;
}

export function grantName(g: { user?: string; group?: string; role: string; resource: string }): string {
  return `${g.role} on ${g.resource} to ${g.user !== undefined ? `user ${g.user}` : `group ${g.group}`}`;
}

const KIND_ORDER: Record<PlanKind, number> = { provider: 0, user: 1, group: 2, grant: 3 };

/** Stable order: providers, users, groups, grants; within each by name, then removals before additions of the same name. */
export function sortPlan(changes: PlannedChange[]): PlannedChange[] {
  const opOrder: Record<Op, number> = { '-': 0, '~': 1, '+': 2 };
  return [...changes].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      opOrder[a.op] - opOrder[b.op],
  );
}

export function formatChange(c: PlannedChange): string {
  return `${c.op} ${c.kind} ${c.name}${c.detail ? ` (${c.detail})` : ''}`;
}

/** `members +a, +b, -c`: what a group's membership gains and loses. */
export function membersDetail(added: string[], removed: string[]): string | undefined {
  const parts = [...[...added].sort().map((n) => `+${n}`), ...[...removed].sort().map((n) => `-${n}`)];
  return parts.length ? `members ${parts.join(', ')}` : undefined;
}
