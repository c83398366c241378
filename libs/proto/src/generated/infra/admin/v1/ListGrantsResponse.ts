// Original file: infra/admin/v1/admin.proto

import type { Grant as _infra_admin_v1_Grant, Grant__Output as _infra_admin_v1_Grant__Output } from '../../../infra/admin/v1/Grant.js';

export interface ListGrantsResponse {
  'items'?: (_infra_admin_v1_Grant)[];
  'next'?: (string);
  '_next'?: "next";
}

export interface ListGrantsResponse__Output {
  'items': (_infra_admin_v1_Grant__Output)[];
  'next'?: (string);
  '_next'?: "next";
}
