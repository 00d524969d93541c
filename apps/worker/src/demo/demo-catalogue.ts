/** The demo data's vocabulary: buyers, products and the words people write in requests and decisions. */

export interface DemoBuyer {
  name: string;
  /** the name in Latin letters, for the buyer's e-mail address */
  latin: string;
}

export interface DemoProduct {
  sku: string;
  name: string;
  /** kopecks */
  price: number;
}

export const RUSSIAN_BUYERS: readonly DemoBuyer[] = [
  { name: 'Анна Смирнова', latin: 'anna.smirnova' },
  { name: 'Дмитрий Иванов', latin: 'dmitry.ivanov' },
  { name: 'Екатерина Попова', latin: 'ekaterina.popova' },
  { name: 'Сергей Кузнецов', latin: 'sergey.kuznetsov' },
  { name: 'Ольга Новикова', latin: 'olga.novikova' },
  { name: 'Михаил Фёдоров', latin: 'mikhail.fedorov' },
  { name: 'Татьяна Морозова', latin: 'tatiana.morozova' },
  { name: 'Алексей Волков', latin: 'alexey.volkov' },
  { name: 'Наталья Лебедева', latin: 'natalia.lebedeva' },
  { name: 'Иван Соколов', latin: 'ivan.sokolov' },
  { name: 'Юлия Козлова', latin: 'yulia.kozlova' },
  { name: 'Павел Егоров', latin: 'pavel.egorov' },
  { name: 'Мария Павлова', latin: 'maria.pavlova' },
  { name: 'Андрей Семёнов', latin: 'andrey.semenov' },
  { name: 'Елена Голубева', latin: 'elena.golubeva' },
  { name: 'Николай Виноградов', latin: 'nikolay.vinogradov' },
  { name: 'Ксения Богданова', latin: 'ksenia.bogdanova' },
  { name: 'Артём Воробьёв', latin: 'artem.vorobyov' },
  { name: 'Светлана Орлова', latin: 'svetlana.orlova' },
  { name: 'Роман Захаров', latin: 'roman.zakharov' },
];

export const CHINESE_BUYERS: readonly DemoBuyer[] = [
  { name: '王伟', latin: 'wang.wei' },
  { name: '李娜', latin: 'li.na' },
  { name: '张敏', latin: 'zhang.min' },
  { name: '刘洋', latin: 'liu.yang' },
  { name: '陈静', latin: 'chen.jing' },
  { name: '杨磊', latin: 'yang.lei' },
  { name: '赵丽', latin: 'zhao.li' },
  { name: '黄强', latin: 'huang.qiang' },
  { name: '周杰', latin: 'zhou.jie' },
  { name: '吴芳', latin: 'wu.fang' },
  { name: '徐明', latin: 'xu.ming' },
  { name: '孙悦', latin: 'sun.yue' },
  { name: '马超', latin: 'ma.chao' },
  { name: '朱琳', latin: 'zhu.lin' },
  { name: '胡晓东', latin: 'hu.xiaodong' },
  { name: '郭佳怡', latin: 'guo.jiayi' },
];

export const DEMO_SHOP_PRODUCTS: readonly DemoProduct[] = [
  { sku: 'DS-HEAD-X2', name: 'Беспроводные наушники X2', price: 349_000 },
  { sku: 'DS-CBL-USBC1', name: 'Кабель USB-C — USB-C, 1 м', price: 59_000 },
  { sku: 'DS-CHG-65W', name: 'Зарядное устройство GaN 65 Вт', price: 249_000 },
  { sku: 'DS-PB-20K', name: 'Внешний аккумулятор 20 000 мА·ч', price: 329_000 },
  { sku: 'DS-MOUSE-M3', name: 'Беспроводная мышь M3', price: 149_000 },
  { sku: 'DS-KB-K87', name: 'Механическая клавиатура K87', price: 699_000 },
  { sku: 'DS-LAMP-L1', name: 'Настольная лампа LED L1', price: 219_000 },
  { sku: 'DS-KTL-17', name: 'Электрочайник 1,7 л', price: 279_000 },
  { sku: 'DS-CASE-SIL', name: 'Чехол для телефона, силикон', price: 79_000 },
  { sku: 'DS-SPK-MINI', name: 'Портативная колонка Mini', price: 399_000 },
  { sku: 'DS-WATCH-S2', name: 'Смарт-часы S2', price: 899_000 },
  { sku: 'DS-HUB-7IN1', name: 'USB-C хаб 7 в 1', price: 459_000 },
  { sku: 'DS-SSD-1TB', name: 'Портативный SSD 1 ТБ', price: 1_199_000 },
  { sku: 'DS-CAM-W1', name: 'Веб-камера Full HD W1', price: 289_900 },
];

export const OTHER_SHOP_PRODUCTS: readonly DemoProduct[] = [
  { sku: 'OS-SCARF-SLK', name: 'Шёлковый шарф 丝绸围巾', price: 189_000 },
  { sku: 'OS-TEA-LJ250', name: 'Чай Лунцзин 龙井茶, 250 г', price: 129_000 },
  { sku: 'OS-TEA-PE357', name: 'Чай пуэр 普洱茶, блин 357 г', price: 259_000 },
  { sku: 'OS-CUP-SET6', name: 'Набор пиал, 6 шт.', price: 219_000 },
  { sku: 'OS-FAN-BMB', name: 'Бамбуковый веер', price: 49_000 },
  { sku: 'OS-CHOP-10', name: 'Палочки для еды, 10 пар', price: 39_900 },
  { sku: 'OS-PILLOW-BW', name: 'Подушка из гречневой лузги', price: 149_000 },
];

/** Buyers' cancellation reasons, the more frequent ones listed more often. */
export const BUYER_REASON_IDS = [
  'changed-mind', 'changed-mind', 'changed-mind', 'ordered-by-mistake', 'ordered-by-mistake', 'found-cheaper', 'found-cheaper',
  'delivery-too-slow', 'cancellation-other',
] as const;

export const OTHER_REASON_COMMENTS: readonly string[] = [
  'Оформлю заказ заново на другой адрес.',
  'Подарок больше не нужен.',
  '地址填错了，需要重新下单。',
  'Нужен другой цвет, закажу отдельно.',
  '不需要了，谢谢。',
];

export const APPROVAL_COMMENTS: readonly string[] = [
  'Заказ ещё не собран, отменяем.',
  'Согласовано с покупателем.',
  'Отменили, деньги вернутся автоматически.',
  '已确认取消。',
];

export const CARRIER_COMMENTS: readonly string[] = [
  'Отправление не найдено на сортировочном центре.',
  'Посылка не поступила на склад доставки.',
];

/** Rejections with `already-handed-to-carrier`: the comment (required) says to whom and under which number. */
export function rejectionComment(carrierIndex: number, trackingNumber: string): string {
  const comments = [
    `Заказ уже передан в СДЭК, трек-номер ${trackingNumber}.`,
    `Передан курьеру Почты России сегодня утром, трек ${trackingNumber}.`,
    `Посылка уже у перевозчика (Boxberry), номер отправления ${trackingNumber}.`,
    `已交给承运商，运单号 ${trackingNumber}。`,
  ];
  return comments[carrierIndex % comments.length];
}
