import { contentDisposition, MAX_FILE_NAME_LENGTH, sanitizeFileName } from './file-name';

describe('sanitizeFileName', () => {
  it('keeps the last path segment only', () => {
    expect(sanitizeFileName('../../etc/passwd.png')).toBe('passwd.png');
    expect(sanitizeFileName('C:\\Users\\me\\Desktop\\photo.jpg')).toBe('photo.jpg');
  });

  it('drops control characters and bidirectional overrides, and replaces reserved characters', () => {
    expect(sanitizeFileName('pho\u0000to\r\n.png')).toBe('photo.png');
    expect(sanitizeFileName('invoice\u202egnp.exe')).toBe('invoicegnp.exe');
    expect(sanitizeFileName('a<b>:c"d|e?f*.png')).toBe('a_b__c_d_e_f_.png');
  });

  it('keeps names in any script', () => {
    expect(sanitizeFileName('Фото посылки.jpg')).toBe('Фото посылки.jpg');
    expect(sanitizeFileName('包裹照片.png')).toBe('包裹照片.png');
  });

  it('keeps at most 200 characters, with the extension', () => {
    const name = sanitizeFileName(`${'я'.repeat(300)}.jpeg`);
    expect(Array.from(name)).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('.jpeg')).toBe(true);
    expect(Array.from(sanitizeFileName('😀'.repeat(250)))).toHaveLength(MAX_FILE_NAME_LENGTH);
  });

  it('falls back to "file" when nothing is left', () => {
    for (const raw of [undefined, null, '', '   ', '..', '/', 'dir/', '\u0001\u0002'])
      expect(sanitizeFileName(raw)).toBe('file');
    expect(sanitizeFileName('.hidden')).toBe('hidden');
  });
});

describe('contentDisposition', () => {
  it('quotes any name as RFC 8187 UTF-8', () => {
    expect(contentDisposition('Фото (1).png')).toBe(
      "attachment; filename*=UTF-8''%D0%A4%D0%BE%D1%82%D0%BE%20%281%29.png",
    );
    expect(contentDisposition("it's.png")).toBe("attachment; filename*=UTF-8''it%27s.png");
  });
});
