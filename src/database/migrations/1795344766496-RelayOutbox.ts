import { MigrationInterface, QueryRunner } from "typeorm";

export class RelayOutbox1795344766496 implements MigrationInterface {
    name = 'RelayOutbox1795344766496'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "inventory_batches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "status" text NOT NULL, "adjustments" jsonb NOT NULL DEFAULT '[]', "event_count" integer NOT NULL DEFAULT '0', "marker" jsonb, "marker_ok" boolean, "leased_until" TIMESTAMP WITH TIME ZONE NOT NULL, "lease_token" uuid NOT NULL, "check_after" TIMESTAMP WITH TIME ZONE, "check_attempts" integer NOT NULL DEFAULT '0', "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_1b670b7f687d8b8c58ef8d4629a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "inventory_batches_store_idx" ON "inventory_batches" ("store_id", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "inventory_batches_in_flight_uq" ON "inventory_batches" ("store_id") WHERE status = 'in_flight'`);
        await queryRunner.query(`CREATE TABLE "inventory_events" ("seq" BIGSERIAL NOT NULL, "store_id" uuid NOT NULL, "event_id" text NOT NULL, "identifier" text NOT NULL, "delta" integer NOT NULL, "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "batch_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5974fa1173f482de44aacf5d581" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "inventory_events_batch_idx" ON "inventory_events" ("batch_id") `);
        await queryRunner.query(`CREATE INDEX "inventory_events_list_idx" ON "inventory_events" ("store_id", "status", "seq") `);
        await queryRunner.query(`CREATE INDEX "inventory_events_pending_idx" ON "inventory_events" ("store_id", "seq") WHERE status = 'pending' AND batch_id IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "inventory_events_store_event_uq" ON "inventory_events" ("store_id", "event_id") `);
        await queryRunner.query(`CREATE TABLE "inventory_relay_state" ("store_id" uuid NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "consecutive_failures" integer NOT NULL DEFAULT '0', "last_error" text, "marker_supported" boolean, "marker_checked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_84a4451ce070f4bc5b7eafb17e4" PRIMARY KEY ("store_id"))`);
        await queryRunner.query(`CREATE TABLE "shipments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "order_id" uuid NOT NULL, "miva_order_id" integer NOT NULL, "shipment_ref" text NOT NULL, "lines" jsonb NOT NULL, "carrier" text NOT NULL DEFAULT '', "tracking_number" text NOT NULL DEFAULT '', "cost_cents" integer NOT NULL DEFAULT '0', "mark_shipped" boolean NOT NULL DEFAULT true, "status" text NOT NULL, "miva_shipment_id" integer, "miva_shipment_code" text, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "leased_until" TIMESTAMP WITH TIME ZONE, "lease_token" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6deda4532ac542a93eab214b564" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "shipments_pending_idx" ON "shipments" ("order_id", "created_at") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "shipments_order_ref_uq" ON "shipments" ("order_id", "shipment_ref") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."shipments_order_ref_uq"`);
        await queryRunner.query(`DROP INDEX "public"."shipments_pending_idx"`);
        await queryRunner.query(`DROP TABLE "shipments"`);
        await queryRunner.query(`DROP TABLE "inventory_relay_state"`);
        await queryRunner.query(`DROP INDEX "public"."inventory_events_store_event_uq"`);
        await queryRunner.query(`DROP INDEX "public"."inventory_events_pending_idx"`);
        await queryRunner.query(`DROP INDEX "public"."inventory_events_list_idx"`);
        await queryRunner.query(`DROP INDEX "public"."inventory_events_batch_idx"`);
        await queryRunner.query(`DROP TABLE "inventory_events"`);
        await queryRunner.query(`DROP INDEX "public"."inventory_batches_in_flight_uq"`);
        await queryRunner.query(`DROP INDEX "public"."inventory_batches_store_idx"`);
        await queryRunner.query(`DROP TABLE "inventory_batches"`);
    }

}
