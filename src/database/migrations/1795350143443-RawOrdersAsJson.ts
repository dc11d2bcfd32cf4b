import { MigrationInterface, QueryRunner } from "typeorm";

export class RawOrdersAsJson1795350143443 implements MigrationInterface {
    name = 'RawOrdersAsJson1795350143443'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Converted in place (the generated DROP + ADD would lose every stored raw order).
        await queryRunner.query(`ALTER TABLE "miva_orders" ALTER COLUMN "raw" TYPE json USING "raw"::json`);
        // The type change resets the column's compression: lz4 again, as Lz4OrderPayloads set it.
        await queryRunner.query(`DO $$ BEGIN
            ALTER TABLE "miva_orders" ALTER COLUMN "raw" SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported THEN NULL; END $$`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "miva_orders" ALTER COLUMN "raw" TYPE jsonb USING "raw"::jsonb`);
    }

}
