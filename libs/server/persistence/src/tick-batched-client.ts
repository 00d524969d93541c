import { Client } from 'pg';

/** What this class reaches of node-postgres' client beyond its typings: its mode and its socket. */
interface ClientInternals {
  pipeline: boolean;
  connection: { stream: { cork(): void; uncork(): void } };
}

/**
 * A pipelining connection whose statements of one turn of the event loop leave in one socket write
 * (docs/benchmarks.md, 73). In pipeline mode node-postgres sends each statement as soon as it is queued, one write
 * each; the command jobs that share a batch's transaction (docs/architecture.md#command-batches) queue their reads
 * on its connection in the same turn, so each read was a write of its own. The first statement of a turn corks the
 * socket, and a `process.nextTick` uncorks it once the turn's callbacks and promise reactions have run: what was
 * queued meanwhile goes in one write, in the order it was queued, and PostgreSQL answers each statement as before.
 * Only with `pipeline`: a client that waits for each answer before it sends the next statement has nothing to put
 * together.
 */
export class TickBatchedClient extends Client {
  private corked = false;

  constructor(...args: ConstructorParameters<typeof Client>) {
    super(...args);
    const self = this as unknown as ClientInternals;
    const query = this.query;
    // node-postgres' `query` has many overloads; this one passes them all through untouched
    this.query = ((...queryArgs: unknown[]) => {
      if (self.pipeline && !this.corked) this.corkForThisTurn(self.connection.stream);
      return (query as (...all: unknown[]) => unknown).apply(this, queryArgs);
    }) as Client['query'];
  }

  private corkForThisTurn(stream: ClientInternals['connection']['stream']): void {
    this.corked = true;
    stream.cork();
    process.nextTick(() => {
      this.corked = false;
      stream.uncork();
    });
  }
}
