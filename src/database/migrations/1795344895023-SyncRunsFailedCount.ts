import { MigrationInterface, QueryRunner } from "typeorm";

export class SyncRunsFailedCount1795344895023 implements MigrationInterface {
    name = 'SyncRunsFailedCount1795344895023'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "sync_runs" ADD "orders_failed" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`CREATE INDEX "sync_runs_running_idx" ON "sync_runs" ("store_id") WHERE status = 'running'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."sync_runs_running_idx"`);
        await queryRunner.query(`ALTER TABLE "sync_runs" DROP COLUMN "orders_failed"`);
    }

}
