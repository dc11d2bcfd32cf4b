import { MigrationInterface, QueryRunner } from "typeorm";

export class StoresAndOrders1795344343232 implements MigrationInterface {
    name = 'StoresAndOrders1795344343232'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Feed positions (orders.change_seq); see OrdersWriteRepository.writeOrders.
        await queryRunner.query(`CREATE SEQUENCE "order_change_seq"`);
        await queryRunner.query(`CREATE TABLE "miva_orders" ("store_id" uuid NOT NULL, "miva_order_id" integer NOT NULL, "raw" jsonb NOT NULL, "dt_updated" bigint, "mapping_error" text, "downloaded_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_53993ceb36097e95ba25abd2fb5" PRIMARY KEY ("store_id", "miva_order_id"))`);
        await queryRunner.query(`CREATE TABLE "orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "miva_order_id" integer NOT NULL, "revision" integer NOT NULL, "content_hash" character(64) NOT NULL, "mapped" json NOT NULL, "status" text NOT NULL, "offered" boolean NOT NULL, "acknowledged_revision" integer, "change_seq" bigint NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "orders_store_feed_idx" ON "orders" ("store_id", "change_seq") WHERE offered`);
        await queryRunner.query(`CREATE INDEX "orders_feed_idx" ON "orders" ("change_seq") WHERE offered`);
        await queryRunner.query(`CREATE UNIQUE INDEX "orders_store_miva_uq" ON "orders" ("store_id", "miva_order_id") `);
        await queryRunner.query(`CREATE TABLE "sync_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "trigger" text NOT NULL, "status" text NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "finished_at" TIMESTAMP WITH TIME ZONE, "heartbeat_at" TIMESTAMP WITH TIME ZONE NOT NULL, "orders_seen" integer NOT NULL DEFAULT '0', "orders_created" integer NOT NULL DEFAULT '0', "orders_updated" integer NOT NULL DEFAULT '0', "orders_acknowledged" integer NOT NULL DEFAULT '0', "error" text, CONSTRAINT "PK_adf13fff41a683b3b991fb90b11" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "sync_runs_store_started_idx" ON "sync_runs" ("store_id", "started_at") `);
        await queryRunner.query(`CREATE TABLE "stores" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "endpoint_url" text NOT NULL, "store_code" text NOT NULL, "credentials_enc" bytea NOT NULL, "access_token_last4" text NOT NULL, "signature_digest" text NOT NULL DEFAULT 'sha256', "download" jsonb NOT NULL, "download_cursor" jsonb NOT NULL DEFAULT '{}', "product_identifier" text NOT NULL DEFAULT 'sku', "kit_mode" text NOT NULL DEFAULT 'parts', "currency" text NOT NULL DEFAULT 'USD', "custom_field_mappings" jsonb NOT NULL DEFAULT '[]', "payment_mappings" jsonb NOT NULL DEFAULT '[]', "enabled" boolean NOT NULL DEFAULT true, "status" text NOT NULL DEFAULT 'active', "status_message" text, "webhook_token_hash" character(64) NOT NULL, "next_poll_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7aa6e7d71fa7acdd7ca43d7c9cb" PRIMARY KEY ("id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "stores"`);
        await queryRunner.query(`DROP INDEX "public"."sync_runs_store_started_idx"`);
        await queryRunner.query(`DROP TABLE "sync_runs"`);
        await queryRunner.query(`DROP INDEX "public"."orders_store_miva_uq"`);
        await queryRunner.query(`DROP INDEX "public"."orders_feed_idx"`);
        await queryRunner.query(`DROP INDEX "public"."orders_store_feed_idx"`);
        await queryRunner.query(`DROP TABLE "orders"`);
        await queryRunner.query(`DROP TABLE "miva_orders"`);
        await queryRunner.query(`DROP SEQUENCE "order_change_seq"`);
    }

}
