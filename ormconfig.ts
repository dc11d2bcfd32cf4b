import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { dataSourceOptions } from './src/database/data-source.options';

// The TypeORM CLI (migration:generate|run|revert) works against a real server: DATABASE_URL, or
// the local default PostgreSQL when it is unset.
const config = loadConfig();

export default new DataSource(
  dataSourceOptions(config.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/test'),
);
