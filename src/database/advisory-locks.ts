/**
 * Every PostgreSQL advisory lock key the bridge takes, in one place so two features never share
 * one by accident. The values are arbitrary constants; every instance uses the same ones.
 */
export enum AdvisoryLock {
  /** Session lock while migrations run at start (src/database/migrate.ts). */
  Migrations = 727_001,
  /** Transaction lock while the admin key is created or replaced at start. */
  AdminBootstrap = 727_002,
  /** Transaction lock held from assigning feed positions to commit, so they commit in order. */
  FeedPosition = 727_100,
  /** First key of the two-int session lock of one store's download (the second: the store). */
  DownloadNamespace = 727_200,
}
