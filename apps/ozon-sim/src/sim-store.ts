import { SimError } from './sim-error';

/**
 * The state of the simulated Ozon accounts and Ozon's rules over it (docs/ozon.md#the-simulator): postings and
 * their statuses, conditional cancellations (`ON_APPROVAL` → `APPROVED` at `auto_approve_date`), rFBS returns
 * and their group states with the actions each state allows, and chats. Times come from a clock that tests can
 * move forward.
 */

export type PostingStatus =
  | 'awaiting_packaging'
  | 'awaiting_deliver'
  | 'delivering'
  | 'driver_pickup'
  | 'sent_by_seller'
  | 'delivered'
  | 'cancelled';

export interface SimProduct {
  sku: number;
  offer_id: string;
  name: string;
  /** Ozon's decimal string, e.g. "1290.00" */
  price: string;
  quantity: number;
  currency_code: string;
}

export interface SimCancellationInfo {
  cancel_reason_id: number;
  cancel_reason: string;
  cancellation_initiator: string;
  cancellation_type: string;
  cancelled_after_ship: boolean;
  affect_cancellation_rating: boolean;
}

export interface SimPosting {
  posting_number: string;
  order_id: number;
  order_number: string;
  status: PostingStatus;
  in_process_at: string;
  shipment_date: string;
  status_changed_at: string;
  customer_name: string;
  tracking_number: string;
  products: SimProduct[];
  cancellation?: SimCancellationInfo;
}

export type CancellationState = 'ON_APPROVAL' | 'APPROVED' | 'REJECTED';
export type CancellationInitiator = 'OZON' | 'SELLER' | 'CLIENT' | 'SYSTEM' | 'DELIVERY';

export interface SimCancellation {
  cancellation_id: number;
  posting_number: string;
  cancellation_reason: { id: number; name: string };
  cancellation_reason_message: string;
  cancellation_initiator: CancellationInitiator;
  cancelled_at: string;
  order_date: string;
  auto_approve_date: string;
  state: CancellationState;
  approve_comment?: string;
  approve_date?: string;
}

export type ReturnGroupState = 'New' | 'Delivering' | 'Checkout' | 'Arbitration' | 'Approved' | 'Rejected';

export interface SimReturn {
  return_id: number;
  return_number: string;
  posting_number: string;
  order_number: string;
  client_name: string;
  created_at: string;
  product: SimProduct;
  return_reason: { id: number; name: string; is_defect: boolean };
  comment: string;
  client_photo: string[];
  group_state: ReturnGroupState;
  /** the detailed state inside the group, e.g. `CompensationOffered` */
  state: string;
  money_return_state_name: string;
  return_method_description: string;
  rejection_comment: string;
  /** the rejection reasons Ozon takes for this return, when they are not the usual ones (Ozon lists them per return) */
  rejection_reasons?: SimRejectionReason[];
  rejected_at?: string;
  compensations_offered: number;
  pending_compensation?: string;
  ru_post_tracking_number: string;
}

export interface SimChatMessage {
  message_id: number;
  user: { id: string; type: 'Customer' | 'Seller' };
  created_at: string;
  data: string[];
  is_image: boolean;
  is_read: boolean;
}

export interface SimChat {
  chat_id: string;
  posting_number: string;
  created_at: string;
  messages: SimChatMessage[];
}

export interface SimAccount {
  clientId: string;
  apiKey: string;
  postings: Map<string, SimPosting>;
  cancellations: Map<number, SimCancellation>;
  returns: Map<number, SimReturn>;
  chats: Map<string, SimChat>;
}

/** rFBS actions as `available_actions` lists them and `/v1/returns/rfbs/action/set` takes them. */
export const RETURN_ACTIONS = {
  verify: { id: 1, name: 'Одобрить и получить товар на проверку' },
  reject: { id: 2, name: 'Отклонить' },
  returnMoney: { id: 3, name: 'Вернуть деньги' },
  compensate: { id: 4, name: 'Предложить компенсацию' },
  receiveReturn: { id: 5, name: 'Товар получен' },
} as const;

export interface SimRejectionReason {
  id: number;
  name: string;
  hint: string;
  is_comment_required: boolean;
}

/** Ozon's usual rFBS rejection reasons (`rejection_reason`); 3 requires a comment. */
export const RETURN_REJECTION_REASONS: SimRejectionReason[] = [
  { id: 1, name: 'Товар был в употреблении', hint: 'Приложите фото следов использования', is_comment_required: false },
  { id: 2, name: 'Нарушена комплектация', hint: 'Укажите, чего не хватает', is_comment_required: false },
  { id: 3, name: 'Другое', hint: 'Опишите причину', is_comment_required: true },
];

/** Ozon's seller cancellation reasons for rFBS postings (docs/ozon.md#push, "The seller's own cancellation"). */
export const SELLER_CANCEL_REASONS = [
  { id: 352, title: 'Товар закончился на складе продавца', delivering: false },
  { id: 400, title: 'Остались только бракованные товары', delivering: false },
  { id: 401, title: 'Отмена из арбитража', delivering: false },
  { id: 402, title: 'Другая причина', delivering: false },
  { id: 665, title: 'Покупатель не забрал заказ', delivering: true },
  { id: 666, title: 'Возврат из службы доставки: нет доставки в указанный регион', delivering: true },
  { id: 667, title: 'Заказ утерян службой доставки', delivering: true },
];

export const BUYER_CANCEL_REASONS: Record<number, string> = {
  501: 'Покупатель передумал',
  502: 'Нашёл дешевле',
  503: 'Долгая доставка',
};

export const RETURN_REASONS: Record<number, { name: string; is_defect: boolean }> = {
  11: { name: 'Не подошёл размер', is_defect: false },
  12: { name: 'Передумал', is_defect: false },
  21: { name: 'Брак или повреждение', is_defect: true },
};

const DAY = 24 * 3600 * 1000;
const SHIPPED: PostingStatus[] = ['delivering', 'driver_pickup', 'sent_by_seller'];

export class SimStore {
  readonly accounts = new Map<string, SimAccount>();
  /** where `client_photo` URLs point: the simulator's own address, set when it listens */
  photoBaseUrl = 'http://127.0.0.1:3100';
  private offsetMs = 0;
  private sequence = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.accounts.clear();
    this.offsetMs = 0;
    this.sequence = 0;
  }

  nextId(): number {
    this.sequence += 1;
    return this.sequence;
  }

  addAccount(clientId: string, apiKey: string): SimAccount {
    const account: SimAccount = {
      clientId,
      apiKey,
      postings: new Map(),
      cancellations: new Map(),
      returns: new Map(),
      chats: new Map(),
    };
    this.accounts.set(clientId, account);
    return account;
  }

  account(clientId: string): SimAccount {
    const account = this.accounts.get(clientId);
    if (!account) throw SimError.notFound(`no account ${clientId}`);
    return account;
  }

  /** Ozon's own timer: a request nobody answered is approved at `auto_approve_date` and the posting cancelled. */
  applyDeadlines(account: SimAccount): void {
    const now = this.now();
    for (const request of account.cancellations.values()) {
      if (request.state === 'ON_APPROVAL' && new Date(request.auto_approve_date) <= now) {
        this.approveCancellation(account, request.cancellation_id, 'Автоматически одобрено');
      }
    }
  }

  // ── postings ─────────────────────────────────────────────────────────────────────────────────────────

  createPosting(account: SimAccount, input: Partial<SimPosting> & { products: SimProduct[] }): SimPosting {
    const id = this.nextId();
    const orderId = 30_000_000 + id;
    const now = this.now().toISOString();
    const posting: SimPosting = {
      posting_number: input.posting_number ?? `${orderId}-0001-1`,
      order_id: orderId,
      order_number: input.order_number ?? `${orderId}-0001`,
      status: input.status ?? 'awaiting_packaging',
      in_process_at: input.in_process_at ?? now,
      shipment_date: input.shipment_date ?? new Date(this.now().getTime() + 2 * DAY).toISOString(),
      status_changed_at: now,
      customer_name: input.customer_name ?? 'Покупатель Ozon',
      tracking_number: input.tracking_number ?? '',
      products: input.products,
      cancellation: input.cancellation,
    };
    if (account.postings.has(posting.posting_number)) throw SimError.conflict('posting exists');
    account.postings.set(posting.posting_number, posting);
    return posting;
  }

  posting(account: SimAccount, postingNumber: string): SimPosting {
    const posting = account.postings.get(postingNumber);
    if (!posting) throw SimError.notFound(`posting ${postingNumber} not found`);
    return posting;
  }

  moveTo(posting: SimPosting, status: PostingStatus): void {
    posting.status = status;
    posting.status_changed_at = this.now().toISOString();
    if (SHIPPED.includes(status) && !posting.tracking_number) {
      posting.tracking_number = `RP${posting.order_id}RU`;
    }
  }

  /** `/v2/posting/fbs/cancel`: the seller cancels a posting it cannot fulfil. */
  cancelBySeller(account: SimAccount, postingNumber: string, reasonId: number, message?: string): void {
    const posting = this.posting(account, postingNumber);
    const reason = SELLER_CANCEL_REASONS.find((r) => r.id === reasonId);
    if (!reason) throw SimError.invalid(`unknown cancel_reason_id ${reasonId}`);
    if (reason.id === 402 && !message?.trim()) throw SimError.invalid('cancel_reason_message is required for 402');
    const delivering = SHIPPED.includes(posting.status);
    if (reason.delivering ? !delivering : !['awaiting_packaging', 'awaiting_deliver'].includes(posting.status)) {
      throw SimError.invalid(`posting ${postingNumber} in status ${posting.status} cannot be cancelled so`);
    }
    this.cancelPosting(posting, {
      id: reason.id,
      name: reason.title,
      initiator: 'seller',
      afterShip: delivering,
    });
  }

  /** The buyer cancels: at once while it is being packed, otherwise a request the seller must answer. */
  buyerCancels(account: SimAccount, postingNumber: string, reasonId = 501, message = ''): SimCancellation | null {
    const posting = this.posting(account, postingNumber);
    const name = BUYER_CANCEL_REASONS[reasonId] ?? BUYER_CANCEL_REASONS[501];
    if (posting.status === 'awaiting_packaging') {
      this.cancelPosting(posting, { id: reasonId, name, initiator: 'client', afterShip: false });
      return null;
    }
    if (!['awaiting_deliver', ...SHIPPED].includes(posting.status)) {
      throw SimError.invalid(`posting ${postingNumber} in status ${posting.status} cannot be cancelled`);
    }
    const open = [...account.cancellations.values()].find(
      (c) => c.posting_number === postingNumber && c.state === 'ON_APPROVAL',
    );
    if (open) throw SimError.conflict('a cancellation request is already open');
    const now = this.now();
    const request: SimCancellation = {
      cancellation_id: this.nextId(),
      posting_number: postingNumber,
      cancellation_reason: { id: reasonId, name },
      cancellation_reason_message: message,
      cancellation_initiator: 'CLIENT',
      cancelled_at: now.toISOString(),
      order_date: posting.in_process_at,
      auto_approve_date: new Date(now.getTime() + 3 * DAY).toISOString(),
      state: 'ON_APPROVAL',
    };
    account.cancellations.set(request.cancellation_id, request);
    return request;
  }

  approveCancellation(account: SimAccount, cancellationId: number, comment = ''): void {
    const request = this.openCancellation(account, cancellationId);
    request.state = 'APPROVED';
    request.approve_comment = comment;
    request.approve_date = this.now().toISOString();
    const posting = this.posting(account, request.posting_number);
    this.cancelPosting(posting, {
      id: request.cancellation_reason.id,
      name: request.cancellation_reason.name,
      initiator: 'client',
      afterShip: SHIPPED.includes(posting.status),
    });
  }

  rejectCancellation(account: SimAccount, cancellationId: number, comment = ''): void {
    const request = this.openCancellation(account, cancellationId);
    request.state = 'REJECTED';
    request.approve_comment = comment;
    request.approve_date = this.now().toISOString();
  }

  private openCancellation(account: SimAccount, cancellationId: number): SimCancellation {
    const request = account.cancellations.get(cancellationId);
    if (!request) throw SimError.notFound(`cancellation ${cancellationId} not found`);
    if (request.state !== 'ON_APPROVAL') {
      throw SimError.invalid(`cancellation ${cancellationId} is ${request.state}, not ON_APPROVAL`);
    }
    return request;
  }

  private cancelPosting(
    posting: SimPosting,
    reason: { id: number; name: string; initiator: string; afterShip: boolean },
  ): void {
    posting.cancellation = {
      cancel_reason_id: reason.id,
      cancel_reason: reason.name,
      cancellation_initiator: reason.initiator === 'seller' ? 'Продавец' : 'Покупатель',
      cancellation_type: reason.initiator,
      cancelled_after_ship: reason.afterShip,
      affect_cancellation_rating: reason.initiator === 'seller',
    };
    this.moveTo(posting, 'cancelled');
  }

  // ── rFBS returns ─────────────────────────────────────────────────────────────────────────────────────

  createReturn(
    account: SimAccount,
    postingNumber: string,
    input: { reasonId?: number; comment?: string; photos?: string[]; sku?: number } = {},
  ): SimReturn {
    const posting = this.posting(account, postingNumber);
    if (posting.status !== 'delivered') throw SimError.invalid(`posting ${postingNumber} is not delivered`);
    const product = posting.products.find((p) => input.sku === undefined || p.sku === input.sku);
    if (!product) throw SimError.invalid('no such product in the posting');
    const reasonId = input.reasonId ?? 12;
    const reason = RETURN_REASONS[reasonId];
    if (!reason) throw SimError.invalid(`unknown return reason ${reasonId}`);
    const id = this.nextId();
    const created: SimReturn = {
      return_id: id,
      return_number: `${posting.order_number}-R${id}`,
      posting_number: postingNumber,
      order_number: posting.order_number,
      client_name: posting.customer_name,
      created_at: this.now().toISOString(),
      product: { ...product, quantity: 1 },
      return_reason: { id: reasonId, ...reason },
      comment: input.comment ?? '',
      client_photo: input.photos ?? [],
      group_state: 'New',
      state: 'New',
      money_return_state_name: '',
      return_method_description: '',
      rejection_comment: '',
      compensations_offered: 0,
      ru_post_tracking_number: '',
    };
    account.returns.set(id, created);
    return created;
  }

  returnCase(account: SimAccount, returnId: number): SimReturn {
    const found = account.returns.get(returnId);
    if (!found) throw SimError.notFound(`return ${returnId} not found`);
    return found;
  }

  /** What Ozon lets the seller do in each state (`available_actions`). */
  availableActions(ret: SimReturn): { id: number; name: string }[] {
    if (ret.state === 'CompensationOffered') return [];
    switch (ret.group_state) {
      case 'New':
        return [
          RETURN_ACTIONS.verify,
          RETURN_ACTIONS.returnMoney,
          ...(ret.compensations_offered < 2 ? [RETURN_ACTIONS.compensate] : []),
          RETURN_ACTIONS.reject,
        ];
      case 'Delivering':
        return [RETURN_ACTIONS.receiveReturn];
      case 'Checkout':
        return [RETURN_ACTIONS.returnMoney, RETURN_ACTIONS.reject];
      default:
        return [];
    }
  }

  act(
    account: SimAccount,
    returnId: number,
    actionId: number,
    input: { comment?: string; rejectionReasonId?: number; compensationAmount?: string; methodDescription?: string },
  ): void {
    const ret = this.returnCase(account, returnId);
    if (!this.availableActions(ret).some((a) => a.id === actionId)) {
      throw SimError.invalid(`action ${actionId} is not available for return ${returnId} in ${ret.state}`);
    }
    switch (actionId) {
      case RETURN_ACTIONS.verify.id:
        ret.return_method_description = input.methodDescription ?? '';
        ret.ru_post_tracking_number = `RR${ret.return_id}RU`;
        return this.moveReturn(ret, 'Delivering', 'Delivering');
      case RETURN_ACTIONS.receiveReturn.id:
        return this.moveReturn(ret, 'Checkout', 'Checkout');
      case RETURN_ACTIONS.returnMoney.id:
        ret.money_return_state_name = 'Деньги возвращены';
        return this.moveReturn(ret, 'Approved', 'MoneyReturned');
      case RETURN_ACTIONS.compensate.id: {
        const amount = Number(input.compensationAmount);
        if (!Number.isFinite(amount) || amount <= 0) throw SimError.invalid('compensation_amount must be positive');
        if (amount > Number(ret.product.price) - 1) {
          throw SimError.invalid('compensation_amount must be at least 1 RUB below the price');
        }
        ret.compensations_offered += 1;
        ret.pending_compensation = amount.toFixed(2);
        return this.moveReturn(ret, 'New', 'CompensationOffered');
      }
      case RETURN_ACTIONS.reject.id: {
        const reason = (ret.rejection_reasons ?? RETURN_REJECTION_REASONS).find(
          (r) => r.id === input.rejectionReasonId,
        );
        if (!reason) throw SimError.invalid(`unknown rejection_reason_id ${input.rejectionReasonId}`);
        if (reason.is_comment_required && !input.comment?.trim()) throw SimError.invalid('comment is required');
        ret.rejection_comment = input.comment ?? '';
        ret.rejected_at = this.now().toISOString();
        return this.moveReturn(ret, 'Rejected', 'Rejected');
      }
    }
  }

  /** The buyer's answer to a compensation offer. */
  answerCompensation(account: SimAccount, returnId: number, accept: boolean): void {
    const ret = this.returnCase(account, returnId);
    if (ret.state !== 'CompensationOffered') throw SimError.invalid('no compensation offered');
    if (accept) {
      ret.money_return_state_name = `Компенсация ${ret.pending_compensation} ₽`;
      this.moveReturn(ret, 'Approved', 'CompensationAccepted');
    } else {
      this.moveReturn(ret, 'New', 'CompensationDeclined');
    }
  }

  /** The buyer disputes a rejection within 5 days. */
  dispute(account: SimAccount, returnId: number): void {
    const ret = this.returnCase(account, returnId);
    if (ret.group_state !== 'Rejected' || !ret.rejected_at) throw SimError.invalid('only a rejection is disputed');
    if (this.now().getTime() - new Date(ret.rejected_at).getTime() > 5 * DAY) {
      throw SimError.invalid('the 5 days to dispute have passed');
    }
    this.moveReturn(ret, 'Arbitration', 'Arbitration');
  }

  arbitrate(account: SimAccount, returnId: number, approved: boolean): void {
    const ret = this.returnCase(account, returnId);
    if (ret.group_state !== 'Arbitration') throw SimError.invalid('not in arbitration');
    if (approved) ret.money_return_state_name = 'Деньги возвращены';
    this.moveReturn(ret, approved ? 'Approved' : 'Rejected', approved ? 'ArbitrationApproved' : 'ArbitrationRejected');
  }

  private moveReturn(ret: SimReturn, group: ReturnGroupState, state: string): void {
    ret.group_state = group;
    ret.state = state;
    if (state !== 'CompensationOffered') ret.pending_compensation = undefined;
  }

  // ── chats ────────────────────────────────────────────────────────────────────────────────────────────

  /** `/v1/chat/start`: the one chat of a posting, opened on first use. */
  chatFor(account: SimAccount, postingNumber: string): SimChat {
    this.posting(account, postingNumber);
    const existing = [...account.chats.values()].find((c) => c.posting_number === postingNumber);
    if (existing) return existing;
    const id = this.nextId();
    const chat: SimChat = {
      chat_id: `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`,
      posting_number: postingNumber,
      created_at: this.now().toISOString(),
      messages: [],
    };
    account.chats.set(chat.chat_id, chat);
    return chat;
  }

  chat(account: SimAccount, chatId: string): SimChat {
    const chat = account.chats.get(chatId);
    if (!chat) throw SimError.notFound(`chat ${chatId} not found`);
    return chat;
  }

  postMessage(chat: SimChat, from: 'Customer' | 'Seller', data: string, isImage = false): SimChatMessage {
    const message: SimChatMessage = {
      message_id: this.nextId(),
      user: { id: from === 'Seller' ? 'seller' : 'customer', type: from },
      created_at: this.now().toISOString(),
      data: [data],
      is_image: isImage,
      is_read: from === 'Seller',
    };
    chat.messages.push(message);
    return message;
  }
}
