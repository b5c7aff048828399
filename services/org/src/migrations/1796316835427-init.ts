import { dropTenantIsolationSql, tenantIsolationSql } from '@rivet/database';
import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['departments', 'members', 'member_departments', 'imports'];

export class Init1796316835427 implements MigrationInterface {
  name = 'Init1796316835427';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "outbox_events" ("seq" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "subject" text NOT NULL, "envelope" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_6689a16c00d09b8089f6237f1d2" UNIQUE ("id"), CONSTRAINT "PK_cc48a1566b3b842a82f0b2615c8" PRIMARY KEY ("seq"))',
    );
    await queryRunner.query(
      'CREATE INDEX "outbox_events_unsent" ON "outbox_events" ("seq") WHERE "sent_at" IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "processed_events" ("consumer" text NOT NULL, "event_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "processed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_270df9e0013dff41bb91d555db4" PRIMARY KEY ("consumer", "event_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "departments" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "external_id" text, "name" text NOT NULL, "parent_id" uuid, "path" text NOT NULL, "type" text NOT NULL DEFAULT \'standard\', "hidden" boolean NOT NULL DEFAULT false, "head_ids" uuid array NOT NULL DEFAULT \'{}\', "parent_external_id" text, "head_external_ids" text array NOT NULL DEFAULT \'{}\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_839517a681a86bb84cbcc6a1e9d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "departments_tenant_id" ON "departments" ("tenant_id", "id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "departments_tenant_parent" ON "departments" ("tenant_id", "parent_id", "id") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "departments_tenant_external_id" ON "departments" ("tenant_id", "external_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "imports" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "kind" text NOT NULL, "status" text NOT NULL DEFAULT \'running\', "dry_run" boolean NOT NULL DEFAULT false, "total" integer NOT NULL DEFAULT \'0\', "done" integer NOT NULL DEFAULT \'0\', "failed" integer NOT NULL DEFAULT \'0\', "created" integer NOT NULL DEFAULT \'0\', "updated" integer NOT NULL DEFAULT \'0\', "unchanged" integer NOT NULL DEFAULT \'0\', "errors" jsonb NOT NULL DEFAULT \'[]\', "csv" text NOT NULL, "mapping" jsonb NOT NULL DEFAULT \'{}\', "defaults" jsonb NOT NULL DEFAULT \'{}\', "actor" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ea10c62f5eb1d75e83d8b5225db" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "imports_tenant_created" ON "imports" ("tenant_id", "created_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "members" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "external_id" text, "name" text NOT NULL, "email" text NOT NULL, "phone" text, "title" text, "manager_id" uuid, "manager_external_id" text, "department_external_ids" text array NOT NULL DEFAULT \'{}\', "departments_pending" boolean NOT NULL DEFAULT false, "job_grade" text, "hire_date" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_28b53062261b996d9c99fa12404" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "members_departments_pending" ON "members" ("tenant_id") WHERE "departments_pending"',
    );
    await queryRunner.query(
      'CREATE INDEX "members_manager_pending" ON "members" ("tenant_id", "manager_external_id") WHERE "manager_id" IS NULL AND "manager_external_id" IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX "members_tenant_manager" ON "members" ("tenant_id", "manager_id") ',
    );
    await queryRunner.query('CREATE INDEX "members_tenant_id" ON "members" ("tenant_id", "id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "members_tenant_email" ON "members" ("tenant_id", "email") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "members_tenant_external_id" ON "members" ("tenant_id", "external_id") ',
    );
    await queryRunner.query(
      'CREATE TABLE "member_departments" ("member_id" uuid NOT NULL, "department_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, CONSTRAINT "PK_2d9ed9d2706d6110bff903a5de6" PRIMARY KEY ("member_id", "department_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "member_departments_department" ON "member_departments" ("tenant_id", "department_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "departments" ADD CONSTRAINT "FK_700b0b13f494cb37b6ca929e79b" FOREIGN KEY ("parent_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "members" ADD CONSTRAINT "FK_85038ea03ea3059671dac1206a8" FOREIGN KEY ("manager_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "member_departments" ADD CONSTRAINT "FK_e4c2baa13e8f1c5d23b3f6cde92" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "member_departments" ADD CONSTRAINT "FK_8994b9241764d1db1f5b56ebe9e" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    // Subtree queries are prefix searches on the path.
    await queryRunner.query(
      'CREATE INDEX "departments_path_prefix" ON "departments" ("tenant_id", "path" text_pattern_ops)',
    );
    for (const statement of TENANT_TABLES.flatMap((table) => tenantIsolationSql(table))) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of TENANT_TABLES.flatMap((table) => dropTenantIsolationSql(table))) {
      await queryRunner.query(statement);
    }
    await queryRunner.query('DROP INDEX "departments_path_prefix"');
    await queryRunner.query(
      'ALTER TABLE "member_departments" DROP CONSTRAINT "FK_8994b9241764d1db1f5b56ebe9e"',
    );
    await queryRunner.query(
      'ALTER TABLE "member_departments" DROP CONSTRAINT "FK_e4c2baa13e8f1c5d23b3f6cde92"',
    );
    await queryRunner.query(
      'ALTER TABLE "members" DROP CONSTRAINT "FK_85038ea03ea3059671dac1206a8"',
    );
    await queryRunner.query(
      'ALTER TABLE "departments" DROP CONSTRAINT "FK_700b0b13f494cb37b6ca929e79b"',
    );
    await queryRunner.query('DROP INDEX "member_departments_department"');
    await queryRunner.query('DROP TABLE "member_departments"');
    await queryRunner.query('DROP INDEX "members_tenant_external_id"');
    await queryRunner.query('DROP INDEX "members_tenant_email"');
    await queryRunner.query('DROP INDEX "members_tenant_id"');
    await queryRunner.query('DROP INDEX "members_tenant_manager"');
    await queryRunner.query('DROP INDEX "members_manager_pending"');
    await queryRunner.query('DROP INDEX "members_departments_pending"');
    await queryRunner.query('DROP TABLE "members"');
    await queryRunner.query('DROP INDEX "imports_tenant_created"');
    await queryRunner.query('DROP TABLE "imports"');
    await queryRunner.query('DROP INDEX "departments_tenant_external_id"');
    await queryRunner.query('DROP INDEX "departments_tenant_parent"');
    await queryRunner.query('DROP INDEX "departments_tenant_id"');
    await queryRunner.query('DROP TABLE "departments"');
    await queryRunner.query('DROP TABLE "processed_events"');
    await queryRunner.query('DROP INDEX "outbox_events_unsent"');
    await queryRunner.query('DROP TABLE "outbox_events"');
  }
}
