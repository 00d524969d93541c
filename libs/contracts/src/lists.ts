/** react-admin simple-REST list parameters, after parsing. */
export interface ListParams {
  sort: [string, 'ASC' | 'DESC'];
  range: [number, number];
  filter: Record<string, unknown>;
}
