import { AsyncLocalStorage } from 'node:async_hooks';
import { CommittedEvent, EventJobData } from '@aftersale/contracts';
import { EventToPublish } from '@aftersale/server/persistence';
import { currentCorrelationId, withCorrelation } from '@aftersale/server/messaging';
import { EventReactions } from './event-reactions.service';
import { EventJobToAdd } from './outbox-relay.service';
import { AfterCommitOutcome, ReactionsAfterCommit } from './reactions-after-commit';

const event = (id: string): EventToPublish =>
  ({ id, type: 'RefundCreated', aggregateType: 'refund', payload: {} }) as unknown as EventToPublish;

/** Reactions the test ends when it wants, what reached the events queue, and what was counted. */
function afterCommitUnderTest(slots: number, react: (data: EventJobData) => Promise<void> = async () => undefined) {
  const handled: { outboxId: string; event?: CommittedEvent; attemptsStarted?: number }[] = [];
  const jobs: EventJobToAdd[] = [];
  const counted: AfterCommitOutcome[] = [];
  const reactions = {
    handle: async (data: EventJobData, job?: { attemptsStarted: number }) => {
      handled.push({ ...data, attemptsStarted: job?.attemptsStarted });
      await react(data);
    },
  } as unknown as EventReactions;
  const afterCommit = new ReactionsAfterCommit(
    reactions,
    slots,
    async (added) => {
      jobs.push(...added);
    },
    (outcome) => counted.push(outcome),
  );
  return { afterCommit, handled, jobs, counted };
}

/** A promise the test resolves. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('ReactionsAfterCommit (docs/architecture.md#outbox-and-inbox)', () => {
  it('runs a committed event’s reactions in this process as its first delivery, with the event as committed', async () => {
    const { afterCommit, handled, jobs, counted } = afterCommitUnderTest(2);
    await afterCommit.start([event('e1')]);
    await afterCommit.settled();
    expect(handled).toEqual([
      { outboxId: 'e1', event: { type: 'RefundCreated', aggregateType: 'refund', payload: {} }, attemptsStarted: 1 },
    ]);
    expect(jobs).toEqual([]);
    expect(counted).toEqual(['reacted']);
  });

  it('an event that finds every slot taken goes to the events queue with its event and correlation id', async () => {
    const slow = gate();
    const { afterCommit, handled, jobs, counted } = afterCommitUnderTest(1, () => slow.opened);
    await withCorrelation('corr-1', () => afterCommit.start([event('e1'), event('e2')]));
    expect(handled.map((h) => h.outboxId)).toEqual(['e1']);
    expect(jobs).toEqual([
      {
        id: 'e2',
        correlationId: 'corr-1',
        event: { type: 'RefundCreated', aggregateType: 'refund', payload: {} },
      },
    ]);
    slow.open();
    await afterCommit.settled();
    // the slot is free again
    await afterCommit.start([event('e3')]);
    await afterCommit.settled();
    expect(handled.map((h) => h.outboxId)).toEqual(['e1', 'e3']);
    expect(counted).toEqual(['queued', 'reacted', 'reacted']);
  });

  it('a reaction that fails here goes to the events queue without its event, so that its job reads what reacted since', async () => {
    const { afterCommit, jobs, counted } = afterCommitUnderTest(2, async () => {
      throw new Error('PostgreSQL went away');
    });
    await withCorrelation('corr-2', () => afterCommit.start([event('e1')]));
    await afterCommit.settled();
    expect(jobs).toEqual([{ id: 'e1', correlationId: 'corr-2' }]);
    expect(counted).toEqual(['failed']);
  });

  it('a reaction keeps the correlation id and none of the committing code’s other async context (its transaction, its batch)', async () => {
    const committingJob = new AsyncLocalStorage<string>();
    const seen: { store?: string; correlationId?: string }[] = [];
    const { afterCommit } = afterCommitUnderTest(2, async () => {
      seen.push({ store: committingJob.getStore(), correlationId: currentCorrelationId() });
    });
    await committingJob.run('the command job’s transaction', () =>
      withCorrelation('corr-3', () => afterCommit.start([event('e1')])),
    );
    await afterCommit.settled();
    expect(seen).toEqual([{ store: undefined, correlationId: 'corr-3' }]);
  });

  it('settled waits for the reactions under way', async () => {
    const slow = gate();
    const { afterCommit } = afterCommitUnderTest(2, () => slow.opened);
    await afterCommit.start([event('e1')]);
    let settled = false;
    const waiting = afterCommit.settled().then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    slow.open();
    await waiting;
    expect(settled).toBe(true);
  });
});
