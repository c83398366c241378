// Original file: infra/admin/v1/admin.proto


export interface CreateProviderRequest {
  'name'?: (string);
  'kind'?: (string);
  'url'?: (string);
  'clientId'?: (string);
  'clientSecret'?: (string);
  '_kind'?: "kind";
}

export interface CreateProviderRequest__Output {
  'name': (string);
  'kind'?: (string);
  'url': (string);
  'clientId': (string);
  'clientSecret': (string);
  '_kind'?: "kind";
}
