import type { TestProject } from 'vitest/node';
import { buildDemoTemplate } from './template.js';

/** Once per run of a server project: the demo database that `createTestEnv` copies for each env. */
export default async function setup(project: TestProject) {
  const dialect = project.config.env?.HS_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
  const { template, drop } = await buildDemoTemplate(dialect);
  project.provide('demoTemplate', template);
  return drop;
}
