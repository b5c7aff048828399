import { dropTenantIsolationSql, tenantIsolationSql } from '@rivet/database';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1796316794032 implements MigrationInterface {
  name = 'Init1796316794032';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "audit_chains" ("tenant_id" uuid NOT NULL, "last_seq" bigint NOT NULL, "last_hash" text NOT NULL, CONSTRAINT "PK_9347391a2ff3026d1e8f9abe7cf" PRIMARY KEY ("tenant_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "audit_events" ("tenant_id" uuid NOT NULL, "seq" bigint NOT NULL, "event_id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor" jsonb NOT NULL, "action" text COLLATE "C" NOT NULL, "target" jsonb NOT NULL, "ip" text, "result" text NOT NULL, "details" jsonb NOT NULL, "prev_hash" text NOT NULL, "hash" text NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c51af20537d07624e00f371d43f" UNIQUE ("event_id"), CONSTRAINT "PK_a5de65da7e9cefefeac0b89c2bc" PRIMARY KEY ("tenant_id", "seq"))',
    );
    await queryRunner.query(
      'CREATE INDEX "audit_events_at" ON "audit_events" ("tenant_id", "at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "audit_events_action" ON "audit_events" ("tenant_id", "action", "seq") ',
    );
    await queryRunner.query(
      `CREATE INDEX "audit_events_actor_id" ON "audit_events" ("tenant_id", ("actor"->>'id'))`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_events_target_id" ON "audit_events" ("tenant_id", ("target"->>'id'))`,
    );
    // Append-only: rows are never changed or removed. TODO(audit): retention will need a
    // controlled path (for example a function that drops whole expired ranges and records it).
    await queryRunner.query(
      `CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
           USING ERRCODE = 'insufficient_privilege';
       END
       $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_events_no_change" BEFORE UPDATE OR DELETE ON "audit_events"
       FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
       FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"()`,
    );
    for (const table of ['audit_events', 'audit_chains']) {
      for (const statement of tenantIsolationSql(table)) {
        await queryRunner.query(statement);
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_chains', 'audit_events']) {
      for (const statement of dropTenantIsolationSql(table)) {
        await queryRunner.query(statement);
      }
    }
    await queryRunner.query('DROP TRIGGER "audit_events_no_truncate" ON "audit_events"');
    await queryRunner.query('DROP TRIGGER "audit_events_no_change" ON "audit_events"');
    await queryRunner.query('DROP FUNCTION "audit_events_append_only"()');
    await queryRunner.query('DROP INDEX "audit_events_target_id"');
    await queryRunner.query('DROP INDEX "audit_events_actor_id"');
    await queryRunner.query('DROP INDEX "audit_events_action"');
    await queryRunner.query('DROP INDEX "audit_events_at"');
    await queryRunner.query('DROP TABLE "audit_events"');
    await queryRunner.query('DROP TABLE "audit_chains"');
  }
}
