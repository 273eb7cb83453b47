import type { TestProject } from 'vitest/node';
import { buildDemoTemplate, pgAdmin } from './template.js';

/** Once per run of a server project: the demo database that `createTestEnv` copies for each env. */
export default async function setup(project: TestProject) {
  const dialect = project.config.env?.HS_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
  const { template, drop } = await buildDemoTemplate(dialect);
  project.provide('demoTemplate', template);
  return dialect === 'postgres' ? () => dropRunDatabases(template.source).then(drop) : drop;
}

/** The test databases of this run a worker did not get to drop before it exited (see createPgDatabase). */
async function dropRunDatabases(templateName: string) {
  const run = /_([0-9a-f]+)$/.exec(templateName)?.[1];
  if (!run) return;
  await pgAdmin(async (c) => {
    const { rows } = await c.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`hs_test_${run}_%`]);
    for (const { datname } of rows) await c.query(`drop database if exists ${datname} with (force)`);
  });
}
