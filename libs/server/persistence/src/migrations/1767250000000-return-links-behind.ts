import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The return-push scan (docs/ozon.md#return-actions) reads only the links of Ozon returns that may have something
 * to push, instead of every linked return every 2 s:
 * - `case_version`: the case's version, kept by a trigger whenever the case's version moves;
 * - `matched_version`: the version the scan last found with nothing to push (Ozon has it, or the push stopped);
 *   emptied whenever the link's own state (Ozon's state, the push's outcome) changes.
 * A link is behind its case while `matched_version` is empty or differs from `case_version`; a partial index holds
 * exactly those, so a scan with nothing to do reads an empty index.
 */
export class ReturnLinksBehind1767250000000 implements MigrationInterface {
  name = 'ReturnLinksBehind1767250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE marketplace_links ADD COLUMN case_version int, ADD COLUMN matched_version int;
      CREATE FUNCTION marketplace_links_case_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE marketplace_links SET case_version = NEW.version WHERE kind = 'return' AND local_id = NEW.id;
        RETURN NULL;
      END $$;
      CREATE TRIGGER return_cases_marketplace_version AFTER UPDATE ON return_cases
        FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version)
        EXECUTE FUNCTION marketplace_links_case_version();
      CREATE FUNCTION marketplace_links_state_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.matched_version := NULL;
        RETURN NEW;
      END $$;
      CREATE TRIGGER marketplace_links_state_changed BEFORE UPDATE ON marketplace_links
        FOR EACH ROW WHEN (NEW.kind = 'return' AND (OLD.external_state IS DISTINCT FROM NEW.external_state
                                                    OR OLD.push_state IS DISTINCT FROM NEW.push_state))
        EXECUTE FUNCTION marketplace_links_state_changed();
      CREATE INDEX marketplace_links_return_behind ON marketplace_links (local_id)
        WHERE kind = 'return' AND (matched_version IS NULL OR case_version <> matched_version);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX marketplace_links_return_behind;
      DROP TRIGGER marketplace_links_state_changed ON marketplace_links;
      DROP FUNCTION marketplace_links_state_changed();
      DROP TRIGGER return_cases_marketplace_version ON return_cases;
      DROP FUNCTION marketplace_links_case_version();
      ALTER TABLE marketplace_links DROP COLUMN case_version, DROP COLUMN matched_version;
    `);
  }
}
