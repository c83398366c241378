// Groups and their members.
import { HttpError, type Routes } from './contract.js';
import type { FakeState } from './state.js';

export const groupRoutes = (s: FakeState): Routes => ({
  'GET /api/groups': ({ query }) => {
    const name = query('name');
    return [200, { items: [...s.groups.values()].filter((g) => !name || g.name === name).map(s.groupView) }];
  },
  'POST /api/groups': ({ me, body }) => {
    s.requireAdmin(me);
    const name = String(body.name ?? '');
    if (s.groupByName(name)) throw new HttpError(409, `a group named ${name} already exists`);
    return [201, s.groupView(s.addGroup(name))];
  },
  'DELETE /api/groups/{id}': ({ me, params }) => {
    s.requireAdmin(me);
    if (!s.groups.delete(params.id)) throw new HttpError(404, 'group not found');
    return [204, undefined];
  },
  'PATCH /api/groups/{id}/users': ({ me, params, body }) => {
    s.requireAdmin(me);
    const g = s.groups.get(params.id);
    if (!g) throw new HttpError(404, 'group not found');
    for (const n of body.usersToAdd ?? []) {
      const u = s.userByName(n);
      if (!u) throw new HttpError(404, `user ${n} not found`);
      g.members.add(u.id);
    }
    for (const n of body.usersToRemove ?? []) g.members.delete(s.userByName(n)?.id ?? '');
    return [200, s.groupView(g)];
  },
});
