// Original file: infra/connector/v1/connector.proto

import type { Long } from '@grpc/proto-loader';

export interface Heartbeat {
  'sentAtMs'?: (number | string | Long);
}

export interface Heartbeat__Output {
  'sentAtMs': (number);
}
