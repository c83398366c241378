// Original file: infra/admin/v1/admin.proto


export interface ListProvidersRequest {
  'name'?: (string);
  'limit'?: (number);
  'cursor'?: (string);
  '_name'?: "name";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}

export interface ListProvidersRequest__Output {
  'name'?: (string);
  'limit'?: (number);
  'cursor'?: (string);
  '_name'?: "name";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}
