import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../../common/actor.js';
import { Access } from '../auth/access.decorator.js';
import { ApplyDto, ApplyResponse } from './dto/apply.dto.js';
import { ApplyService } from './apply.service.js';
import { requestSecrets } from './secrets.js';

@ApiTags('apply')
@ApiBearerAuth()
@Controller('api/apply')
export class ApplyController {
  constructor(private readonly applier: ApplyService) {}

  @Access('admin')
  @Post()
  @HttpCode(200)
  @ApiOkResponse({
    type: ApplyResponse,
    description:
      'the changes made (or, with dryRun, that would be made); 400 lists every problem as `file:line: field: reason`',
  })
  apply(@CurrentActor() actor: Actor, @Body() dto: ApplyDto): Promise<ApplyResponse> {
    return this.applier.apply(actor, {
      text: dto.document,
      fileName: dto.fileName ?? 'infra.yaml',
      dryRun: dto.dryRun ?? false,
      secrets: requestSecrets(dto.secrets ?? {}),
      source: 'api',
    });
  }
}
