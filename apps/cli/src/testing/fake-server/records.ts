// What the fake server holds: the generated response schemas (../../generated/api.ts) plus what the server keeps but
// never shows (passwords, key secrets, members), so a field the server adds, drops or retypes shows up at compile time.
import type { components } from '../../generated/api.js';

export type Schemas = components['schemas'];
export type FUser = Omit<Schemas['UserResponse'], 'updated'> & { password?: string };
export type FKey = Pick<Schemas['KeyResponse'], 'id' | 'name' | 'userID' | 'created' | 'expires'> & {
  secret: string;
  /** Made by a login: not listed by GET /api/keys. */
  session: boolean;
};
export type FGroup = Pick<Schemas['GroupResponse'], 'id' | 'name' | 'created'> & { members: Set<string> };
export type FDestination = Pick<
  Schemas['DestinationResponse'],
  'id' | 'name' | 'url' | 'caCertificate' | 'connected' | 'created'
>;
export type FGrant = Pick<Schemas['GrantResponse'], 'id' | 'user' | 'group' | 'privilege' | 'resource' | 'created'> & {
  expiresAt?: string;
};
