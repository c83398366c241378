import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination.js';

export class CreateDestinationDto {
  @ApiProperty({ example: 'production', description: 'a lower-case DNS label; not "infra"' })
  @IsString()
  @MaxLength(63)
  @Matches(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { message: 'must be a lower-case DNS label' })
  name: string;
}

export class ListDestinationsQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(63) name?: string;
}

export class DestinationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: "the connector's kubectl proxy URL; empty until it registers" }) url: string;
  @ApiProperty({
    description:
      'PEM CA certificates kubeconfig trusts for url: one, or two while the proxy CA rotates (see the connector chart)',
  })
  caCertificate: string;
  @ApiProperty() kubernetesVersion: string;
  @ApiProperty({ type: [String] }) namespaces: string[];
  @ApiProperty() connected: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSeen: string | null;
  @ApiProperty({ format: 'date-time' }) created: string;
}

export class ConnectorCredentials {
  @ApiProperty({ example: 'connector:production' }) userName: string;
  @ApiProperty({ description: '`<id>.<secret>`, shown once' }) accessKey: string;
}

export class CreatedDestinationResponse {
  @ApiProperty({ type: DestinationResponse }) destination: DestinationResponse;
  @ApiProperty({ type: ConnectorCredentials }) connector: ConnectorCredentials;
}
