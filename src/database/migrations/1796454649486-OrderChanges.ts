import { MigrationInterface, QueryRunner } from "typeorm";

export class OrderChanges1796454649486 implements MigrationInterface {
    name = 'OrderChanges1796454649486'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "order_changes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "order_id" uuid NOT NULL, "miva_order_id" integer NOT NULL, "kind" text NOT NULL, "ref" text NOT NULL, "lines" jsonb NOT NULL, "reason" text, "expected_at" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "leased_until" TIMESTAMP WITH TIME ZONE, "lease_token" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_439b76a790cff6ea57722b0395a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "order_changes_failed_idx" ON "order_changes" ("created_at") WHERE status = 'failed'`);
        await queryRunner.query(`CREATE INDEX "order_changes_pending_idx" ON "order_changes" ("order_id", "created_at") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "order_changes_order_kind_ref_uq" ON "order_changes" ("order_id", "kind", "ref") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."order_changes_order_kind_ref_uq"`);
        await queryRunner.query(`DROP INDEX "public"."order_changes_pending_idx"`);
        await queryRunner.query(`DROP INDEX "public"."order_changes_failed_idx"`);
        await queryRunner.query(`DROP TABLE "order_changes"`);
    }

}
