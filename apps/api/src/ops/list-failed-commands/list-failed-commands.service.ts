import { Injectable } from '@nestjs/common';
import { FailedCommandView, JOBS, JobName } from '@aftersale/contracts';
import { commandJobId, ServerConfig } from '@aftersale/server/messaging';
import { OpsReads } from '@aftersale/server/persistence';
import { validationFailed } from '../../infrastructure/problems/problem.exception';

/**
 * `GET /ops/commands/failed`: commands that ended for a reason that is not a rule — given up as `failed`
 * with a problem of status ≥ 500 (an outage, a bug), or still `accepted` long after acceptance (their job
 * failed or was lost). A rule's refusal (4xx) is a normal answer and is not listed.
 */
@Injectable()
export class ListFailedCommandsService {
  private readonly stuckAfterSeconds: number;

  constructor(
    private readonly reads: OpsReads,
    config: ServerConfig,
  ) {
    this.stuckAfterSeconds = config.opsCommandStuckAfterSeconds;
  }

  async list(limit: number): Promise<FailedCommandView[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 500)
      throw validationFailed([{ field: 'limit', message: 'an integer from 1 to 500' }]);
    const rows = await this.reads.failedCommands(limit, this.stuckAfterSeconds);
    return rows.map((row) => ({
      id: row.id,
      type: row.type,
      sellerId: row.seller_id,
      state: row.state,
      acceptedAt: new Date(row.accepted_at).toISOString(),
      completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
      resourceType: row.resource_type,
      resourceId: row.resource_id,
      problem: row.problem,
      correlationId: row.correlation_id,
      jobId: commandJobId(row.id),
      queue: JOBS[row.type as JobName] ?? null,
    }));
  }
}
