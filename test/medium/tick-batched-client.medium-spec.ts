import { Pool } from 'pg';
import { TickBatchedClient } from '@aftersale/server/persistence';
import { mediumDatabaseUrl } from './support/medium-env';

/** What reaches the socket: each call of its `_write` or `_writev` is one system call's worth of data. */
interface SocketInternals {
  _write: (...args: unknown[]) => unknown;
  _writev: (...args: unknown[]) => unknown;
}

/** docs/benchmarks.md, 73: a pipelining connection sends the statements of one turn of the event loop in one write. */
describe('tick-batched client: the statements of one turn in one write', () => {
  const pool = new Pool({
    connectionString: mediumDatabaseUrl(process.env.JEST_WORKER_ID ?? '1'),
    max: 1,
    pipeline: true,
    Client: TickBatchedClient,
  } as ConstructorParameters<typeof Pool>[0]);

  afterAll(() => pool.end());

  /** Runs `work` on the pool's one client; how many writes its socket made meanwhile. */
  async function writesDuring<T>(
    work: (client: TickBatchedClient) => Promise<T>,
  ): Promise<{ writes: number; result: T }> {
    const client = (await pool.connect()) as unknown as TickBatchedClient & {
      connection: { stream: SocketInternals };
      release: () => void;
    };
    const socket = client.connection.stream;
    const { _write: writeOne, _writev: writeMany } = socket;
    let writes = 0;
    socket._write = function (this: unknown, ...args: unknown[]) {
      writes++;
      return writeOne.apply(this, args);
    };
    socket._writev = function (this: unknown, ...args: unknown[]) {
      writes++;
      return writeMany.apply(this, args);
    };
    try {
      return { result: await work(client), writes };
    } finally {
      socket._write = writeOne;
      socket._writev = writeMany;
      client.release();
    }
  }

  const valueOf = (answer: { rows: { n: number }[] }) => answer.rows[0].n;

  it('statements queued in one turn of the event loop leave in one write, and each gets its own answer in order', async () => {
    const { writes, result } = await writesDuring((client) =>
      Promise.all([1, 2, 3].map((n) => client.query('SELECT $1::int AS n', [n]).then(valueOf))),
    );
    expect(result).toEqual([1, 2, 3]);
    expect(writes).toBe(1);
  });

  it('statements queued in turns of their own, each after the previous answer, leave in a write each', async () => {
    const { writes, result } = await writesDuring(async (client) => {
      const answers: number[] = [];
      for (const n of [1, 2, 3]) answers.push(valueOf(await client.query('SELECT $1::int AS n', [n])));
      return answers;
    });
    expect(result).toEqual([1, 2, 3]);
    expect(writes).toBe(3);
  });

  it('a statement that fails among those of its turn fails alone: the others are answered as if it were not there', async () => {
    const { writes, result } = await writesDuring((client) =>
      Promise.allSettled(
        ['SELECT 1 AS n', 'SELECT 1 / 0 AS n', 'SELECT 3 AS n'].map((text) => client.query(text).then(valueOf)),
      ),
    );
    expect(writes).toBe(1);
    expect(result.map((each) => (each.status === 'fulfilled' ? each.value : 'failed'))).toEqual([1, 'failed', 3]);
    expect((result[1] as PromiseRejectedResult).reason.message).toMatch(/division by zero/);
  });
});
