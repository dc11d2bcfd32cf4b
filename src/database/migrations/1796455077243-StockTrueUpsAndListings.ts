import { MigrationInterface, QueryRunner } from "typeorm";

export class StockTrueUpsAndListings1796455077243 implements MigrationInterface {
    name = 'StockTrueUpsAndListings1796455077243'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "listing_sync_items" ("sync_id" uuid NOT NULL, "position" integer NOT NULL, "identifier" text NOT NULL, "price_cents" integer, "active" boolean, "old_price_cents" integer, "old_active" boolean, "result" text, "message" text, CONSTRAINT "PK_8ac37989bf125e1a18e323ea90f" PRIMARY KEY ("sync_id", "position"))`);
        await queryRunner.query(`CREATE TABLE "listing_syncs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "status" text NOT NULL, "phase" text NOT NULL, "item_count" integer NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "error" text, "lease_token" uuid, "leased_until" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_50109a608e6b0f20e70d3a889df" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "listing_syncs_running_idx" ON "listing_syncs" ("store_id", "created_at") WHERE status = 'running'`);
        await queryRunner.query(`CREATE TABLE "inventory_true_up_items" ("true_up_id" uuid NOT NULL, "position" integer NOT NULL, "identifier" text NOT NULL, "available" integer NOT NULL, "reserved" integer, "target" integer, "miva" integer, "delta" integer, "result" text, "message" text, CONSTRAINT "PK_d45ab3d3a68caca00eb3c8fba95" PRIMARY KEY ("true_up_id", "position"))`);
        await queryRunner.query(`CREATE TABLE "inventory_true_ups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "apply" boolean NOT NULL, "status" text NOT NULL, "phase" text NOT NULL, "watermark" bigint NOT NULL, "item_count" integer NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "error" text, "lease_token" uuid, "leased_until" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f8415fd0e2eb745d8ca1e4145c7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "inventory_true_ups_running_idx" ON "inventory_true_ups" ("store_id", "created_at") WHERE status = 'running'`);
        await queryRunner.query(`ALTER TABLE "inventory_events" ADD "true_up_id" uuid`);
        await queryRunner.query(`CREATE INDEX "inventory_events_true_up_idx" ON "inventory_events" ("true_up_id") WHERE true_up_id IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."inventory_events_true_up_idx"`);
        await queryRunner.query(`ALTER TABLE "inventory_events" DROP COLUMN "true_up_id"`);
        await queryRunner.query(`DROP INDEX "public"."inventory_true_ups_running_idx"`);
        await queryRunner.query(`DROP TABLE "inventory_true_ups"`);
        await queryRunner.query(`DROP TABLE "inventory_true_up_items"`);
        await queryRunner.query(`DROP INDEX "public"."listing_syncs_running_idx"`);
        await queryRunner.query(`DROP TABLE "listing_syncs"`);
        await queryRunner.query(`DROP TABLE "listing_sync_items"`);
    }

}
