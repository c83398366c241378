// Original file: infra/admin/v1/admin.proto

import type { Destination as _infra_admin_v1_Destination, Destination__Output as _infra_admin_v1_Destination__Output } from '../../../infra/admin/v1/Destination.js';

export interface ListDestinationsResponse {
  'items'?: (_infra_admin_v1_Destination)[];
  'next'?: (string);
  '_next'?: "next";
}

export interface ListDestinationsResponse__Output {
  'items': (_infra_admin_v1_Destination__Output)[];
  'next'?: (string);
  '_next'?: "next";
}
