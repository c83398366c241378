import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class DeviceLoginResponse {
  @ApiProperty({ description: 'secret the CLI polls POST /api/device/token with; never shown to the user' })
  deviceCode: string;
  @ApiProperty({ description: 'what the user types on the approval page, `XXXX-XXXX`', example: 'BCDF-GHJK' })
  userCode: string;
  @ApiProperty({ description: 'the approval page, `<server>/device`' }) verificationURI: string;
  @ApiProperty({ description: 'the approval page with the code filled in' }) verificationURIComplete: string;
  @ApiProperty({ description: 'seconds until both codes stop working' }) expiresIn: number;
  @ApiProperty({ description: 'seconds to wait between polls' }) interval: number;
}

export class DeviceCodeDto {
  @ApiProperty() @IsString() @MaxLength(256) deviceCode: string;
}

export class UserCodeDto {
  @ApiProperty({ description: 'the code the CLI shows; case, spaces and dashes do not matter', example: 'BCDF-GHJK' })
  @IsString()
  @MaxLength(64)
  userCode: string;
}

export class DeviceApprovalResponse {
  @ApiProperty({ description: 'the user whose session the waiting CLI receives' }) name: string;
}
