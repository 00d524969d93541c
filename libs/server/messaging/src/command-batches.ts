/**
 * When commands go to PostgreSQL, in batches (docs/architecture.md#command-batches): an item that arrives while no
 * batch is running starts one of its own at once; the items that arrive while one runs wait for it and then go
 * together, up to `maxSize`, in the next. So a batch holds what came during one transaction, one under light load,
 * more as the load grows: their round trips and their commit are shared. The worker runs its command jobs so
 * (docs/benchmarks.md, 57), the api records its accepted commands so (59).
 *
 * A batch running longer than `holdMs` (a lock wait, a large import) stops holding the others back: the next batch
 * starts without waiting for it.
 */
export class CommandBatches<Item> {
  private readonly waiting: Item[] = [];
  /** batches started less than `holdMs` ago and still running */
  private holding = 0;

  constructor(
    private readonly runBatch: (items: Item[]) => Promise<void>,
    private readonly options: { maxSize: number; holdMs: number; onBatch?: (size: number) => void },
  ) {}

  submit(item: Item): void {
    this.waiting.push(item);
    this.startNext();
  }

  private startNext(): void {
    if (this.holding > 0 || this.waiting.length === 0) return;
    const items = this.waiting.splice(0, this.options.maxSize);
    this.options.onBatch?.(items.length);
    this.holding++;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.holding--;
      this.startNext();
    };
    const timer = setTimeout(release, this.options.holdMs).unref();
    // runBatch settles each item itself and does not throw; `finally` only frees the next batch
    void this.runBatch(items).finally(() => {
      clearTimeout(timer);
      release();
    });
  }
}
