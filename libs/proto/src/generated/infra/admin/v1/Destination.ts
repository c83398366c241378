// Original file: infra/admin/v1/admin.proto


export interface Destination {
  'id'?: (string);
  'name'?: (string);
  'url'?: (string);
  'caCertificate'?: (string);
  'kubernetesVersion'?: (string);
  'namespaces'?: (string)[];
  'connected'?: (boolean);
  'lastSeen'?: (string);
  'created'?: (string);
  '_lastSeen'?: "lastSeen";
}

export interface Destination__Output {
  'id': (string);
  'name': (string);
  'url': (string);
  'caCertificate': (string);
  'kubernetesVersion': (string);
  'namespaces': (string)[];
  'connected': (boolean);
  'lastSeen'?: (string);
  'created': (string);
  '_lastSeen'?: "lastSeen";
}
