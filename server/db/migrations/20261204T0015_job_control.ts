import { type Kysely, PostgresAdapter } from 'kysely';

// Frozen in time: this file must never import application code.

function isPg(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Scheduled jobs an administrator can see and steer: every job has a row (pause is read from it by
 * every instance on every pass), and each run that did something, failed or was asked for by hand
 * leaves a record in the run log.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const have = new Set((await db.selectFrom('jobs').select('name').execute()).map((r: { name: string }) => r.name));
  const missing = ['daily_sweep', 'dispatch', 'deliveries', 'stale_uploads', 'audit_retention'].filter((n) => !have.has(n));
  if (missing.length) {
    await db
      .insertInto('jobs')
      .values(missing.map((name) => ({ name })))
      .execute();
  }

  const t = db.schema.createTable('job_runs');
  await (isPg(db) ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
    .addColumn('job', 'varchar(40)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('trigger', 'varchar(10)', (c) => c.notNull())
    .addColumn('instance', 'varchar(80)', (c) => c.notNull())
    .addColumn('done', 'integer')
    .addColumn('error', 'text')
    .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('job_runs_job_id').on('job_runs').columns(['job', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_runs').execute();
  await db.schema.alterTable('jobs').dropColumn('paused').execute();
}
