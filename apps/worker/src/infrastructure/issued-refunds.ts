import { RefundForPayment } from '@aftersale/server/persistence';

/**
 * The refunds this process's transactions issued with their first attempt started (`issueRefund`), each as its
 * transaction wrote it — the refund, its order and the marketplace that routes its payment — for that attempt to pay
 * without reading them again (docs/benchmarks.md, 61). An entry is added when its transaction has done its work,
 * before the commit: it is found only by the id of a refund whose `RefundCreated` event was committed and reacted to
 * in this process, and a transaction rolled back leaves an entry no committed refund has, which newer ones push out.
 * Each entry is taken once; an attempt that finds none reads the refund as before.
 *
 * What makes the copy as good as a read: until half the attempt's lease has run out nothing else may change the
 * refund (another attempt waits for the lease, docs/reliability.md "One attempt at a time"), and the outcome's
 * versioned writes fail on an order changed since, and are run again over a locked read (docs/benchmarks.md, 37).
 */
export class IssuedRefunds {
  private readonly byId = new Map<string, RefundForPayment>();

  /** `capacity`: how many entries are kept at most, the oldest pushed out first */
  constructor(private readonly capacity = 1024) {}

  add(issued: RefundForPayment): void {
    this.byId.set(issued.refund.id, issued);
    const oldest = this.byId.keys().next();
    if (this.byId.size > this.capacity && !oldest.done) this.byId.delete(oldest.value);
  }

  /** The refund as its issuing transaction wrote it, once: the entry is removed. */
  take(refundId: string): RefundForPayment | undefined {
    const issued = this.byId.get(refundId);
    this.byId.delete(refundId);
    return issued;
  }
}
