import { SimProduct, SimStore } from './sim-store';

/** Demo Shop's Ozon account, as `npm run demo` connects it (docs/ozon.md#the-demo). */
export const DEMO_CLIENT_ID = '100001';
export const DEMO_API_KEY = 'demo-ozon-api-key';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

const CATALOGUE: SimProduct[] = [
  {
    sku: 180550365,
    offer_id: 'OZ-KETTLE-17',
    name: 'Электрический чайник 1,7 л',
    price: '2490.00',
    quantity: 1,
    currency_code: 'RUB',
  },
  {
    sku: 180550366,
    offer_id: 'OZ-MUG-SET',
    name: 'Набор кружек, 4 шт.',
    price: '1290.00',
    quantity: 1,
    currency_code: 'RUB',
  },
  {
    sku: 180550367,
    offer_id: 'OZ-LAMP-LED',
    name: 'Настольная лампа LED',
    price: '3190.00',
    quantity: 1,
    currency_code: 'RUB',
  },
  {
    sku: 180550368,
    offer_id: 'OZ-SCARF-W',
    name: 'Шарф шерстяной',
    price: '1890.00',
    quantity: 1,
    currency_code: 'RUB',
  },
];
const BUYERS = ['Иван Петров', 'Мария Смирнова', 'Ли Вэй', 'Анна Кузнецова', 'Чжан Мин', 'Олег Соколов'];

/**
 * Postings in every interesting state: some being packed, some waiting to ship with buyers' conditional
 * cancellations `ON_APPROVAL` (deadlines 1–3 days away), delivered ones with rFBS returns `New` (one a defect
 * with photos), one already travelling back, and chats with buyers' messages.
 */
export function seedDemoScenario(store: SimStore): void {
  const account = store.addAccount(DEMO_CLIENT_ID, DEMO_API_KEY);
  const start = store.now().getTime() - 6 * DAY;
  const posting = (i: number, status: Parameters<SimStore['moveTo']>[1], quantity = 1) =>
    store.createPosting(account, {
      posting_number: `8770${String(1000 + i)}-0001-1`,
      order_number: `8770${String(1000 + i)}-0001`,
      in_process_at: new Date(start + i * 3 * HOUR).toISOString(),
      customer_name: BUYERS[i % BUYERS.length],
      status,
      products: [{ ...CATALOGUE[i % CATALOGUE.length], quantity }],
    });

  for (let i = 0; i < 3; i++) posting(i, 'awaiting_packaging');
  const waiting = [3, 4, 5, 6].map((i) => posting(i, 'awaiting_deliver'));
  posting(7, 'delivering');
  const delivered = [8, 9, 10, 11].map((i) => posting(i, 'delivered', i === 9 ? 2 : 1));

  // three requests waiting for the seller, their deadlines spread over the next three days
  waiting.slice(0, 3).forEach((p, i) => {
    const request = store.buyerCancels(
      account,
      p.posting_number,
      501 + i,
      i === 1 ? 'Нашёл дешевле в другом магазине' : '',
    );
    if (request) {
      request.auto_approve_date = new Date(store.now().getTime() + (i + 1) * 20 * HOUR).toISOString();
    }
  });

  store.createReturn(account, delivered[0].posting_number, { reasonId: 11, comment: 'Маловат размер' });
  store.createReturn(account, delivered[1].posting_number, {
    reasonId: 21,
    comment: 'Пришёл с трещиной на корпусе',
    photos: ['scratched', 'package'],
  });
  store.createReturn(account, delivered[2].posting_number, { reasonId: 12, comment: '', photos: ['label'] });
  const travelling = store.createReturn(account, delivered[3].posting_number, { reasonId: 12 });
  store.act(account, travelling.return_id, 1, { methodDescription: 'Почта России, до отделения 101000' });

  const chat = store.chatFor(account, delivered[1].posting_number);
  store.postMessage(chat, 'Customer', 'Здравствуйте! Чайник пришёл с трещиной, фото приложил к заявке.');
  const other = store.chatFor(account, waiting[1].posting_number);
  store.postMessage(other, 'Customer', 'Отмените, пожалуйста, я нашёл дешевле.');
}
