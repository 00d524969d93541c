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
  'changed-mind',
  'changed-mind',
  'changed-mind',
  'ordered-by-mistake',
  'ordered-by-mistake',
  'found-cheaper',
  'found-cheaper',
  'delivery-too-slow',
  'cancellation-other',
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

/** A text in the buyer's language: Chinese for buyers with Chinese names, Russian for the others. */
export interface Localized {
  ru: string;
  zh: string;
}

/** Buyers' return reasons by type, the more frequent ones listed more often. */
export const BUYER_RETURN_REASON_IDS = [
  'wrong-model',
  'wrong-model',
  'return-changed-mind',
  'return-changed-mind',
  'not-as-described',
  'return-other',
] as const;
export const DEFECT_CLAIM_REASON_IDS = [
  'faulty',
  'faulty',
  'incomplete',
  'damaged-in-transit',
  'not-as-described',
] as const;

/** What a buyer writes when opening a return, by reason (required for `return-other`). */
export const RETURN_COMMENTS: Record<string, Localized> = {
  'wrong-model': { ru: 'Не подошла модель, упаковка целая.', zh: '型号不合适，包装完好。' },
  'return-changed-mind': { ru: 'Передумал, товар не распаковывал.', zh: '改变主意了，没有拆封。' },
  'not-as-described': { ru: 'Цвет и размер отличаются от фото в карточке товара.', zh: '颜色和尺寸与商品图片不一致。' },
  'return-other': { ru: 'Подарили такой же, второй не нужен.', zh: '收到了同样的礼物，不需要第二个。' },
  faulty: { ru: 'Не включается после первой зарядки.', zh: '第一次充电后无法开机。' },
  incomplete: { ru: 'В коробке нет кабеля, который указан в комплекте.', zh: '盒子里缺少说明中的配套数据线。' },
  'damaged-in-transit': { ru: 'Коробка пришла мятая, на корпусе трещина.', zh: '包装被压坏，外壳有裂缝。' },
};

/** The seller's comments on a rejection, by rejection reason (all but `return-window-passed` require one). */
export const RETURN_REJECTION_COMMENTS: Record<string, Localized[]> = {
  'return-window-passed': [
    { ru: 'Заказ доставлен больше 14 дней назад, срок возврата истёк.', zh: '订单签收已超过14天，退货期限已过。' },
  ],
  'signs-of-use': [
    { ru: 'На фото видны следы использования и потёртости на корпусе.', zh: '照片中可见使用痕迹和外壳磨损。' },
    { ru: 'Товар без заводской плёнки, на разъёмах следы эксплуатации.', zh: '商品没有出厂保护膜，接口处有使用痕迹。' },
  ],
  'no-defect-found': [
    {
      ru: 'Проверили на стенде: устройство исправно, заводской дефект не подтверждён.',
      zh: '经检测设备工作正常，未发现出厂缺陷。',
    },
    {
      ru: 'Повреждение механическое, получено при эксплуатации — это не брак.',
      zh: '损坏为使用过程中造成的机械损伤，不属于质量问题。',
    },
  ],
  'not-our-item': [
    {
      ru: 'В посылке другой товар: серийный номер не совпадает с отгруженным.',
      zh: '包裹内是其他商品，序列号与发货记录不符。',
    },
  ],
};

export const DISPUTE_COMMENTS: readonly Localized[] = [
  {
    ru: 'Не согласен: товар был повреждён уже при получении, есть видео распаковки.',
    zh: '不同意：收货时商品已损坏，有开箱视频。',
  },
  { ru: 'Я не пользовался товаром, прошу пересмотреть решение.', zh: '我没有使用过该商品，请重新审核。' },
];

export const ARBITRATION_COMMENTS: Record<'approved' | 'rejected', readonly string[]> = {
  approved: [
    'Видео распаковки подтверждает слова покупателя: возврат одобрен.',
    'Продавец не доказал следы использования, решение в пользу покупателя.',
  ],
  rejected: [
    'Фото продавца подтверждают следы использования, отказ обоснован.',
    'Покупатель не предоставил доказательств, отказ оставлен в силе.',
  ],
};

/** A seller admin closing a case by hand, by the state it is closed from. */
export const CLOSE_COMMENTS = {
  in_transit: [
    'Посылка утеряна перевозчиком, претензию к службе доставки оформили сами.',
    'Перевозчик подтвердил утрату отправления, возврат закрываем.',
  ],
  open: [
    'Покупатель получил замену через поддержку маркетплейса, возврат не нужен.',
    'Договорились с покупателем о ремонте по гарантии, возврат закрыт.',
  ],
} as const;

/** Inspection notes by outcome (none for the intact ones). */
export const INSPECTION_NOTES: Partial<Record<string, readonly string[]>> = {
  opened_unused: ['Упаковка вскрыта, товар без следов использования.'],
  used_or_damaged_by_buyer: ['Царапины на корпусе, следы эксплуатации.', 'Сколы и потёртости, товарный вид утрачен.'],
  missing_parts: ['Нет кабеля и инструкции из комплекта.', 'Отсутствует блок питания.'],
  wrong_item: ['В коробке другой товар.'],
};

export const DAMAGED_PARCEL_NOTES: readonly string[] = [
  'Коробка смята, скотч переклеен.',
  'Упаковка надорвана с одного угла.',
  'Мокрый угол коробки.',
];

/** Parcels the warehouse could not match to a case: what it noted on the label or inside. */
export const UNMATCHED_PARCEL_NOTES: readonly string[] = [
  'Без накладной, внутри чехол для телефона.',
  'Номер на этикетке размыт, отправитель не указан.',
  'Пришло из Китая без номера заказа.',
  'Вторая коробка к уже принятому возврату?',
];

export const PHOTO_FILE_NAMES = {
  buyer: [
    'IMG_4821.png',
    'IMG_5107.png',
    'photo_2024.png',
    'defect.png',
    'serial-number.png',
    'unboxing.png',
    '照片.png',
  ],
  warehouse: ['inspection-1.png', 'inspection-2.png', 'parcel-label.png', 'box-damage.png', 'contents.png'],
} as const;

export type ChatSpeaker = 'buyer' | 'seller' | 'warehouse' | 'ops';
export interface ChatLine {
  by: ChatSpeaker;
  text: Localized;
  /** how many photos come with it */
  photos?: number;
}

/** Short threads, by what just happened on the case; one of the alternatives is written. */
export const RETURN_CHATS: Record<string, readonly (readonly ChatLine[])[]> = {
  opened: [
    [
      { by: 'seller', text: { ru: 'Здравствуйте! Подскажите, упаковка сохранилась?', zh: '您好！请问包装还在吗？' } },
      { by: 'buyer', text: { ru: 'Да, коробка целая, всё в комплекте.', zh: '在的，盒子完好，配件齐全。' }, photos: 1 },
    ],
    [{ by: 'buyer', text: { ru: 'Прикладываю фото товара в упаковке.', zh: '附上商品和包装的照片。' }, photos: 2 }],
  ],
  'opened-defect': [
    [
      {
        by: 'seller',
        text: { ru: 'Пришлите, пожалуйста, фото серийного номера на коробке.', zh: '请发一下包装盒上序列号的照片。' },
      },
      { by: 'buyer', text: { ru: 'Вот серийный номер.', zh: '这是序列号。' }, photos: 1 },
    ],
    [
      {
        by: 'buyer',
        text: { ru: 'Дополнительно фото дефекта крупным планом.', zh: '补充一张缺陷的特写照片。' },
        photos: 2,
      },
      { by: 'seller', text: { ru: 'Спасибо, передали в отдел качества.', zh: '谢谢，已转给质检部门。' } },
    ],
  ],
  refused: [
    [
      {
        by: 'seller',
        text: { ru: 'Покупатель отказался при получении, ждём посылку на склад.', zh: '买家拒收，等待包裹退回仓库。' },
      },
    ],
  ],
  approved: [
    [
      {
        by: 'seller',
        text: {
          ru: 'Упакуйте товар в оригинальную коробку и вложите копию заказа.',
          zh: '请用原包装盒打包，并附上订单复印件。',
        },
      },
      { by: 'buyer', text: { ru: 'Хорошо, отправлю в ближайшие дни.', zh: '好的，这几天寄出。' } },
    ],
    [
      { by: 'buyer', text: { ru: 'Можно отправить через ПВЗ СДЭК?', zh: '可以通过CDEK自提点寄回吗？' } },
      { by: 'seller', text: { ru: 'Да, любым удобным способом.', zh: '可以，任何方式都行。' } },
    ],
  ],
  shipped: [
    [{ by: 'buyer', text: { ru: 'Отправил, чек об отправке во вложении.', zh: '已寄出，附上寄件凭证。' }, photos: 1 }],
    [{ by: 'buyer', text: { ru: 'Посылку сдал, трек-номер указал в заявке.', zh: '包裹已寄出，运单号已填写。' } }],
  ],
  'received-damaged': [
    [
      {
        by: 'warehouse',
        text: { ru: 'Посылка пришла с повреждённой упаковкой, фото во вложении.', zh: '包裹外包装破损，见附图。' },
        photos: 1,
      },
    ],
  ],
  inspected: [
    [
      {
        by: 'warehouse',
        text: { ru: 'Проверка завершена, фото товара во вложении.', zh: '检查完毕，商品照片见附件。' },
        photos: 2,
      },
    ],
    [{ by: 'warehouse', text: { ru: 'Осмотрели, результаты проверки внесены.', zh: '已检查，结果已登记。' } }],
  ],
  rejected: [
    [
      { by: 'buyer', text: { ru: 'Почему отказ? Я отправлял фото.', zh: '为什么拒绝？我已经发了照片。' } },
      {
        by: 'seller',
        text: {
          ru: 'Причина указана в решении, вы можете оспорить его в течение 5 дней.',
          zh: '原因已在决定中说明，您可以在5天内提出申诉。',
        },
      },
    ],
  ],
  'return-rejected': [
    [
      {
        by: 'seller',
        text: { ru: 'Фото с проверки: на корпусе следы эксплуатации.', zh: '检查照片：外壳有使用痕迹。' },
        photos: 2,
      },
    ],
  ],
  disputed: [
    [{ by: 'buyer', text: { ru: 'Прикладываю фото на момент получения.', zh: '附上收货时拍的照片。' }, photos: 2 }],
  ],
  arbitration: [
    [
      {
        by: 'ops',
        text: {
          ru: 'Спор принят. Запросили у продавца дополнительные фото, решение в течение 2 рабочих дней.',
          zh: '申诉已受理，已要求卖家补充照片，2个工作日内给出结果。',
        },
      },
    ],
  ],
  offered: [
    [
      {
        by: 'seller',
        text: {
          ru: 'Предлагаем частичную компенсацию, товар можно оставить себе.',
          zh: '我们提供部分补偿，商品您可以保留。',
        },
      },
    ],
    [
      {
        by: 'seller',
        text: {
          ru: 'Можем вернуть часть стоимости без возврата товара — так быстрее.',
          zh: '可以退还部分货款，无需退货，这样更快。',
        },
      },
      { by: 'buyer', text: { ru: 'Подумаю до завтра.', zh: '我考虑到明天。' } },
    ],
  ],
  accepted: [[{ by: 'buyer', text: { ru: 'Согласен на компенсацию, спасибо.', zh: '同意补偿，谢谢。' } }]],
  refunded: [
    [
      {
        by: 'seller',
        text: {
          ru: 'Возврат оформлен, деньги придут на карту в течение 3–5 рабочих дней.',
          zh: '退款已办理，3–5个工作日内到账。',
        },
      },
    ],
  ],
  withdrawn: [
    [{ by: 'buyer', text: { ru: 'Разобрался с настройкой, товар оставляю.', zh: '已经弄好了，商品我留下了。' } }],
  ],
  waiting: [
    [{ by: 'buyer', text: { ru: 'Подскажите, когда будет решение по возврату?', zh: '请问退货什么时候能有结果？' } }],
  ],
};
