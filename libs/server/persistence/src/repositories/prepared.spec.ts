import { prepared, usePreparedStatements } from './prepared';

describe('prepared statements (docs/benchmarks.md, 15)', () => {
  afterEach(() => usePreparedStatements(true));

  it('a text is sent as a named statement whose name follows from the text alone, and still reads as its text', () => {
    const lookup = prepared('SELECT 1 WHERE $1::int = 1') as unknown as { name: string; text: string };
    expect(lookup).toMatchObject({
      name: expect.stringMatching(/^as_[0-9a-f]{24}$/),
      text: 'SELECT 1 WHERE $1::int = 1',
    });
    expect(String(lookup)).toBe('SELECT 1 WHERE $1::int = 1');
    expect((prepared('SELECT 1 WHERE $1::int = 1') as unknown as { name: string }).name).toBe(lookup.name);
    expect((prepared('SELECT 2 WHERE $1::int = 1') as unknown as { name: string }).name).not.toBe(lookup.name);
  });

  it('DATABASE_PREPARED_STATEMENTS=false sends the text unnamed, as before', () => {
    usePreparedStatements(false);
    expect(prepared('SELECT 1')).toBe('SELECT 1');
  });
});
