import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { removeUnusedAttachmentRows } from '@aftersale/server/persistence';
import { databaseBefore } from './support/database-before';

/**
 * Migration 1767560000000-evidence-ids-lower-case on a database whose return cases and parcels name uploads in upper
 * case, as the api stored them before it kept every body's ids in lower case (docs/api.md "Uploads"). The sweep of
 * unused uploads finds an upload by its id's text: those uploads were removed a day later while their cases still
 * showed them.
 */
describe('evidence ids stored in upper case, on an existing database', () => {
  const database = databaseBefore('evidence_ids', 'EvidenceIdsLowerCase1767560000000');

  async function upload(db: DataSource, sellerId: string): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO attachments (id, seller_id, file_name, content_type, size, storage_key, uploaded_by, created_at)
       VALUES ($1, $2, 'photo.jpg', 'image/jpeg', 10, $3, '{"kind":"user"}', now() - interval '2 days')`,
      [id, sellerId, `key-${id}`],
    );
    return id;
  }

  it('rewrites them in lower case, each once, so that the sweep keeps every upload a case or parcel names', async () => {
    const older = await database.older();
    const [sellerId, orderId] = [randomUUID(), randomUUID()];
    await older.query(`INSERT INTO sellers (id, name) VALUES ($1, 'Old shop')`, [sellerId]);
    await older.query(
      `INSERT INTO orders (id, seller_id, posting_number, status, buyer_name, paid_amount, currency, created_at, updated_at)
       VALUES ($1, $2, 'OLD-0001', 'delivered', 'Анна', 1000, 'RUB', now(), now())`,
      [orderId, sellerId],
    );
    const [evidence, second, inspected, parcelPhoto, pending, unused, lowerOnly] = await Promise.all(
      Array.from({ length: 7 }, () => upload(older, sellerId)),
    );
    const returnCase = async (snapshot: object, version: number) => {
      const id = randomUUID();
      await older.query(
        `INSERT INTO return_cases (id, seller_id, order_id, posting_number, type, state, snapshot, created_at,
           updated_at, version)
         VALUES ($1, $2, $3, 'OLD-0001', 'defect_claim', 'requested', $4, now(), now(), $5)`,
        [id, sellerId, orderId, JSON.stringify(snapshot), version],
      );
      return id;
    };
    // the same upload twice, once as sent and once in lower case; another in mixed case
    const mixed = `${second.slice(0, 8).toUpperCase()}${second.slice(8)}`;
    const upperCase = await returnCase(
      {
        comment: 'Screen CRACKED',
        attachmentIds: [evidence.toUpperCase(), mixed, evidence],
        inspectionAttachmentIds: [inspected.toUpperCase()],
      },
      3,
    );
    const lowerCase = await returnCase({ attachmentIds: [lowerOnly], inspectionAttachmentIds: [] }, 2);
    const parcelId = randomUUID();
    await older.query(
      `INSERT INTO parcels (id, seller_id, code, condition, attachment_ids, received_by, received_at, updated_at)
       VALUES ($1, $2, 'TRACK-1', 'damaged', $3, '{"kind":"user"}', now(), now())`,
      [parcelId, sellerId, JSON.stringify([parcelPhoto.toUpperCase()])],
    );
    // a return on its way when the api still kept ids as sent
    await older.query(
      `INSERT INTO commands (id, type, principal, seller_id, actor, request_key, body_hash, payload, state, accepted_at)
       VALUES ($1, 'CreateReturn', $2, $3, '{"kind":"channel"}', 'POST /returns', 'hash', $4, 'accepted', now())`,
      [randomUUID(), `channel:${sellerId}`, sellerId, JSON.stringify({ attachmentIds: [pending.toUpperCase()] })],
    );
    await older.destroy();

    const dataSource = await database.migrateRest();
    const cases = await dataSource.query(`SELECT id, snapshot, version FROM return_cases ORDER BY version DESC`);
    expect(cases).toEqual([
      {
        id: upperCase,
        version: 4,
        snapshot: {
          comment: 'Screen CRACKED',
          attachmentIds: [evidence, second],
          inspectionAttachmentIds: [inspected],
        },
      },
      { id: lowerCase, version: 2, snapshot: { attachmentIds: [lowerOnly], inspectionAttachmentIds: [] } },
    ]);
    expect(await dataSource.query(`SELECT attachment_ids, version FROM parcels`)).toEqual([
      { attachment_ids: [parcelPhoto], version: 2 },
    ]);

    expect(await removeUnusedAttachmentRows(dataSource, 24, 100)).toEqual([`key-${unused}`]);
    const kept = await dataSource.query(`SELECT id FROM attachments ORDER BY id`);
    expect(kept.map((row: { id: string }) => row.id)).toEqual(
      [evidence, second, inspected, parcelPhoto, pending, lowerOnly].sort(),
    );
  });
});
