import type { ProjectStatus } from '../../../domain/projects.js';

/** Tag colours by project status; the words come from web/app/labels.ts. */
export const PROJECT_STATUS_COLOR: Record<ProjectStatus, string> = {
  proposed: 'default',
  approved: 'blue',
  in_progress: 'processing',
  completed: 'success',
  terminated: 'error',
};

/** Milestones done out of all: "2/3". */
export function milestoneSummary(ms: { done: boolean }[]): string {
  return ms.length ? `${ms.filter((m) => m.done).length}/${ms.length}` : '—';
}
