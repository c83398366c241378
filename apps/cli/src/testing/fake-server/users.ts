// Users and their access keys.
import { randomBytes } from 'node:crypto';
import { HttpError, type Routes } from './contract.js';
import type { FakeState } from './state.js';

export const userRoutes = (s: FakeState): Routes => ({
  'GET /api/users/self': ({ me }) => [200, s.userView(me)],
  'GET /api/users': ({ query }) => {
    const name = query('name');
    return [200, { items: [...s.users.values()].filter((u) => !name || u.name === name).map(s.userView) }];
  },
  'PUT /api/users/{id}': ({ me, params, body }) => {
    if (params.id !== me.id) s.requireAdmin(me);
    const u = s.users.get(params.id);
    if (!u) throw new HttpError(404, 'user not found');
    if (typeof body.password !== 'string' || body.password.length < 8)
      throw new HttpError(400, 'password must be at least 8 characters');
    u.password = body.password;
    u.passwordUpdateRequired = false;
    return [200, s.userView(u)];
  },
  'POST /api/users': ({ me, body }) => {
    s.requireAdmin(me);
    const name = String(body.name ?? '');
    if (!name.includes('@')) throw new HttpError(400, 'name must be an email address');
    if (s.userByName(name)) throw new HttpError(409, `a user named ${name} already exists`);
    const otp = randomBytes(6).toString('hex');
    return [201, { ...s.userView(s.addUser(name, otp, { passwordUpdateRequired: true })), oneTimePassword: otp }];
  },
  'DELETE /api/users/{id}': ({ me, params }) => {
    s.requireAdmin(me);
    if (!s.users.delete(params.id)) throw new HttpError(404, 'user not found');
    return [204, undefined];
  },

  'GET /api/keys': ({ me, query }) => {
    const userID = query('userID');
    if (userID !== me.id) s.requireAdmin(me);
    const listed = [...s.keys.values()].filter((k) => !k.session && (!userID || k.userID === userID));
    return [200, { items: listed.map(s.keyView) }];
  },
  'POST /api/keys': ({ me, body }) => {
    const userID = typeof body.userID === 'string' ? body.userID : me.id;
    if (userID !== me.id) s.requireAdmin(me);
    const expires = typeof body.expiry === 'number' ? new Date(Date.now() + body.expiry * 1000).toISOString() : null;
    const accessKey = s.newKey(userID, String(body.name ?? `key-${s.keys.size}`), { expires });
    return [201, { ...s.keyView(s.keyFor(accessKey)!), accessKey }];
  },
  'DELETE /api/keys/{id}': ({ me, params }) => {
    const k = s.keys.get(params.id);
    if (!k) throw new HttpError(404, 'key not found');
    if (k.userID !== me.id) s.requireAdmin(me);
    s.keys.delete(k.id);
    return [204, undefined];
  },
});
