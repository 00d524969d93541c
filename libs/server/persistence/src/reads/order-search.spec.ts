import { trigramPieces } from './order-search';

describe('the trigram pieces that key an orders search (docs/benchmarks.md, 19 and 26)', () => {
  it('are the last two three-character runs of ASCII letters and digits, the last first, then the first with a letter', () => {
    expect(trigramPieces('ls-00012345')).toEqual(['345', '234']);
    expect(trigramPieces('0042-ab-12345')).toEqual(['345', '234']);
    expect(trigramPieces('sku-0042')).toEqual(['042', '004', 'sku']);
    expect(trigramPieces('sku-00042')).toEqual(['042', '004', 'sku']);
    expect(trigramPieces('abcd')).toEqual(['bcd', 'abc']);
    expect(trigramPieces('abc')).toEqual(['abc']);
  });

  it('skip other characters and short runs, so that no piece lacks a trigram in any locale', () => {
    expect(trigramPieces('анна смирнова')).toEqual([]);
    expect(trigramPieces('ab-cd_e%f')).toEqual([]);
    expect(trigramPieces('анна 123')).toEqual(['123']);
  });

  it('are each given once', () => {
    expect(trigramPieces('aaaa')).toEqual(['aaa']);
  });
});
