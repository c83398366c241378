// "May user U use this destination?" is decided by the connector (the server only issues tokens): the same calls
// ProxyAccess.check makes after verifying the token (isRevoked, identityOf, grantsOf for the expiry notice), on a
// ConnectorState holding every grant of one busy destination.
import { ConnectorState } from '@infra/connector';
import type { connector } from '@infra/proto';
import { percentile, timeCalls } from '../lib/stats.js';

const DESTINATION = 'bench';

export interface DecisionResult {
  p50: number;
  p99: number;
  /** The same calls on a state with one grant: what the decision costs without the data. */
  baselineP50: number;
  baselineP99: number;
  samples: number;
}

function snapshot(grants: number, users: number, groups: number): connector.Snapshot__Output {
  const userIds = Array.from({ length: users }, (_, i) => `u-${i}`);
  return {
    sequence: 1,
    part: 0,
    more: false,
    signingKeys: [],
    revocations: [{ credentialId: 'c-old', userId: 'u-0', revokedAtMs: 1, untilMs: 0 }],
    groups: Array.from({ length: groups }, (_, i) => ({ id: `g-${i}`, name: `group${i}` })),
    users: userIds.map((id, i) => ({ id, name: `user${i}@bench.example`, groupIds: [`g-${i % groups}`] })),
    grants: Array.from({ length: grants }, (_, i) => ({
      id: `grant-${i}`,
      userId: i % 10 === 0 ? '' : `u-${i % users}`,
      groupId: i % 10 === 0 ? `g-${((i / 10) % groups) | 0}` : '',
      privilege: 'view',
      resource: `${DESTINATION}.ns${Math.floor(i / users)}`,
      expiresAtMs: 0,
    })),
  };
}

function decide(state: ConnectorState, userId: string): boolean {
  const credential = { userId, credentialId: 'c-new', issuedAtMs: Date.now() };
  if (state.isRevoked(credential)) return false;
  const identity = state.identityOf(userId);
  state.grantsOf(userId);
  return identity !== undefined;
}

async function measure(
  state: ConnectorState,
  users: number,
  budget: { count: number; maxMs: number },
): Promise<number[]> {
  let i = 0;
  const { samples } = await timeCalls(async () => {
    // Users spread over the whole set; every 50th one unknown (the refusal path).
    const id = i % 50 === 49 ? 'u-unknown' : `u-${(i * 7919) % users}`;
    i++;
    decide(state, id);
  }, budget);
  return samples;
}

export async function measureDecision(sizes: {
  grants: number;
  users: number;
  groups: number;
  requests: number;
}): Promise<DecisionResult> {
  const clock = { now: () => Date.now() };
  const big = new ConnectorState(DESTINATION, clock);
  big.applySnapshot(snapshot(sizes.grants, sizes.users, sizes.groups));
  const small = new ConnectorState(DESTINATION, clock);
  small.applySnapshot(snapshot(1, 1, 1));
  const budget = { count: sizes.requests, maxMs: 20_000 };
  await measure(big, sizes.users, { count: 20, maxMs: 5_000 }); // warm up the JIT
  const loaded = await measure(big, sizes.users, budget);
  const bare = await measure(small, 1, budget);
  return {
    p50: percentile(loaded, 50),
    p99: percentile(loaded, 99),
    baselineP50: percentile(bare, 50),
    baselineP99: percentile(bare, 99),
    samples: loaded.length,
  };
}
