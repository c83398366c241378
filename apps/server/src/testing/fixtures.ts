// Typed helpers for integration specs: make people and machines with keys through the real API.
import assert from 'node:assert/strict';
import type { TestClient } from './test-client.js';

export interface TestUser {
  id: string;
  name: string;
  key: string;
  client: TestClient;
}

/** Creates a user (as the admin client) with an access key, and a client that acts as that user. */
export async function createUserWithKey(admin: TestClient, name: string): Promise<TestUser> {
  const user = await admin.post<{ id: string; name: string }>('/api/users', { name });
  assert.equal(user.status, 201, JSON.stringify(user.body));
  const key = await admin.post<{ accessKey: string }>('/api/keys', { userID: user.body.id });
  assert.equal(key.status, 201, JSON.stringify(key.body));
  return { id: user.body.id, name, key: key.body.accessKey, client: admin.as(key.body.accessKey) };
}

/** Gives a user the admin or view role on Infra itself. */
export async function grantInfraRole(admin: TestClient, user: string, role: 'admin' | 'view'): Promise<void> {
  const res = await admin.post('/api/grants', { user, privilege: role, resource: 'infra' });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}
