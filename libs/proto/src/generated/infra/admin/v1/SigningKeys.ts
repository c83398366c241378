// Original file: infra/admin/v1/admin.proto

import type { SigningKey as _infra_admin_v1_SigningKey, SigningKey__Output as _infra_admin_v1_SigningKey__Output } from '../../../infra/admin/v1/SigningKey.js';

export interface SigningKeys {
  'keys'?: (_infra_admin_v1_SigningKey)[];
}

export interface SigningKeys__Output {
  'keys': (_infra_admin_v1_SigningKey__Output)[];
}
