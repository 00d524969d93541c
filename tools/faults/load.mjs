// The steady load: virtual clients each playing one story after another on fresh orders — the channel
// creating orders, cancellations and returns, agents approving, rejecting and refunding, the warehouse
// receiving parcels (some unmatched). Every step goes through Api.command (Idempotency-Key, retries).
import { randomUUID } from 'node:crypto';

const ok = (answer) => answer && (answer.status === 200 || answer.status === 201);
let postings = 0;

export function orderBody() {
  postings++;
  const quantity = 1 + (postings % 3);
  return {
    postingNumber: `F${process.pid}-${Date.now().toString(36)}-${postings}`,
    buyer: { name: 'Иван Петров', email: 'ivan@example.test' },
    lines: [{ sku: 'SKU-1', name: 'Phone case', quantity, unitPrice: { amount: 50000, currency: 'RUB' } }],
    paid: { amount: 50000 * quantity - (postings % 2) * 1000, currency: 'RUB' },
  };
}

export class Load {
  /** tenant: { channel, agent, warehouse } credentials */
  constructor(api, tenant, { clients = 5, stories } = {}) {
    this.api = api;
    this.tenant = tenant;
    this.clients = clients;
    this.stories = stories ?? Object.keys(STORIES);
    this.stopping = false;
    this.running = [];
    this.played = {};
    /** parcels received with a code nothing matched: they must stay listed */
    this.unmatchedCodes = [];
  }

  start() {
    for (let i = 0; i < this.clients; i++) this.running.push(this.loop(i));
  }

  async stop() {
    this.stopping = true;
    await Promise.all(this.running);
    this.running = [];
  }

  async loop(i) {
    let n = i;
    while (!this.stopping) {
      const name = this.stories[n++ % this.stories.length];
      this.played[name] = (this.played[name] ?? 0) + 1;
      try {
        await STORIES[name](this);
      } catch (error) {
        this.errors = (this.errors ?? 0) + 1;
        this.lastError = String(error?.stack ?? error);
      }
    }
  }

  channel(path, body) {
    return this.api.command('channel', this.tenant.channel, path, body);
  }
  agent(path, body) {
    return this.api.command('agent', this.tenant.agent, path, body);
  }
  warehouse(path, body) {
    return this.api.command('warehouse', this.tenant.warehouse, path, body);
  }

  async order(status) {
    const created = await this.channel('/orders', orderBody());
    if (!ok(created)) return undefined;
    const order = created.body;
    if (status === 'pending') return order;
    if (!ok(await this.agent(`/orders/${order.id}/process`))) return undefined;
    if (status === 'processing') return order;
    if (!ok(await this.agent(`/orders/${order.id}/ship`))) return undefined;
    if (!ok(await this.channel(`/orders/${order.id}/deliver`))) return undefined;
    return order;
  }

  async openReturn(order) {
    const line = order.lines[0];
    const opened = await this.channel('/returns', {
      orderId: order.id,
      type: 'buyer_return',
      lines: [{ sku: line.sku, quantity: line.quantity }],
      reasonId: 'return-changed-mind',
    });
    return ok(opened) ? opened.body : undefined;
  }
}

const STORIES = {
  /** a pending order cancelled by the buyer: approved at once, fully refunded */
  async cancelPending(load) {
    const order = await load.order('pending');
    if (order) await load.channel('/cancellations', { orderId: order.id, reasonId: 'changed-mind' });
  },
  /** a processing order: the buyer asks, an agent approves (refund) */
  async cancelApproved(load) {
    const order = await load.order('processing');
    if (!order) return;
    const request = await load.channel('/cancellations', { orderId: order.id, reasonId: 'found-cheaper' });
    if (ok(request)) await load.agent(`/cancellations/${request.body.id}/approve`, { comment: 'ok' });
  },
  /** a processing order: the buyer asks, an agent rejects and ships */
  async cancelRejected(load) {
    const order = await load.order('processing');
    if (!order) return;
    const request = await load.channel('/cancellations', { orderId: order.id, reasonId: 'delivery-too-slow' });
    if (!ok(request)) return;
    const rejected = await load.agent(`/cancellations/${request.body.id}/reject`, {
      reasonId: 'cancellation-rejection-other',
      comment: 'already packed',
    });
    if (ok(rejected)) await load.agent(`/orders/${order.id}/ship`);
  },
  /** the seller cannot fulfil: cancels the order itself (refund) */
  async sellerCancels(load) {
    const order = await load.order('processing');
    if (order) await load.agent(`/orders/${order.id}/cancel`, { reasonId: 'out-of-stock' });
  },
  /** the full return path: approve, ship, parcel scanned, inspected, refunded */
  async returnRefunded(load) {
    const order = await load.order('delivered');
    if (!order) return;
    const opened = await load.openReturn(order);
    if (!opened) return;
    if (!ok(await load.agent(`/returns/${opened.id}/approve`, {}))) return;
    const trackingNumber = `TRK${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
    if (!ok(await load.channel(`/returns/${opened.id}/ship`, { trackingNumber }))) return;
    const received = await load.warehouse('/parcels/receive', { code: trackingNumber, condition: 'intact' });
    if (!ok(received)) return;
    const line = order.lines[0];
    const inspected = await load.warehouse(`/returns/${opened.id}/inspect`, {
      lines: [{ sku: line.sku, quantity: line.quantity, outcome: 'intact' }],
    });
    if (ok(inspected)) await load.agent(`/returns/${opened.id}/refund`, {});
  },
  /** a return refunded without the goods */
  async returnRefundedWithoutGoods(load) {
    const order = await load.order('delivered');
    const opened = order && (await load.openReturn(order));
    if (opened) await load.agent(`/returns/${opened.id}/refund`, {});
  },
  /** a return rejected */
  async returnRejected(load) {
    const order = await load.order('delivered');
    const opened = order && (await load.openReturn(order));
    if (opened) await load.agent(`/returns/${opened.id}/reject`, { reasonId: 'signs-of-use', comment: 'worn' });
  },
  /** a parcel nobody announced: kept as unmatched */
  async unknownParcel(load) {
    const code = `UNK${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    const received = await load.warehouse('/parcels/receive', { code, condition: 'damaged_packaging' });
    if (ok(received) && received.body?.returnId === null) load.unmatchedCodes.push(code);
  },
};
