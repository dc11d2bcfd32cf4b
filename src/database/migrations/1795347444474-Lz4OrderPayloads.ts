import { MigrationInterface, QueryRunner } from "typeorm";

// Hand-written (TypeORM does not model column compression, so generate never sees it): the raw and
// mapped order payloads are TOASTed with lz4 instead of pglz, which is several times cheaper on
// the CPU and dominated the download's database time. Skipped where the server lacks lz4 (PGlite).
export class Lz4OrderPayloads1795347444474 implements MigrationInterface {
    name = 'Lz4OrderPayloads1795347444474'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DO $$ BEGIN
            ALTER TABLE "miva_orders" ALTER COLUMN "raw" SET COMPRESSION lz4;
            ALTER TABLE "orders" ALTER COLUMN "mapped" SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported THEN NULL; END $$`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "orders" ALTER COLUMN "mapped" SET COMPRESSION DEFAULT`);
        await queryRunner.query(`ALTER TABLE "miva_orders" ALTER COLUMN "raw" SET COMPRESSION DEFAULT`);
    }

}
