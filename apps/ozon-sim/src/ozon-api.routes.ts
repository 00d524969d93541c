import type { OzonPath } from '@aftersale/server/ozon';
import { SimError } from './sim-error';
import {
  RETURN_ACTIONS,
  RETURN_REJECTION_REASONS,
  SELLER_CANCEL_REASONS,
  SimAccount,
  SimCancellation,
  SimPosting,
  SimReturn,
  SimStore,
} from './sim-store';

type Body = Record<string, any>;
export type OzonHandler = (store: SimStore, account: SimAccount, body: Body) => unknown;

const SHIPPED = ['delivering', 'driver_pickup', 'sent_by_seller'];

function page<T>(items: T[], limit: unknown, max = 1000): T[] {
  const size = Number(limit);
  if (!Number.isInteger(size) || size < 1 || size > max) throw SimError.invalid(`limit must be 1..${max}`);
  return items.slice(0, size);
}

function presentPosting(p: SimPosting) {
  return {
    posting_number: p.posting_number,
    order_id: p.order_id,
    order_number: p.order_number,
    status: p.status,
    substatus: `posting_${p.status}`,
    in_process_at: p.in_process_at,
    shipment_date: p.shipment_date,
    tracking_number: p.tracking_number,
    tpl_integration_type: 'ozon',
    customer: { name: p.customer_name },
    addressee: { name: p.customer_name },
    products: p.products.map((x) => ({ ...x })),
    cancellation: p.cancellation ?? {
      cancel_reason_id: 0,
      cancel_reason: '',
      cancellation_initiator: '',
      cancellation_type: '',
      cancelled_after_ship: false,
      affect_cancellation_rating: false,
    },
    available_actions: p.status === 'awaiting_packaging' || p.status === 'awaiting_deliver' ? ['cancel'] : [],
  };
}

function presentCancellation(c: SimCancellation) {
  return {
    cancellation_id: c.cancellation_id,
    posting_number: c.posting_number,
    cancellation_reason: c.cancellation_reason,
    cancellation_reason_message: c.cancellation_reason_message,
    cancellation_initiator: c.cancellation_initiator,
    cancelled_at: c.cancelled_at,
    order_date: c.order_date,
    auto_approve_date: c.auto_approve_date,
    approve_comment: c.approve_comment ?? '',
    ...(c.approve_date ? { approve_date: c.approve_date } : {}),
    state: { id: ['ON_APPROVAL', 'APPROVED', 'REJECTED'].indexOf(c.state) + 1, name: c.state, state: c.state },
    tpl_integration_type: 'ozon',
  };
}

function returnState(r: SimReturn) {
  return { state: r.state, state_name: r.state };
}

function presentReturnSummary(r: SimReturn) {
  return {
    return_id: r.return_id,
    return_number: r.return_number,
    posting_number: r.posting_number,
    order_number: r.order_number,
    client_name: r.client_name,
    created_at: r.created_at,
    product: {
      name: r.product.name,
      offer_id: r.product.offer_id,
      sku: r.product.sku,
      price: r.product.price,
      currency_code: r.product.currency_code,
    },
    state: { ...returnState(r), group_state: r.group_state, money_return_state_name: r.money_return_state_name },
  };
}

function presentReturn(store: SimStore, r: SimReturn) {
  return {
    ...presentReturnSummary(r),
    state: returnState(r),
    available_actions: store.availableActions(r),
    client_photo: r.client_photo.map((name) => `${store.photoBaseUrl}/photos/${name}.png`),
    comment: r.comment,
    return_reason: r.return_reason,
    rejection_reason:
      r.group_state === 'New' || r.group_state === 'Checkout' ? (r.rejection_reasons ?? RETURN_REJECTION_REASONS) : [],
    rejection_comment: r.rejection_comment,
    return_method_description: r.return_method_description,
    ru_post_tracking_number: r.ru_post_tracking_number,
    client_return_method_type: { id: 1, name: 'Почта России' },
    warehouse_id: 1,
  };
}

function inRange(at: string, from?: string, to?: string): boolean {
  const t = new Date(at).getTime();
  return (!from || t >= new Date(from).getTime()) && (!to || t <= new Date(to).getTime());
}

function sortedPostings(account: SimAccount, dir: unknown): SimPosting[] {
  const list = [...account.postings.values()].sort((a, b) => a.in_process_at.localeCompare(b.in_process_at));
  return String(dir).toUpperCase() === 'DESC' ? list.reverse() : list;
}

/** Ozon's paths: each answers with the shapes of Ozon's OpenAPI document (checked by the simulator's tests). */
export const OZON_ROUTES: Record<OzonPath, OzonHandler> = {
  '/v3/posting/fbs/list': (_store, account, body) => {
    const f = body.filter ?? {};
    const changed = f.last_changed_status_date ?? {};
    const all = sortedPostings(account, body.dir).filter(
      (p) =>
        inRange(p.in_process_at, f.since, f.to) &&
        (!f.status || p.status === f.status) &&
        inRange(p.status_changed_at, changed.from, changed.to),
    );
    const offset = Number(body.offset ?? 0);
    const postings = page(all.slice(offset), body.limit);
    return { result: { postings: postings.map(presentPosting), has_next: offset + postings.length < all.length } };
  },

  '/v3/posting/fbs/unfulfilled/list': (_store, account, body) => {
    const f = body.filter ?? {};
    const all = sortedPostings(account, body.dir).filter(
      (p) =>
        ['awaiting_packaging', 'awaiting_deliver'].includes(p.status) &&
        (!f.status || p.status === f.status) &&
        inRange(p.shipment_date, f.cutoff_from, f.cutoff_to),
    );
    const offset = Number(body.offset ?? 0);
    const postings = page(all.slice(offset), body.limit);
    return { result: { postings: postings.map(presentPosting), count: all.length } };
  },

  '/v3/posting/fbs/get': (store, account, body) => ({
    result: presentPosting(store.posting(account, String(body.posting_number))),
  }),

  '/v2/posting/fbs/cancel': (store, account, body) => {
    store.cancelBySeller(
      account,
      String(body.posting_number),
      Number(body.cancel_reason_id),
      body.cancel_reason_message,
    );
    return { result: true };
  },

  '/v2/posting/fbs/cancel-reason/list': () => ({
    result: SELLER_CANCEL_REASONS.map((r) => ({
      id: r.id,
      title: r.title,
      type_id: 'seller',
      is_available_for_cancellation: true,
    })),
  }),

  '/v1/posting/fbs/cancel-reason': (store, account, body) => ({
    result: (body.related_posting_numbers as string[]).map((number) => {
      const posting = store.posting(account, number);
      const delivering = SHIPPED.includes(posting.status);
      return {
        posting_number: number,
        reasons: SELLER_CANCEL_REASONS.filter((r) => r.delivering === delivering).map((r) => ({
          id: r.id,
          title: r.title,
          type_id: 'seller',
        })),
      };
    }),
  }),

  '/v2/conditional-cancellation/list': (_store, account, body) => {
    const f = body.filters ?? {};
    const state = f.state ?? 'ALL';
    const all = [...account.cancellations.values()]
      .filter(
        (c) =>
          (state === 'ALL' || c.state === state) &&
          (!f.posting_number?.length || f.posting_number.includes(c.posting_number)) &&
          (!f.cancellation_initiator?.length || f.cancellation_initiator.includes(c.cancellation_initiator)),
      )
      .sort((a, b) => a.cancellation_id - b.cancellation_id);
    const rows = page(
      all.filter((c) => c.cancellation_id > Number(body.last_id ?? 0)),
      body.limit,
      500,
    );
    return {
      result: rows.map(presentCancellation),
      last_id: rows.length ? rows[rows.length - 1].cancellation_id : Number(body.last_id ?? 0),
      ...(body.with?.counter ? { counter: all.filter((c) => c.state === 'ON_APPROVAL').length } : {}),
    };
  },

  '/v2/conditional-cancellation/approve': (store, account, body) => {
    store.approveCancellation(account, Number(body.cancellation_id), body.comment);
    return {};
  },

  '/v2/conditional-cancellation/reject': (store, account, body) => {
    store.rejectCancellation(account, Number(body.cancellation_id), body.comment);
    return {};
  },

  '/v2/returns/rfbs/list': (_store, account, body) => {
    const f = body.filter ?? {};
    const groups: string[] = (f.group_state ?? []).filter((g: string) => g !== 'ALL');
    const rows = page(
      [...account.returns.values()]
        .filter(
          (r) =>
            r.return_id > Number(body.last_id ?? 0) &&
            (!groups.length || groups.includes(r.group_state)) &&
            (!f.posting_number || r.posting_number === f.posting_number) &&
            (!f.offer_id || r.product.offer_id === f.offer_id) &&
            inRange(r.created_at, f.created_at?.from, f.created_at?.to),
        )
        .sort((a, b) => a.return_id - b.return_id),
      body.limit,
    );
    return { returns: rows.map(presentReturnSummary) };
  },

  '/v2/returns/rfbs/get': (store, account, body) => ({
    returns: presentReturn(store, store.returnCase(account, Number(body.return_id))),
  }),

  '/v2/returns/rfbs/reject': (store, account, body) => {
    store.act(account, Number(body.return_id), RETURN_ACTIONS.reject.id, {
      comment: body.comment,
      rejectionReasonId: Number(body.rejection_reason_id),
    });
    return {};
  },

  '/v2/returns/rfbs/compensate': (store, account, body) => {
    store.act(account, Number(body.return_id), RETURN_ACTIONS.compensate.id, {
      compensationAmount: body.compensation_amount,
    });
    return {};
  },

  '/v2/returns/rfbs/verify': (store, account, body) => {
    store.act(account, Number(body.return_id), RETURN_ACTIONS.verify.id, {
      methodDescription: body.return_method_description,
    });
    return {};
  },

  '/v2/returns/rfbs/receive-return': (store, account, body) => {
    store.act(account, Number(body.return_id), RETURN_ACTIONS.receiveReturn.id, {});
    return {};
  },

  '/v2/returns/rfbs/return-money': (store, account, body) => {
    store.act(account, Number(body.return_id), RETURN_ACTIONS.returnMoney.id, {});
    return {};
  },

  '/v1/returns/rfbs/action/set': (store, account, body) => {
    store.act(account, Number(body.return_id), Number(body.id), {
      comment: body.comment,
      rejectionReasonId: body.rejection_reason_id,
      compensationAmount: body.compensation_amount === undefined ? undefined : String(body.compensation_amount),
    });
    return {};
  },

  '/v1/returns/list': (_store, account, body) => {
    const numbers: string[] = body.filter?.posting_numbers ?? [];
    const rows = page(
      [...account.postings.values()]
        .filter((p) => p.status === 'cancelled' && p.cancellation?.cancelled_after_ship)
        .filter((p) => !numbers.length || numbers.includes(p.posting_number))
        .filter((p) => p.order_id > Number(body.last_id ?? 0))
        .sort((a, b) => a.order_id - b.order_id),
      body.limit,
      500,
    );
    return {
      returns: rows.map((p) => ({
        id: p.order_id,
        type: 'Cancellation',
        schema: 'Fbs',
        order_id: p.order_id,
        order_number: p.order_number,
        posting_number: p.posting_number,
        return_reason_name: p.cancellation?.cancel_reason ?? '',
        product: {
          sku: p.products[0].sku,
          offer_id: p.products[0].offer_id,
          name: p.products[0].name,
          price: { currency_code: p.products[0].currency_code, price: Number(p.products[0].price) },
          quantity: p.products[0].quantity,
        },
        logistic: { barcode: `ii${p.order_id}`, return_date: p.status_changed_at },
        visual: {
          status: { id: 1, display_name: 'Едет к продавцу', sys_name: 'MovingToSeller' },
          change_moment: p.status_changed_at,
        },
        additional_info: { is_opened: false, is_super_econom: false },
      })),
      has_next: false,
    };
  },

  '/v3/chat/list': (_store, account, body) => {
    // by cursor, as Ozon pages its chats: the cursor is opaque to the client (here, the next chat's offset)
    const all = [...account.chats.values()];
    const start = body.cursor === undefined || body.cursor === '' ? 0 : Number(body.cursor);
    if (!Number.isInteger(start) || start < 0) throw SimError.invalid('unknown cursor');
    const chats = page(all.slice(start), body.limit, 100);
    const next = start + chats.length;
    return {
      chats: chats.map((c) => {
        const unread = c.messages.filter((m) => !m.is_read);
        return {
          chat: { chat_id: c.chat_id, chat_status: 'Opened', chat_type: 'Buyer_Seller', created_at: c.created_at },
          first_unread_message_id: unread[0]?.message_id ?? 0,
          last_message_id: c.messages[c.messages.length - 1]?.message_id ?? 0,
          unread_count: unread.length,
        };
      }),
      total_unread_count: chats.reduce((n, c) => n + c.messages.filter((m) => !m.is_read).length, 0),
      has_next: next < all.length,
      cursor: next < all.length ? String(next) : '',
    };
  },

  '/v3/chat/history': (store, account, body) => {
    const chat = store.chat(account, String(body.chat_id));
    const limit = Number(body.limit ?? 50);
    const backward = String(body.direction ?? 'Backward') === 'Backward';
    const from = body.from_message_id === undefined ? undefined : Number(body.from_message_id);
    let messages = chat.messages.filter((m) =>
      from === undefined ? true : backward ? m.message_id < from : m.message_id > from,
    );
    if (backward) messages = messages.slice().reverse();
    const pageOf = page(messages, limit, 1000);
    const posting = store.posting(account, chat.posting_number);
    return {
      has_next: pageOf.length < messages.length,
      messages: pageOf.map((m) => ({
        ...m,
        moderate_image_status: m.is_image ? 'SUCCESS' : undefined,
        context: { order_number: posting.order_number, sku: String(posting.products[0]?.sku ?? '') },
      })),
    };
  },

  '/v1/chat/start': (store, account, body) => ({
    result: { chat_id: store.chatFor(account, String(body.posting_number)).chat_id },
  }),

  '/v1/chat/send/message': (store, account, body) => {
    const text = String(body.text ?? '');
    if (!text.trim() || text.length > 1000) throw SimError.invalid('text must be 1..1000 characters');
    store.postMessage(store.chat(account, String(body.chat_id)), 'Seller', text);
    return { result: 'success' };
  },

  '/v1/chat/send/file': (store, account, body) => {
    if (!body.base64_content) throw SimError.invalid('base64_content is required');
    store.postMessage(store.chat(account, String(body.chat_id)), 'Seller', String(body.name ?? 'file'), true);
    return { result: 'success' };
  },
};
