import { MigrationInterface, QueryRunner } from "typeorm";

export class RemapRuns1796454781205 implements MigrationInterface {
    name = 'RemapRuns1796454781205'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE UNIQUE INDEX "sync_runs_one_remap_idx" ON "sync_runs" ("store_id") WHERE status = 'running' AND trigger = 'remap'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."sync_runs_one_remap_idx"`);
    }

}
