// Setup calls against the real server's REST API (never measured).
import type { TestClient, TestResponse } from '@infra/server/testing';

/** The body of a response with the expected status; throws with the server's answer otherwise. */
export async function must<T>(call: Promise<TestResponse<T>>, status: number): Promise<T> {
  const res = await call;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface BenchUser {
  id: string;
  name: string;
  key: string;
}

/** A user with an access key, created as the admin. */
export async function createUser(admin: TestClient, name: string): Promise<BenchUser> {
  const user = await must(admin.post<{ id: string }>('/api/users', { name }), 201);
  const key = await must(admin.post<{ accessKey: string }>('/api/keys', { userID: user.id }), 201);
  return { id: user.id, name, key: key.accessKey };
}

/** A destination created ahead of its connector, and the connector's access key. */
export async function createDestination(admin: TestClient, name: string): Promise<string> {
  const d = await must(admin.post<{ connector: { accessKey: string } }>('/api/destinations', { name }), 201);
  return d.connector.accessKey;
}
