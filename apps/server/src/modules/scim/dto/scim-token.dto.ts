import { ApiProperty } from '@nestjs/swagger';

export class ScimTokenResponse {
  @ApiProperty() provider: string;
  @ApiProperty({ description: "the SCIM base URL to paste into the provider's provisioning settings" })
  baseURL: string;
  @ApiProperty({ description: 'the bearer token, shown once; a new one replaces it' })
  token: string;
}
