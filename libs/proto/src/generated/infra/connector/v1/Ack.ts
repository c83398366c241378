// Original file: infra/connector/v1/connector.proto

import type { Long } from '@grpc/proto-loader';

export interface Ack {
  'sequence'?: (number | string | Long);
}

export interface Ack__Output {
  'sequence': (number);
}
