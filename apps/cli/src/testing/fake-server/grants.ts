// Grants: listing with the server's filters, adding (idempotent), removing by ID or by match.
import { HttpError, type Routes } from './contract.js';
import type { FGrant } from './records.js';
import type { FakeState } from './state.js';

type Filter = 'user' | 'group' | 'resource' | 'privilege' | 'destination' | 'showInherited' | 'includeExpired';

/** Whether the grant passes the query's filters (those GET and DELETE /api/grants share). */
function matcher(s: FakeState, query: (name: Filter) => string | null) {
  return (g: FGrant) => {
    const u = query('user');
    if (u) {
      const user = s.userByName(u);
      const inherited = query('showInherited') === 'true' && user ? s.groupsOf(user.id).map((x) => x.id) : [];
      if (!(g.user === user?.id || (g.group && inherited.includes(g.group)))) return false;
    }
    const gr = query('group');
    if (gr && g.group !== s.groupByName(gr)?.id) return false;
    for (const f of ['resource', 'privilege'] as const) if (query(f) && g[f] !== query(f)) return false;
    if (g.expiresAt && Date.parse(g.expiresAt) <= Date.now() && query('includeExpired') !== 'true') return false;
    const d = query('destination');
    return !d || g.resource === d || g.resource.startsWith(d + '.');
  };
}

export const grantRoutes = (s: FakeState): Routes => ({
  'GET /api/grants': ({ me, query }) => {
    const u = query('user');
    if (!(u && s.userByName(u)?.id === me.id)) s.requireAdmin(me);
    return [200, { items: s.grants.filter(matcher(s, query)).map(s.grantView) }];
  },
  'POST /api/grants': ({ me, body }) => {
    s.requireAdmin(me);
    const user = typeof body.user === 'string' ? s.userByName(body.user) : undefined;
    const group = typeof body.group === 'string' ? s.groupByName(body.group) : undefined;
    if (!user && !group) throw new HttpError(404, `${String(body.user ?? body.group)} not found`);
    const existing = s.grants.find(
      (g) =>
        g.user === user?.id && g.group === group?.id && g.privilege === body.privilege && g.resource === body.resource,
    );
    if (existing) return [200, { ...s.grantView(existing), wasCreated: false }];
    if (typeof body.expiresAt === 'string' && !(Date.parse(body.expiresAt) > Date.now()))
      throw new HttpError(400, 'expiresAt must be in the future');
    const g = s.addGrant({
      user: user?.id,
      group: group?.id,
      privilege: String(body.privilege),
      resource: String(body.resource),
      ...(typeof body.expiresAt === 'string' && { expiresAt: body.expiresAt }),
    });
    return [201, { ...s.grantView(g), wasCreated: true }];
  },
  'DELETE /api/grants': ({ me, query }) => {
    s.requireAdmin(me);
    // DELETE takes only these of GET's filters.
    const filter = (n: Filter) =>
      n === 'user' || n === 'group' || n === 'resource' || n === 'privilege' ? query(n) : null;
    return removeGrants(s, s.grants.filter(matcher(s, filter)));
  },
  'DELETE /api/grants/{id}': ({ me, params }) => {
    s.requireAdmin(me);
    return removeGrants(
      s,
      s.grants.filter((g) => g.id === params.id),
    );
  },
});

function removeGrants(s: FakeState, doomed: FGrant[]): [204, undefined] {
  if (doomed.length === 0) throw new HttpError(404, 'no grant matches');
  for (const g of doomed) s.grants.splice(s.grants.indexOf(g), 1);
  return [204, undefined];
}
