// Original file: infra/admin/v1/admin.proto


export interface Empty {
}

export interface Empty__Output {
}
