// Original file: infra/connector/v1/connector.proto


export interface NamespacesChanged {
  'namespaces'?: (string)[];
}

export interface NamespacesChanged__Output {
  'namespaces': (string)[];
}
