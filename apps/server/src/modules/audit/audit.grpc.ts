import type { INestApplicationContext } from '@nestjs/common';
import { adminService, rpc, type GrpcServiceImpl } from '../../grpc/rpc.js';
import { AuditService } from './audit.service.js';
import { ListAuditQuery } from './dto/list-audit.query.js';

export function auditGrpc(app: INestApplicationContext): GrpcServiceImpl {
  const audit = app.get(AuditService);
  return adminService('AuditService', {
    ListAudit: rpc('admin', ListAuditQuery, async (_, q) => {
      const page = await audit.list(q);
      // proto has no free-form object: details travel as JSON text.
      return {
        ...page,
        items: page.items.map(({ details, ...e }) => ({ ...e, detailsJson: JSON.stringify(details) })),
      };
    }),
  });
}
