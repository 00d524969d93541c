import { CommandBatches } from './command-batches';

/** A batch the test ends when it wants: its items, and `end` to let it finish. */
interface Started {
  items: string[];
  end: () => void;
}

function batchesUnderTest(options: { maxSize: number; holdMs: number }) {
  const started: Started[] = [];
  const waiters: (() => void)[] = [];
  const batches = new CommandBatches<string>(
    (items) =>
      new Promise<void>((end) => {
        started.push({ items, end });
        waiters.splice(0).forEach((wake) => wake());
      }),
    options,
  );
  /** resolves once `n` batches have started */
  const startedCount = async (n: number) => {
    while (started.length < n) await new Promise<void>((wake) => waiters.push(wake));
    return started;
  };
  return { batches, started, startedCount };
}

describe('command batches: when the worker runs its command jobs (docs/architecture.md#command-batches)', () => {
  it('a job that arrives while no batch runs starts at once, alone', () => {
    const { batches, started } = batchesUnderTest({ maxSize: 16, holdMs: 60_000 });
    batches.submit('a');
    expect(started.map((batch) => batch.items)).toEqual([['a']]);
    started[0].end();
  });

  it('jobs that arrive while a batch runs wait for it, then go together, at most maxSize in a batch', async () => {
    const { batches, started, startedCount } = batchesUnderTest({ maxSize: 3, holdMs: 60_000 });
    batches.submit('a');
    for (const item of ['b', 'c', 'd', 'e']) batches.submit(item);
    expect(started).toHaveLength(1);

    started[0].end();
    await startedCount(2);
    expect(started[1].items).toEqual(['b', 'c', 'd']);
    started[1].end();
    await startedCount(3);
    expect(started[2].items).toEqual(['e']);
    started[2].end();
  });

  it('a batch running past holdMs no longer holds the next one back', async () => {
    const { batches, started, startedCount } = batchesUnderTest({ maxSize: 16, holdMs: 20 });
    batches.submit('slow');
    batches.submit('next');
    expect(started).toHaveLength(1);

    await startedCount(2);
    expect(started[1].items).toEqual(['next']);
    started.forEach((batch) => batch.end());
  });
});
