import { MigrationInterface, QueryRunner } from "typeorm";

export class Reconcile1796455112268 implements MigrationInterface {
    name = 'Reconcile1796455112268'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "stores" ADD "next_reconcile_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`CREATE UNIQUE INDEX "sync_runs_one_reconcile_idx" ON "sync_runs" ("store_id") WHERE status = 'running' AND trigger = 'reconcile'`);
        // Every store gets the default daily reconciliation window (download.reconcileDays).
        await queryRunner.query(`UPDATE "stores" SET "download" = "download" || '{"reconcileDays": 2}'::jsonb WHERE NOT ("download" ? 'reconcileDays')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`UPDATE "stores" SET "download" = "download" - 'reconcileDays'`);
        await queryRunner.query(`DROP INDEX "public"."sync_runs_one_reconcile_idx"`);
        await queryRunner.query(`ALTER TABLE "stores" DROP COLUMN "next_reconcile_at"`);
    }

}
