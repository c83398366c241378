// Original file: infra/admin/v1/admin.proto

import type { User as _infra_admin_v1_User, User__Output as _infra_admin_v1_User__Output } from '../../../infra/admin/v1/User.js';

export interface ListUsersResponse {
  'items'?: (_infra_admin_v1_User)[];
  'next'?: (string);
  '_next'?: "next";
}

export interface ListUsersResponse__Output {
  'items': (_infra_admin_v1_User__Output)[];
  'next'?: (string);
  '_next'?: "next";
}
