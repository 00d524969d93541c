import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conversation and evidence (docs/rules.md#conversation-and-audit): uploaded files and the messages of cancellation requests and
 * return cases. Messages are evidence: the database itself refuses to change or delete them.
 */
export class MessagesAndAttachments1764300000000 implements MigrationInterface {
  name = 'MessagesAndAttachments1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY,
        -- null for an ops upload until a message of some seller's case uses it
        seller_id uuid REFERENCES sellers(id),
        file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
        content_type text NOT NULL CHECK (content_type LIKE 'image/%' OR content_type LIKE 'video/%'),
        size bigint NOT NULL CHECK (size > 0),
        storage_key text NOT NULL UNIQUE,
        uploaded_by jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX attachments_seller_created ON attachments (seller_id, created_at DESC);
      CREATE TABLE messages (
        id uuid PRIMARY KEY,
        -- insertion order: a stable thread even for messages written within the same millisecond
        seq bigint GENERATED ALWAYS AS IDENTITY,
        seller_id uuid NOT NULL REFERENCES sellers(id),
        case_type text NOT NULL CHECK (case_type IN ('cancellation', 'return')),
        case_id uuid NOT NULL,
        author jsonb NOT NULL CHECK (author->>'kind' IN ('user', 'channel', 'system') AND jsonb_typeof(author->'name') = 'string'),
        body text NOT NULL,
        attachment_ids jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(attachment_ids) = 'array'),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX messages_case ON messages (case_type, case_id, created_at);
      CREATE INDEX messages_seller_created ON messages (seller_id, created_at DESC);
      CREATE FUNCTION messages_are_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'messages are evidence: % on messages is not allowed', TG_OP
          USING ERRCODE = 'integrity_constraint_violation', HINT = 'Post a new message instead.';
      END
      $$;
      CREATE TRIGGER messages_no_update_or_delete BEFORE UPDATE OR DELETE ON messages
        FOR EACH ROW EXECUTE FUNCTION messages_are_evidence();
      CREATE TRIGGER messages_no_truncate BEFORE TRUNCATE ON messages
        FOR EACH STATEMENT EXECUTE FUNCTION messages_are_evidence();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messages, attachments; DROP FUNCTION messages_are_evidence();`);
  }
}
