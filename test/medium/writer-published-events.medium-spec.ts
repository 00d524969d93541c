import { JobName } from '@aftersale/contracts';
import { EventReactionRows } from '@aftersale/server/persistence';
import { workerForThisFile } from './support/worker-under-test';

/**
 * An event job its writer published carries the event (docs/architecture.md#outbox-and-inbox, docs/benchmarks.md,
 * 33): its first start reacts without reading the outbox row back; a later start reads the row and its inbox.
 */
describe('the jobs of events their writer published', () => {
  const worker = workerForThisFile();

  /** A buyer's request on a processing order: its CancellationRequested job, as the worker published it. */
  async function requestedJob(): Promise<{ cancellationId: string; data: Record<string, unknown> }> {
    worker.queues.jobs.splice(0);
    const { cancellationId } = await worker.openCancellation();
    const jobs = worker.queues.named(JobName.PublishedEvent);
    expect(jobs.map((job) => job.data.event)).toEqual([
      expect.objectContaining({
        type: 'CancellationRequested',
        aggregateType: 'cancellation',
        payload: expect.objectContaining({ aggregateId: cancellationId }),
      }),
    ]);
    worker.queues.jobs.splice(0);
    return { cancellationId, data: jobs[0].data };
  }

  const deadlineJobsOf = (cancellationId: string) =>
    worker.queues.named(JobName.CancellationDeadline).filter((job) => job.data.caseId === cancellationId);

  it('the first start of the job reacts to the event it carries without reading the outbox row back', async () => {
    const { cancellationId, data } = await requestedJob();
    const reads = jest.spyOn(worker.get(EventReactionRows), 'forReactions');
    try {
      await worker.job(JobName.PublishedEvent, data, 1);
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
    expect(deadlineJobsOf(cancellationId)).toHaveLength(1);
    const [row] = await worker.dataSource.query(`SELECT processed_at FROM outbox WHERE id = $1`, [data.outboxId]);
    expect(row.processed_at).toEqual(expect.any(Date));
  });

  it('a later start of the same job (a stalled job taken up again) reads the inbox and does not react twice', async () => {
    const { cancellationId, data } = await requestedJob();
    await worker.job(JobName.PublishedEvent, data, 1);
    await worker.job(JobName.PublishedEvent, data, 2);
    expect(deadlineJobsOf(cancellationId)).toHaveLength(1);
  });

  it('a job of the id alone (the recovery sweep’s, the relay’s) reads the row and reacts to it', async () => {
    const { cancellationId, data } = await requestedJob();
    await worker.job(JobName.PublishedEvent, { outboxId: data.outboxId }, 1);
    expect(deadlineJobsOf(cancellationId)).toHaveLength(1);
    await worker.job(JobName.PublishedEvent, { outboxId: data.outboxId }, 1);
    expect(deadlineJobsOf(cancellationId)).toHaveLength(1);
  });
});
