// Original file: infra/admin/v1/admin.proto

import type { Jwk as _infra_admin_v1_Jwk, Jwk__Output as _infra_admin_v1_Jwk__Output } from '../../../infra/admin/v1/Jwk.js';

export interface Jwks {
  'keys'?: (_infra_admin_v1_Jwk)[];
}

export interface Jwks__Output {
  'keys': (_infra_admin_v1_Jwk__Output)[];
}
