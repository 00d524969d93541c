import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sellers (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE seller_settings (
        seller_id uuid PRIMARY KEY REFERENCES sellers(id),
        cancellation_deadline_hours numeric(12,3) NOT NULL DEFAULT 72 CHECK (cancellation_deadline_hours >= 0.001),
        return_decision_deadline_hours numeric(12,3) NOT NULL DEFAULT 72 CHECK (return_decision_deadline_hours >= 0.001),
        default_return_address text,
        currency char(3) NOT NULL DEFAULT 'RUB',
        updated_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1
      );
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        email text NOT NULL UNIQUE,
        name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('seller_admin','seller_agent','warehouse','ops')),
        seller_id uuid REFERENCES sellers(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((role = 'ops') = (seller_id IS NULL))
      );
      CREATE TABLE channel_keys (
        id uuid PRIMARY KEY,
        seller_id uuid NOT NULL REFERENCES sellers(id),
        name text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      );
      CREATE TABLE reasons (
        id text PRIMARY KEY,
        kind text NOT NULL,
        labels jsonb NOT NULL,
        is_defect boolean NOT NULL DEFAULT false,
        is_comment_required boolean NOT NULL DEFAULT false,
        position int NOT NULL DEFAULT 0
      );
      CREATE TABLE orders (
        id uuid PRIMARY KEY,
        seller_id uuid NOT NULL REFERENCES sellers(id),
        posting_number text NOT NULL,
        status text NOT NULL,
        buyer_name text NOT NULL,
        buyer_email text,
        paid_amount bigint NOT NULL CHECK (paid_amount >= 0),
        currency char(3) NOT NULL,
        refunded_amount bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= paid_amount),
        open_cancellation_id uuid,
        cancelled_by_seller boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version int NOT NULL DEFAULT 1,
        CONSTRAINT orders_posting_number_per_seller UNIQUE (seller_id, posting_number)
      );
      CREATE INDEX orders_seller_status_created ON orders (seller_id, status, created_at DESC);
      CREATE INDEX orders_seller_created ON orders (seller_id, created_at DESC);
      CREATE INDEX orders_buyer_name_lower ON orders (lower(buyer_name));
      CREATE TABLE order_lines (
        order_id uuid NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        line_no int NOT NULL,
        sku text NOT NULL,
        name text NOT NULL,
        quantity int NOT NULL CHECK (quantity > 0),
        unit_price_amount bigint NOT NULL CHECK (unit_price_amount >= 0),
        PRIMARY KEY (order_id, line_no)
      );
      CREATE INDEX order_lines_sku ON order_lines (sku);
      CREATE TABLE cancellation_requests (
        id uuid PRIMARY KEY,
        seller_id uuid NOT NULL REFERENCES sellers(id),
        order_id uuid NOT NULL REFERENCES orders(id),
        posting_number text NOT NULL,
        state text NOT NULL,
        initiator text NOT NULL,
        reason_id text NOT NULL REFERENCES reasons(id),
        comment text,
        deadline_at timestamptz,
        decided_at timestamptz,
        decided_by text,
        decision_reason_id text REFERENCES reasons(id),
        decision_comment text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version int NOT NULL DEFAULT 1
      );
      -- At most one open request per order, whatever races the application loses.
      CREATE UNIQUE INDEX cancellation_requests_one_open_per_order ON cancellation_requests (order_id) WHERE state = 'awaiting_seller';
      CREATE INDEX cancellation_requests_seller_state_deadline ON cancellation_requests (seller_id, state, deadline_at);
      CREATE INDEX cancellation_requests_seller_created ON cancellation_requests (seller_id, created_at DESC);
      CREATE INDEX cancellation_requests_order ON cancellation_requests (order_id);
      CREATE INDEX cancellation_requests_due ON cancellation_requests (deadline_at) WHERE state = 'awaiting_seller';
      CREATE TABLE refunds (
        id uuid PRIMARY KEY,
        seller_id uuid NOT NULL REFERENCES sellers(id),
        order_id uuid NOT NULL REFERENCES orders(id),
        cause_type text NOT NULL,
        cause_id uuid NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        currency char(3) NOT NULL,
        state text NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        idempotency_key text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        completed_at timestamptz,
        version int NOT NULL DEFAULT 1
      );
      CREATE INDEX refunds_order ON refunds (order_id);
      CREATE INDEX refunds_seller_state_created ON refunds (seller_id, state, created_at DESC);
      CREATE TABLE commands (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        principal text NOT NULL,
        seller_id uuid,
        actor jsonb NOT NULL,
        request_key text NOT NULL,
        idempotency_key text,
        body_hash text NOT NULL,
        payload jsonb NOT NULL,
        state text NOT NULL DEFAULT 'accepted',
        accepted_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        resource_type text,
        resource_id text,
        success_status int,
        result jsonb,
        problem jsonb
      );
      CREATE UNIQUE INDEX commands_idempotency ON commands (principal, request_key, idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX commands_pending ON commands (accepted_at) WHERE state = 'accepted';
      CREATE INDEX commands_resource_pending ON commands (resource_id) WHERE state = 'accepted';
      CREATE SEQUENCE audit_events_seq;
      CREATE TABLE audit_events (
        id uuid PRIMARY KEY,
        seq bigint NOT NULL DEFAULT nextval('audit_events_seq'),
        seller_id uuid NOT NULL,
        case_type text NOT NULL,
        case_id uuid NOT NULL,
        order_id uuid,
        type text NOT NULL,
        from_state text,
        to_state text,
        actor jsonb NOT NULL,
        at timestamptz NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_events_case ON audit_events (case_type, case_id, seq);
      CREATE INDEX audit_events_order ON audit_events (order_id, seq);
      CREATE INDEX audit_events_seller_at ON audit_events (seller_id, at DESC);
      CREATE TABLE outbox (
        id uuid PRIMARY KEY,
        type text NOT NULL,
        seller_id uuid NOT NULL,
        aggregate_type text NOT NULL,
        aggregate_id uuid NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        processed_at timestamptz
      );
      CREATE INDEX outbox_unpublished ON outbox (created_at) WHERE published_at IS NULL;
      CREATE INDEX outbox_unprocessed ON outbox (published_at) WHERE processed_at IS NULL;
      CREATE TABLE inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      );
      CREATE TABLE simulated_payments (
        idempotency_key text PRIMARY KEY,
        amount bigint NOT NULL,
        currency char(3) NOT NULL,
        status text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `);
    await q.query(
      `INSERT INTO reasons (id, kind, labels, is_defect, is_comment_required, position) SELECT * FROM jsonb_to_recordset($1::jsonb)
      AS r(id text, kind text, labels jsonb, is_defect boolean, is_comment_required boolean, position int)`,
      [JSON.stringify(REASONS)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE simulated_payments, inbox, outbox, audit_events, commands, refunds, cancellation_requests,
      order_lines, orders, reasons, channel_keys, users, seller_settings, sellers; DROP SEQUENCE audit_events_seq;`);
  }
}

const r = (
  id: string,
  kind: string,
  en: string,
  ru: string,
  zh: string,
  extra: { is_defect?: boolean; is_comment_required?: boolean } = {},
) => ({
  id,
  kind,
  labels: { en, ru, zh },
  is_defect: extra.is_defect ?? false,
  is_comment_required: extra.is_comment_required ?? false,
});

/** The reason catalogues (docs/rules.md#cancellations and #returns; seller-cancellation ids follow Ozon's rFBS reasons). */
const REASONS = [
  r('changed-mind', 'cancellation', 'Changed my mind', 'Передумал', '改变主意'),
  r(
    'ordered-by-mistake',
    'cancellation',
    'Ordered by mistake / wrong model',
    'Заказал по ошибке / не та модель',
    '误购 / 型号错误',
  ),
  r('found-cheaper', 'cancellation', 'Found it cheaper', 'Нашёл дешевле', '找到更便宜的'),
  r('delivery-too-slow', 'cancellation', 'Delivery is too slow', 'Слишком долгая доставка', '配送太慢'),
  r(
    'cannot-deliver-to-region',
    'cancellation',
    'Cannot deliver to the region',
    'Нет доставки в регион',
    '无法配送至该地区',
  ),
  r('lost-by-carrier', 'cancellation', 'Parcel lost by the carrier', 'Утеряно перевозчиком', '承运商丢件'),
  r('cancellation-other', 'cancellation', 'Other', 'Другое', '其他', { is_comment_required: true }),
  r(
    'already-handed-to-carrier',
    'cancellation-rejection',
    'Already handed to the carrier',
    'Уже передан перевозчику',
    '已交给承运商',
    { is_comment_required: true },
  ),
  r(
    'already-packed',
    'cancellation-rejection',
    'Already packed for shipment',
    'Уже упакован к отправке',
    '已打包待发',
    { is_comment_required: true },
  ),
  r('cancellation-rejection-other', 'cancellation-rejection', 'Other', 'Другое', '其他', { is_comment_required: true }),
  r('out-of-stock', 'seller-cancellation', 'Out of stock', 'Нет в наличии', '缺货'),
  r(
    'only-defective-left',
    'seller-cancellation',
    'Only defective items left',
    'Остались только бракованные товары',
    '仅剩瑕疵品',
  ),
  r('seller-cancellation-other', 'seller-cancellation', 'Other', 'Другое', '其他', { is_comment_required: true }),
  r('wrong-model', 'return', 'Wrong model / does not fit', 'Не та модель / не подошло', '型号不对 / 不合适'),
  r('return-changed-mind', 'return', 'Changed my mind', 'Передумал', '改变主意'),
  r('not-as-described', 'return', 'Not as described', 'Не соответствует описанию', '与描述不符', { is_defect: true }),
  r('damaged-in-transit', 'return', 'Damaged in transit', 'Повреждён при доставке', '运输途中损坏', {
    is_defect: true,
  }),
  r('faulty', 'return', 'Faulty / does not work', 'Брак / не работает', '故障 / 无法使用', { is_defect: true }),
  r('incomplete', 'return', 'Parts missing', 'Неполная комплектация', '缺少配件', { is_defect: true }),
  r('return-other', 'return', 'Other', 'Другое', '其他', { is_comment_required: true }),
  r('return-window-passed', 'return-rejection', 'Return period has passed', 'Срок возврата истёк', '已超过退货期限'),
  r('signs-of-use', 'return-rejection', 'Signs of use', 'Есть следы использования', '有使用痕迹', {
    is_comment_required: true,
  }),
  r('not-our-item', 'return-rejection', 'Not the item we sold', 'Это не наш товар', '非本店售出商品', {
    is_comment_required: true,
  }),
  r('no-defect-found', 'return-rejection', 'No defect found', 'Дефект не обнаружен', '未发现缺陷', {
    is_comment_required: true,
  }),
  r('return-rejection-other', 'return-rejection', 'Other', 'Другое', '其他', { is_comment_required: true }),
].map((reason, position) => ({ ...reason, position }));
