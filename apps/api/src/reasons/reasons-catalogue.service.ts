import { Injectable, OnModuleInit } from '@nestjs/common';
import { ReasonKind } from '@aftersale/contracts';
import { ReasonOrmEntity, ReasonRows } from '@aftersale/server/persistence';
import { validationFailed } from '../infrastructure/problems/problem.exception';

/** The reason catalogues are reference data from the migrations: loaded once, checked at the edge. */
@Injectable()
export class ReasonsCatalogue implements OnModuleInit {
  private reasons: ReasonOrmEntity[] = [];

  constructor(private readonly rows: ReasonRows) {}

  async onModuleInit(): Promise<void> {
    this.reasons = await this.rows.all();
  }

  all(): ReasonOrmEntity[] {
    return this.reasons;
  }

  assertKind(reasonId: string, kind: ReasonKind): ReasonOrmEntity {
    const reason = this.reasons.find((r) => r.id === reasonId && r.kind === kind);
    if (!reason)
      throw validationFailed([
        { field: 'reasonId', message: `not a ${kind} reason; see GET /api/v1/reasons?filter={"kind":"${kind}"}` },
      ]);
    return reason;
  }
}
