// Original file: infra/admin/v1/admin.proto


export interface ListRequestsRequest {
  'state'?: (string);
  'mine'?: (boolean);
  'limit'?: (number);
  'cursor'?: (string);
  '_state'?: "state";
  '_mine'?: "mine";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}

export interface ListRequestsRequest__Output {
  'state'?: (string);
  'mine'?: (boolean);
  'limit'?: (number);
  'cursor'?: (string);
  '_state'?: "state";
  '_mine'?: "mine";
  '_limit'?: "limit";
  '_cursor'?: "cursor";
}
