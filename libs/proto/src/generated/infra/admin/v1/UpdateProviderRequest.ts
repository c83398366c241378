// Original file: infra/admin/v1/admin.proto


export interface UpdateProviderRequest {
  'id'?: (string);
  'url'?: (string);
  'clientId'?: (string);
  'clientSecret'?: (string);
  '_url'?: "url";
  '_clientId'?: "clientId";
  '_clientSecret'?: "clientSecret";
}

export interface UpdateProviderRequest__Output {
  'id': (string);
  'url'?: (string);
  'clientId'?: (string);
  'clientSecret'?: (string);
  '_url'?: "url";
  '_clientId'?: "clientId";
  '_clientSecret'?: "clientSecret";
}
