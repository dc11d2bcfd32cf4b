import { MigrationInterface, QueryRunner } from "typeorm";

export class UnacknowledgedFeedIndex1795349966409 implements MigrationInterface {
    name = 'UnacknowledgedFeedIndex1795349966409'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "orders_unacked_feed_idx" ON "orders" ("change_seq") WHERE offered AND (acknowledged_revision IS NULL OR acknowledged_revision <> revision)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."orders_unacked_feed_idx"`);
    }

}
