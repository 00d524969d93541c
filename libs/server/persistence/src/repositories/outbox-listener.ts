import { Client } from 'pg';

/** The channel migration 1767100000000-outbox-notify notifies when outbox rows commit. */
export const OUTBOX_CHANNEL = 'outbox';

/**
 * A dedicated connection that LISTENs on the outbox channel and calls `onNotify` for each notification (the
 * relay drains then), and once each time it (re)connects, for rows committed while it was not listening. A
 * lost connection is opened again after `retryMs`; meanwhile the relay's slow poll publishes.
 */
export class OutboxListener {
  private client: Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  /** a loss is reported once, not at every attempt while PostgreSQL is down */
  private reported = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onNotify: () => void,
    private readonly onError: (error: Error) => void = () => undefined,
    private readonly retryMs = 1000,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  get listening(): boolean {
    return this.client !== null;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 3000 });
    let lost = false;
    const lose = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (error && !this.reported) {
        this.reported = true;
        this.onError(error);
      }
      if (this.client === client) this.client = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      this.reconnectLater();
    };
    client.on('error', (error) => lose(error));
    client.on('end', () => lose());
    client.on('notification', () => this.onNotify());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      lose(error as Error);
      return;
    }
    if (this.closed) {
      lost = true;
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reported = false;
    this.onNotify();
  }

  private reconnectLater(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, this.retryMs);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}
