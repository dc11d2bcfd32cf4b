import { MigrationInterface, QueryRunner } from "typeorm";

export class StoreHealthAndAlerts1796455408819 implements MigrationInterface {
    name = 'StoreHealthAndAlerts1796455408819'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "store_alerts" ("store_id" uuid NOT NULL, "failing" boolean NOT NULL DEFAULT false, "events" jsonb NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a2024f47d10765363e0d149ad47" PRIMARY KEY ("store_id"))`);
        await queryRunner.query(`CREATE INDEX "shipments_store_list_idx" ON "shipments" ("store_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "shipments_list_idx" ON "shipments" ("created_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."shipments_list_idx"`);
        await queryRunner.query(`DROP INDEX "public"."shipments_store_list_idx"`);
        await queryRunner.query(`DROP TABLE "store_alerts"`);
    }

}
