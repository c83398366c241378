// Original file: infra/admin/v1/admin.proto

import type { AccessRequest as _infra_admin_v1_AccessRequest, AccessRequest__Output as _infra_admin_v1_AccessRequest__Output } from '../../../infra/admin/v1/AccessRequest.js';

export interface ListAccessRequestsResponse {
  'items'?: (_infra_admin_v1_AccessRequest)[];
  'next'?: (string);
  '_next'?: "next";
}

export interface ListAccessRequestsResponse__Output {
  'items': (_infra_admin_v1_AccessRequest__Output)[];
  'next'?: (string);
  '_next'?: "next";
}
