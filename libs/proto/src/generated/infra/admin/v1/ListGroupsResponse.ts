// Original file: infra/admin/v1/admin.proto

import type { Group as _infra_admin_v1_Group, Group__Output as _infra_admin_v1_Group__Output } from '../../../infra/admin/v1/Group.js';

export interface ListGroupsResponse {
  'items'?: (_infra_admin_v1_Group)[];
  'next'?: (string);
  '_next'?: "next";
}

export interface ListGroupsResponse__Output {
  'items': (_infra_admin_v1_Group__Output)[];
  'next'?: (string);
  '_next'?: "next";
}
