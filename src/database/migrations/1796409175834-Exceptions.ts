import { MigrationInterface, QueryRunner } from "typeorm";

export class Exceptions1796409175834 implements MigrationInterface {
    name = 'Exceptions1796409175834'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "exceptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "store_id" uuid NOT NULL, "kind" text NOT NULL, "code" text NOT NULL, "message" text NOT NULL, "subject_type" text NOT NULL, "subject_key" text NOT NULL, "subject_id" text, "miva_order_id" integer, "status" text NOT NULL, "occurrences" integer NOT NULL, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "resolved_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_30e436ef146011cd8a1a758069c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "exceptions_list_idx" ON "exceptions" ("status", "last_seen_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "exceptions_subject_code_uq" ON "exceptions" ("store_id", "subject_type", "subject_key", "code") WHERE status <> 'resolved'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."exceptions_subject_code_uq"`);
        await queryRunner.query(`DROP INDEX "public"."exceptions_list_idx"`);
        await queryRunner.query(`DROP TABLE "exceptions"`);
    }

}
