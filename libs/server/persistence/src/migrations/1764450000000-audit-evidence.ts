import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit events are evidence, as messages are: the database itself refuses to change or delete them. A change
 * of a seller's settings is recorded as one (who, when, before, after) by a trigger, so every column and
 * every code path that writes the settings is covered; the writer names the actor with
 * `set_config('aftersale.actor', <ActorRef JSON>, true)` in its transaction (else the actor is the database
 * user, as `system`). docs/api.md "Audit".
 */
export class AuditEvidence1764450000000 implements MigrationInterface {
  name = 'AuditEvidence1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_events_are_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit events are evidence: % on audit_events is not allowed', TG_OP
          USING ERRCODE = 'integrity_constraint_violation', HINT = 'Record a new event instead.';
      END
      $$;
      CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_are_evidence();
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_are_evidence();

      -- a row's columns as the api names fields (cancellation_deadline_hours → cancellationDeadlineHours)
      CREATE FUNCTION settings_as_fields(settings jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce(jsonb_object_agg(
          lower(left(key, 1)) || substr(replace(initcap(replace(key, '_', ' ')), ' ', ''), 2), value), '{}')
        FROM jsonb_each(settings - 'seller_id' - 'updated_at' - 'version')
      $$;
      CREATE FUNCTION seller_settings_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        before jsonb := settings_as_fields(to_jsonb(OLD));
        after jsonb := settings_as_fields(to_jsonb(NEW));
        actor jsonb := nullif(current_setting('aftersale.actor', true), '')::jsonb;
      BEGIN
        IF before = after THEN RETURN NULL; END IF;
        INSERT INTO audit_events (id, seller_id, case_type, case_id, order_id, type, from_state, to_state, actor, at, data)
        VALUES (gen_random_uuid(), NEW.seller_id, 'seller-settings', NEW.seller_id, NULL, 'SellerSettingsChanged', NULL,
          NULL, coalesce(actor, jsonb_build_object('kind', 'system', 'name', session_user)), now(),
          jsonb_build_object(
            'before', before,
            'after', after,
            'changed', (SELECT jsonb_agg(key ORDER BY key) FROM jsonb_each(after) WHERE before->key IS DISTINCT FROM value)));
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER seller_settings_changes_audited AFTER UPDATE ON seller_settings
        FOR EACH ROW EXECUTE FUNCTION seller_settings_changed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER seller_settings_changes_audited ON seller_settings;
      DROP FUNCTION seller_settings_changed(), settings_as_fields(jsonb);
      DROP TRIGGER audit_events_no_truncate ON audit_events;
      DROP TRIGGER audit_events_no_update_or_delete ON audit_events;
      DROP FUNCTION audit_events_are_evidence();
    `);
  }
}
