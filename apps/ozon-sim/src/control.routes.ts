import { Router } from 'express';
import type { OzonSimulator, SimFault } from './ozon-simulator';
import { SimError } from './sim-error';
import { PostingStatus, SimProduct } from './sim-store';

const STATUSES: PostingStatus[] = [
  'awaiting_packaging',
  'awaiting_deliver',
  'delivering',
  'driver_pickup',
  'sent_by_seller',
  'delivered',
  'cancelled',
];
const FAULTS: SimFault['kind'][] = ['rate-limit', 'server-error', 'timeout', 'answer-lost', 'bad-credentials'];

/**
 * `/__sim/*`: what happens on Ozon's and the buyer's side — accounts, new postings and their moves, a buyer's
 * cancellation, return, compensation answer, dispute and chat message, Ozon's arbitration, the clock, faults —
 * and a view of the state and of the requests received, for tests and demos. Loopback only; no Ozon
 * credentials (the simulator itself is never deployed: docs/ozon.md#the-simulator).
 */
export function controlRoutes(sim: OzonSimulator): Router {
  const router = Router();
  const store = sim.store;
  const account = (clientId: unknown) => store.account(String(clientId ?? '100001'));
  const wrap =
    (fn: (body: Record<string, any>, params: Record<string, string>) => unknown) =>
    (req: { body?: unknown; params: Record<string, string>; query: Record<string, unknown> }, res: any) => {
      try {
        const body = { ...(req.query as object), ...((req.body as object) ?? {}) } as Record<string, any>;
        res.json(fn(body, req.params) ?? { ok: true });
      } catch (error) {
        if (!(error instanceof SimError)) throw error;
        res.status(error.status).json({ code: error.code, message: error.message });
      }
    };

  router.post(
    '/reset',
    wrap((b) => sim.reset(b.scenario === 'empty' ? 'empty' : 'demo')),
  );
  router.post(
    '/accounts',
    wrap((b) => {
      store.addAccount(String(b.clientId), String(b.apiKey));
    }),
  );
  router.post(
    '/clock',
    wrap((b) => {
      store.advance(Number(b.advanceMs ?? 0));
      return { now: store.now().toISOString() };
    }),
  );
  router.post(
    '/faults',
    wrap((b) => {
      if (!FAULTS.includes(b.kind)) throw SimError.invalid(`kind must be one of ${FAULTS.join(', ')}`);
      sim.faults.push({ kind: b.kind, times: b.times, path: b.path, delayMs: b.delayMs });
      return { faults: sim.faults };
    }),
  );
  router.delete(
    '/faults',
    wrap(() => {
      sim.faults = [];
    }),
  );
  router.post(
    '/postings',
    wrap((b) =>
      store.createPosting(account(b.clientId), {
        posting_number: b.posting_number,
        status: b.status,
        customer_name: b.customer_name,
        products: (b.products as SimProduct[]) ?? [
          { sku: 1001, offer_id: 'SIM-1', name: 'Товар', price: '1000.00', quantity: 1, currency_code: 'RUB' },
        ],
      }),
    ),
  );
  router.post(
    '/postings/:number/status',
    wrap((b, p) => {
      if (!STATUSES.includes(b.status)) throw SimError.invalid('unknown status');
      const posting = store.posting(account(b.clientId), p.number);
      store.moveTo(posting, b.status);
      return posting;
    }),
  );
  router.post(
    '/postings/:number/buyer-cancel',
    wrap((b, p) => store.buyerCancels(account(b.clientId), p.number, b.reason_id, b.message) ?? { cancelled: true }),
  );
  router.post(
    '/postings/:number/return',
    wrap((b, p) =>
      store.createReturn(account(b.clientId), p.number, {
        reasonId: b.reason_id,
        comment: b.comment,
        photos: b.photos,
        sku: b.sku,
      }),
    ),
  );
  router.post(
    '/returns/:id/compensation',
    wrap((b, p) => store.answerCompensation(account(b.clientId), Number(p.id), Boolean(b.accept))),
  );
  router.post(
    '/returns/:id/dispute',
    wrap((b, p) => store.dispute(account(b.clientId), Number(p.id))),
  );
  router.post(
    '/returns/:id/arbitrate',
    wrap((b, p) => store.arbitrate(account(b.clientId), Number(p.id), b.decision === 'approved')),
  );
  router.post(
    '/postings/:number/buyer-message',
    wrap((b, p) => {
      const chat = store.chatFor(account(b.clientId), p.number);
      return store.postMessage(chat, 'Customer', String(b.text ?? ''));
    }),
  );
  router.get(
    '/state',
    wrap((b) => {
      const a = account(b.clientId);
      store.applyDeadlines(a);
      return {
        now: store.now().toISOString(),
        postings: [...a.postings.values()],
        cancellations: [...a.cancellations.values()],
        returns: [...a.returns.values()],
        chats: [...a.chats.values()],
      };
    }),
  );
  router.get(
    '/requests',
    wrap(() => ({ requests: sim.requests, violations: sim.violations })),
  );
  return router;
}
