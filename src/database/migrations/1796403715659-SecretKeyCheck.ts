import { MigrationInterface, QueryRunner } from "typeorm";

export class SecretKeyCheck1796403715659 implements MigrationInterface {
    name = 'SecretKeyCheck1796403715659'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "bridge_settings" ("name" text NOT NULL, "value" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2708551baca47578a4e66bfe0cb" PRIMARY KEY ("name"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "bridge_settings"`);
    }

}
