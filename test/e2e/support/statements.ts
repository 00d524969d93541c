import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { Answer } from './fixtures';

/** The statements the api (run in the test's process by `startStack`) sent while answering `request`. */
export async function statementsOf(request: () => PromiseLike<Answer>): Promise<{ result: Answer; sent: string[] }> {
  const query = jest.spyOn(PostgresQueryRunner.prototype, 'query');
  try {
    const result = await request();
    return { result, sent: query.mock.calls.map(([sql]) => String(sql)) };
  } finally {
    query.mockRestore();
  }
}
