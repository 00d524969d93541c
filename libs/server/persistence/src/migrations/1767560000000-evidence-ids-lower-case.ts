import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `ids` (a jsonb array of upload ids) in lower case, each once, in the order of first appearance. SQL of one
 * expression, so that each statement below names the array it rewrites once.
 */
const lowerCaseIds = (ids: string) => `(
  SELECT coalesce(jsonb_agg(id ORDER BY first), '[]'::jsonb)
    FROM (SELECT lower(e.id) AS id, min(e.n) AS first
            FROM jsonb_array_elements_text(${ids}) WITH ORDINALITY AS e(id, n)
           GROUP BY lower(e.id)) AS ids)`;

/** Whether the jsonb array `ids` names an upload in anything but lower case. */
const hasUpperCase = (ids: string) => `(jsonb_typeof(${ids}) = 'array' AND (${ids})::text <> lower((${ids})::text))`;

/**
 * Upload ids stored as a client sent them, in upper case, rewritten in lower case (docs/api.md "Uploads"). The sweep
 * of unused uploads finds an upload by its id's text in what names it, as PostgreSQL writes a uuid: in lower case.
 * Until the api kept every body's ids in lower case, a return's evidence and a parcel's photos named in upper case
 * (a valid UUID) were stored so, and the sweep removed those uploads a day later while their case still showed them.
 * Messages always kept them in lower case; inspections did from the start.
 *
 * A rewritten row's version goes up by one: a worker that read it before (one still running the code before this
 * migration) fails its optimistic check and reads it again instead of writing the old ids back.
 */
export class EvidenceIdsLowerCase1767560000000 implements MigrationInterface {
  name = 'EvidenceIdsLowerCase1767560000000';

  async up(q: QueryRunner): Promise<void> {
    // each array that needs it, in one update of the row: the keys a row lacks or keeps stay as they are
    const rewritten = ['attachmentIds', 'inspectionAttachmentIds'].map((key) => {
      const ids = `snapshot->'${key}'`;
      return { key, changed: hasUpperCase(ids), value: lowerCaseIds(ids) };
    });
    await q.query(
      `UPDATE return_cases
          SET snapshot = snapshot || jsonb_strip_nulls(jsonb_build_object(${rewritten
            .map(({ key, changed, value }) => `'${key}', CASE WHEN ${changed} THEN ${value} END`)
            .join(', ')})),
              version = version + 1
        WHERE ${rewritten.map(({ changed }) => changed).join(' OR ')}`,
    );
    await q.query(
      `UPDATE parcels SET attachment_ids = ${lowerCaseIds('attachment_ids')}, version = version + 1
        WHERE ${hasUpperCase('attachment_ids')}`,
    );
  }

  async down(): Promise<void> {
    // the ids as they were sent are not kept, and lower case is what every reader expects
  }
}
