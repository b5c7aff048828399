import { dropTenantIsolationSql, tenantIsolationSql } from '@rivet/database';
import { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['accounts', 'credentials', 'admin_grants', 'refresh_tokens'];

export class Init1796316779229 implements MigrationInterface {
  name = 'Init1796316779229';

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
      'CREATE TABLE "accounts" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "member_id" uuid, "email" text NOT NULL, "name" text NOT NULL, "status" text NOT NULL DEFAULT \'active\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5a7a02c20412299d198e097a8fe" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "accounts_email" ON "accounts" ("email") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "accounts_tenant_email" ON "accounts" ("tenant_id", "email") ',
    );
    await queryRunner.query(
      'CREATE TABLE "credentials" ("user_id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "password_hash" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c68a6c53e95a7dc357f4ebce8f0" PRIMARY KEY ("user_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "enterprises" ("id" uuid NOT NULL, "name" text NOT NULL, "edition" text NOT NULL DEFAULT \'free\', "region" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a019e9afe6517b4f2a4588f2cce" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "admin_grants" ("tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "permissions" text array NOT NULL DEFAULT \'{}\', "scope" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7e9b3159260b7ecaf62b457c967" PRIMARY KEY ("tenant_id", "user_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "signing_keys" ("kid" text NOT NULL, "algorithm" text NOT NULL, "public_jwk" jsonb NOT NULL, "private_jwk" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_13362ac3e792c69417e1a53d355" PRIMARY KEY ("kid"))',
    );
    await queryRunner.query(
      'CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL, "tenant_id" uuid NOT NULL, "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a7838d2ba25be1342091b6695f1" UNIQUE ("token_hash"), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "refresh_tokens_user" ON "refresh_tokens" ("tenant_id", "user_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "refresh_tokens_family" ON "refresh_tokens" ("family_id") ',
    );
    for (const statement of TENANT_TABLES.flatMap(tenantIsolationSql)) {
      await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of TENANT_TABLES.flatMap(dropTenantIsolationSql)) {
      await queryRunner.query(statement);
    }
    await queryRunner.query('DROP INDEX "refresh_tokens_family"');
    await queryRunner.query('DROP INDEX "refresh_tokens_user"');
    await queryRunner.query('DROP TABLE "refresh_tokens"');
    await queryRunner.query('DROP TABLE "signing_keys"');
    await queryRunner.query('DROP TABLE "admin_grants"');
    await queryRunner.query('DROP TABLE "enterprises"');
    await queryRunner.query('DROP TABLE "credentials"');
    await queryRunner.query('DROP INDEX "accounts_tenant_email"');
    await queryRunner.query('DROP INDEX "accounts_email"');
    await queryRunner.query('DROP TABLE "accounts"');
    await queryRunner.query('DROP TABLE "processed_events"');
    await queryRunner.query('DROP INDEX "outbox_events_unsent"');
    await queryRunner.query('DROP TABLE "outbox_events"');
  }
}
