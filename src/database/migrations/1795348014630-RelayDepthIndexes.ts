import { MigrationInterface, QueryRunner } from "typeorm";

export class RelayDepthIndexes1795348014630 implements MigrationInterface {
    name = 'RelayDepthIndexes1795348014630'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "inventory_batches_finished_idx" ON "inventory_batches" ("finished_at") WHERE status IN ('sent', 'aborted')`);
        await queryRunner.query(`CREATE INDEX "inventory_events_failed_idx" ON "inventory_events" ("seq") WHERE status = 'failed'`);
        await queryRunner.query(`CREATE INDEX "shipments_failed_idx" ON "shipments" ("created_at") WHERE status = 'failed'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."shipments_failed_idx"`);
        await queryRunner.query(`DROP INDEX "public"."inventory_events_failed_idx"`);
        await queryRunner.query(`DROP INDEX "public"."inventory_batches_finished_idx"`);
    }

}
