import { chinaDate } from '../../../domain/dates.js';
import { CATEGORIES, ITEM_STATUSES, type Category, type ItemStatus } from '../../../domain/items.js';
import {
  PUBLIC_UPDATES_MAX,
  publicationRefusal,
  type PublicConsultation,
  type PublicConsultationSummary,
  type Publication,
  type PublicationUpdate,
  type PublicHome,
  type PublicProgress,
  type PublicUpdate,
} from '../../../domain/publication.js';
import type { Actor, RequestContext } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import type { Db, Tx } from '../../platform/db.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, forbidden, notFound, versionConflict } from '../../platform/errors.js';
import { loadVisible } from '../consultations/consultations.service.js';
import { canUpdateConsultation } from '../consultations/consultations.policy.js';
import { publicCacheOf } from './publication.cache.js';
import * as repo from './publication.repo.js';

// ——— The host's switch ———

async function present(db: Db | Tx, actor: Actor, id: number): Promise<Publication> {
  const { row, parties } = await loadVisible(db, actor, id);
  const [pub, itemCount] = await Promise.all([repo.findPublication(db, id), repo.countItems(db, id)]);
  return {
    consultationId: id,
    published: !!pub?.published_at && publicationRefusal(row.status) === null,
    publishedAt: pub?.published_at ?? null,
    keywords: pub ? repo.parseKeywords(pub.keywords) : [],
    version: pub?.version ?? 0,
    canPublish: canUpdateConsultation(actor, parties),
    refusal: publicationRefusal(row.status),
    itemCount,
  };
}

export function getPublication(deps: Deps, actor: Actor, id: number): Promise<Publication> {
  return present(deps.db, actor, id);
}

export async function updatePublication(deps: Deps, ctx: RequestContext, id: number, input: PublicationUpdate): Promise<Publication> {
  const { actor } = ctx;
  const now = deps.clock.now().toISOString();
  await deps.db.transaction().execute(async (tx) => {
    const { row, parties } = await loadVisible(tx, actor, id);
    if (!canUpdateConsultation(actor, parties)) throw forbidden('只有发起方联络员可以公开或取消公开会商');
    const refusal = publicationRefusal(row.status);
    if (input.published && refusal) throw new AppError('INVALID_TRANSITION', refusal);
    const before = await repo.findPublication(tx, id);
    if ((before?.version ?? 0) !== input.version) throw versionConflict();
    // Saving new keywords keeps the original publication date; publishing again starts a new one.
    const publishedAt = input.published ? (before?.published_at ?? now) : null;
    const change = { consultationId: id, publishedAt, keywords: input.keywords, userId: actor.userId, now };
    if (before) {
      if (!(await repo.updatePublication(tx, { ...change, version: input.version }))) throw versionConflict();
    } else {
      await repo.insertPublication(tx, change);
    }
    await recordAudit(tx, ctx, now, {
      action: input.published ? 'consultation.publish' : 'consultation.unpublish',
      entityType: 'consultation',
      entityId: id,
      before: { published: !!before?.published_at, keywords: before ? repo.parseKeywords(before.keywords) : [] },
      after: { published: input.published, keywords: input.keywords },
    });
  });
  // Every instance notices through the publication stamp; this one also lets go of what it holds.
  publicCacheOf(deps.db).clear();
  return present(deps.db, actor, id);
}

// ——— The public page: only allow-listed fields of published consultations ———

type Counts = Record<ItemStatus, number>;

const zeroCounts = (): Counts => Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Counts;

function progressOf(byStatus: Counts): PublicProgress {
  const total = ITEM_STATUSES.reduce((n, s) => n + byStatus[s], 0);
  const completed = byStatus.completed;
  // Cancelled items were taken off the list by agreement: they count neither for nor against it.
  const countable = total - byStatus.cancelled;
  return { total, completed, completionRate: countable > 0 ? Math.round((completed / countable) * 100) : 0, byStatus };
}

async function summaries(db: Db, rows: repo.PublishedRow[]): Promise<PublicConsultationSummary[]> {
  const ids = rows.map((r) => r.id);
  const [parties, counts] = await Promise.all([repo.partyNames(db, ids), repo.statusCounts(db, ids)]);
  return rows.map((r) => {
    const byStatus = zeroCounts();
    for (const c of counts) if (c.consultation_id === r.id) byStatus[c.status] += c.n;
    const mine = parties.filter((p) => p.consultation_id === r.id);
    return {
      id: r.id,
      title: r.title,
      year: r.year,
      theme: r.theme,
      status: r.status,
      hostOrg: mine.find((p) => p.side === 'host')?.name ?? '',
      partnerOrgs: mine.filter((p) => p.side === 'partner').map((p) => p.name),
      adoptedOn: r.adopted_on,
      publishedAt: r.published_at,
      keywords: r.keywords,
      progress: progressOf(byStatus),
    };
  });
}

export async function publicHome(db: Db, keyword?: string): Promise<PublicHome> {
  const rows = await repo.publishedConsultations(db);
  const keywords = [...new Set(rows.flatMap((r) => r.keywords))];
  const chosen = keyword ? rows.filter((r) => r.keywords.includes(keyword)) : rows;
  return { consultations: await summaries(db, chosen), keywords };
}

async function updatesOf(db: Db, rows: repo.PublishedRow[]): Promise<PublicUpdate[]> {
  const ids = rows.map((r) => r.id);
  const titles = new Map(rows.map((r) => [r.id, r.title]));
  const [done, reports] = await Promise.all([repo.recentCompletions(db, ids, PUBLIC_UPDATES_MAX), repo.recentAcceptedReports(db, ids, PUBLIC_UPDATES_MAX)]);
  const all: PublicUpdate[] = [
    ...done.map((d) => ({
      kind: 'completed' as const,
      on: d.closed_on!,
      consultationId: d.consultation_id,
      consultationTitle: titles.get(d.consultation_id)!,
      itemId: d.id,
      itemTitle: d.title,
      category: d.category,
      percent: 100,
    })),
    ...reports.map((r) => ({
      kind: 'progress' as const,
      on: chinaDate(r.reviewed_at),
      consultationId: r.consultation_id,
      consultationTitle: titles.get(r.consultation_id)!,
      itemId: r.item_id,
      itemTitle: r.title,
      category: r.category,
      percent: r.percent,
    })),
    ...rows.map((r) => ({
      kind: 'published' as const,
      on: chinaDate(r.published_at),
      consultationId: r.id,
      consultationTitle: r.title,
      itemId: null,
      itemTitle: null,
      category: null,
      percent: null,
    })),
  ];
  const rank = { completed: 0, progress: 1, published: 2 };
  all.sort((a, b) => b.on.localeCompare(a.on) || rank[a.kind] - rank[b.kind] || (b.itemId ?? 0) - (a.itemId ?? 0));
  return all.slice(0, PUBLIC_UPDATES_MAX);
}

export async function publicUpdates(db: Db, consultationId?: number): Promise<{ data: PublicUpdate[] }> {
  const rows = await repo.publishedConsultations(db, consultationId);
  if (consultationId !== undefined && !rows.length) throw notFound('会商');
  return { data: await updatesOf(db, rows) };
}

export async function publicConsultation(db: Db, id: number): Promise<PublicConsultation> {
  const rows = await repo.publishedConsultations(db, id);
  if (!rows.length) throw notFound('会商');
  const [[summary], items, outcomes, labels, updates] = await Promise.all([
    summaries(db, rows),
    repo.publicItems(db, id),
    repo.outcomes(db, id),
    repo.domainLabels(db),
    updatesOf(db, rows),
  ]);
  const perCategory = new Map<Category, Counts>(CATEGORIES.map((c) => [c, zeroCounts()]));
  const domains = new Map<string, number>();
  for (const i of items) {
    perCategory.get(i.category)![i.status] += 1;
    domains.set(i.domain, (domains.get(i.domain) ?? 0) + 1);
  }
  return {
    ...summary,
    byCategory: CATEGORIES.map((c) => ({ category: c, ...progressOf(perCategory.get(c)!) })),
    domains: [...domains].map(([value, count]) => ({ value, label: labels.get(value) ?? value, count })),
    items: items.map((i) => ({
      id: i.id,
      category: i.category,
      title: i.title,
      content: i.content,
      domain: i.domain,
      leadUnit: i.lead_unit,
      deadline: i.deadline,
      ongoing: i.ongoing === 1,
      status: i.status,
      progress: i.progress,
      closedOn: i.status === 'completed' ? i.closed_on : null,
      outcome: i.status === 'completed' ? (outcomes.get(i.id) ?? null) : null,
    })),
    updates,
  };
}
