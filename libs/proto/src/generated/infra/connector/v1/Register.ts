// Original file: infra/connector/v1/connector.proto

import type { Long } from '@grpc/proto-loader';

export interface Register {
  'destination'?: (string);
  'proxyUrl'?: (string);
  'proxyCaPem'?: (string);
  'kubernetesVersion'?: (string);
  'namespaces'?: (string)[];
  'resumeFrom'?: (number | string | Long);
  'connectorVersion'?: (string);
}

export interface Register__Output {
  'destination': (string);
  'proxyUrl': (string);
  'proxyCaPem': (string);
  'kubernetesVersion': (string);
  'namespaces': (string)[];
  'resumeFrom': (number);
  'connectorVersion': (string);
}
