import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicationEndpoints, publicEndpoints } from '../../../domain/publication.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { matchesEtag, PUBLIC_MAX_AGE_SECONDS, publicCacheOf } from './publication.cache.js';
import { publicationStamp } from './publication.repo.js';
import * as service from './publication.service.js';

/**
 * Answers from the in-process cache when it holds this URL at the current publication stamp, else
 * computes and keeps it; either way with an ETag, and a 304 when the browser already has those bytes.
 */
async function cached(deps: Deps, req: FastifyRequest, reply: FastifyReply, compute: () => Promise<unknown>): Promise<never> {
  const cache = publicCacheOf(deps.db);
  const stamp = await publicationStamp(deps.db);
  const now = deps.clock.now().getTime();
  const hit = cache.get(req.url, stamp, now) ?? cache.put(req.url, stamp, now, await compute());
  void reply.header('cache-control', `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`).header('etag', hit.etag);
  if (matchesEtag(req.headers['if-none-match'], hit.etag)) return reply.code(304).send() as never;
  // Bytes as kept: no second serialisation of the same answer.
  return reply.header('content-type', 'application/json; charset=utf-8').send(hit.body) as never;
}

export function registerPublicationRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, publicationEndpoints.get, { summary: '会商的公开状态（发起方联络员可切换）', tags: ['publication'] }, async ({ params, actor }) =>
    service.getPublication(deps, actor, params.id),
  );
  defineRoute(
    app,
    publicationEndpoints.update,
    { summary: '公开或取消公开会商（发起方联络员；须带 version）', tags: ['publication'], anyOf: ['consultation.update'] },
    async ({ params, body, ctx }) => service.updatePublication(deps, ctx, params.id, body),
  );

  const doc = (summary: string) => ({ summary, tags: ['public'], public: true });
  defineRoute(app, publicEndpoints.home, doc('公开的会商（无需登录，可按关键词筛选）'), async ({ query, req, reply }) =>
    cached(deps, req, reply, () => service.publicHome(deps.db, query.keyword)),
  );
  defineRoute(app, publicEndpoints.consultation, doc('一个公开会商：议定清单、分类进度、办结事项与最新动态（无需登录）'), async ({ params, req, reply }) =>
    cached(deps, req, reply, () => service.publicConsultation(deps.db, params.id)),
  );
  defineRoute(app, publicEndpoints.updates, doc('公开会商的最新动态（无需登录）'), async ({ query, req, reply }) =>
    cached(deps, req, reply, () => service.publicUpdates(deps.db, query.consultationId)),
  );
}
