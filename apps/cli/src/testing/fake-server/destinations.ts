// Destinations; adding one also makes its connector's user and key, as the server does.
import { HttpError, type Routes } from './contract.js';
import type { FakeState } from './state.js';

export const destinationRoutes = (s: FakeState): Routes => ({
  'GET /api/destinations': ({ query }) => {
    const name = query('name');
    const found = [...s.destinations.values()].filter((d) => !name || d.name === name);
    return [200, { items: found.map(s.destinationView) }];
  },
  'POST /api/destinations': ({ me, body }) => {
    s.requireAdmin(me);
    const name = String(body.name ?? '');
    if ([...s.destinations.values()].some((d) => d.name === name))
      throw new HttpError(409, `a destination named ${name} already exists`);
    const d = s.addDestination(name);
    const connector = s.addUser(`connector:${name}`);
    return [
      201,
      {
        destination: s.destinationView(d),
        connector: { userName: connector.name, accessKey: s.newKey(connector.id, `connector-${name}`) },
      },
    ];
  },
  'DELETE /api/destinations/{id}': ({ me, params }) => {
    s.requireAdmin(me);
    if (!s.destinations.delete(params.id)) throw new HttpError(404, 'destination not found');
    return [204, undefined];
  },
});
