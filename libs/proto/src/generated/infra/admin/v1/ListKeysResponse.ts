// Original file: infra/admin/v1/admin.proto

import type { Key as _infra_admin_v1_Key, Key__Output as _infra_admin_v1_Key__Output } from '../../../infra/admin/v1/Key.js';

export interface ListKeysResponse {
  'items'?: (_infra_admin_v1_Key)[];
  'next'?: (string);
  '_next'?: "next";
}

export interface ListKeysResponse__Output {
  'items': (_infra_admin_v1_Key__Output)[];
  'next'?: (string);
  '_next'?: "next";
}
