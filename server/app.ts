import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { installZodChinese } from '../domain/zod-locale.js';
import { installSecurityHeaders } from './platform/security-headers.js';
import { lazyRequestLogger } from './platform/request-logger.js';
import { installErrorHandler } from './platform/error-handler.js';
import { installZodCompilers } from './platform/http.js';
import { installSessionHook } from './platform/session.js';
import { installAnswerCache } from './platform/answer-cache.js';
import { changesOf } from './platform/db.js';
import { installOpenApi } from './platform/openapi.js';
import { MULTIPART_CEILING_BYTES } from './platform/attachments.js';
import { registerJobRoutes } from './modules/jobs/jobs.routes.js';
import { registerOnlineRoutes } from './modules/online/online.routes.js';
import { registerParameterRoutes } from './modules/parameters/parameters.routes.js';
import { openFieldKeys } from './platform/sealed-fields.js';
import { registerAnnouncementRoutes } from './modules/announcements/announcements.routes.js';
import { registerSearchRoutes } from './modules/search/search.routes.js';
import { registerPublicationRoutes } from './modules/publication/publication.routes.js';
import type { Deps } from './platform/deps.js';
import { registerHealthRoutes } from './modules/health/health.routes.js';
import { registerAuthRoutes } from './modules/auth/auth.routes.js';
import { registerOrganisationRoutes } from './modules/organisations/organisations.routes.js';
import { registerUserRoutes } from './modules/users/users.routes.js';
import { registerDictionaryRoutes } from './modules/dictionaries/dictionaries.routes.js';
import { registerConsultationRoutes } from './modules/consultations/consultations.routes.js';
import { registerItemRoutes } from './modules/items/items.routes.js';
import { registerDraftingRoutes } from './modules/drafting/drafting.routes.js';
import { registerSavedFilterRoutes } from './modules/saved-filters/saved-filters.routes.js';
import { registerCommentRoutes } from './modules/comments/comments.routes.js';
import { registerAuditLogRoutes } from './modules/audit-log/audit-log.routes.js';
import { registerNegotiationRoutes } from './modules/negotiation/negotiation.routes.js';
import { registerProjectRoutes } from './modules/projects/projects.routes.js';
import { registerProgrammeRoutes } from './modules/projects/programmes.routes.js';
import { registerNeedRoutes } from './modules/needs/needs.routes.js';
import { registerAttachmentRoutes } from './modules/attachments/attachments.routes.js';
import { registerChangeRequestRoutes } from './modules/change-requests/change-requests.routes.js';
import { registerMeetingRoutes } from './modules/meetings/meetings.routes.js';
import { registerLedgerRoutes } from './modules/ledger/ledger.routes.js';
import { registerNoticeRoutes } from './modules/notices/notices.routes.js';
import { registerCompletionRoutes } from './modules/completion/completion.routes.js';
import { registerBoardRoutes } from './modules/board/board.routes.js';
import { registerAssessmentRoutes } from './modules/assessment/assessment.routes.js';
import { registerDocumentRoutes } from './modules/documents/documents.routes.js';
import { registerMilestoneRoutes } from './modules/milestones/milestones.routes.js';
import { registerReportRoutes } from './modules/reports/reports.routes.js';
import { registerSupervisionSettingsRoutes } from './modules/lights/lights.routes.js';
import { registerNotificationRoutes } from './modules/notifications/notifications.routes.js';
import { registerTaskRoutes } from './modules/tasks/tasks.routes.js';
import { registerIndicatorRoutes } from './modules/indicators/indicators.routes.js';
import { registerDashboardRoutes } from './modules/dashboard/dashboard.routes.js';
import { registerIndicatorWorkbookRoutes } from './modules/indicators/indicators.import.routes.js';

import { clientErrorHandler, frameworkErrors } from './platform/framework-errors.js';
import { loadAuditKey, sealUnchained, setAuditKey } from './platform/audit-chain.js';

/** Builds the whole server from its modules; tests build it the same way. */
export async function buildApp(deps: Deps): Promise<FastifyInstance> {
  const { config } = deps;
  installZodChinese();
  setAuditKey(loadAuditKey(config));
  // Rows logged before the chain existed (an upgraded database) join it before anything new is logged.
  await sealUnchained(deps.db);
  // Refuses to build on a database whose sealed fields this configuration cannot open.
  await openFieldKeys(deps.db, config);
  const app = Fastify({
    logger: config.LOG_LEVEL === 'silent' ? false : { level: config.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'] },
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    childLoggerFactory: lazyRequestLogger,
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 200 },
    frameworkErrors,
    clientErrorHandler,
  });

  await app.register(cookie);
  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design writes its CSS-in-JS into <style> elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.COOKIE_SECURE,
  });
  // API answers carry a user's data: no browser or proxy keeps a copy, unless a route says otherwise.
  app.addHook('onSend', (req, reply, payload, done) => {
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  // One file per request and a few small fields at most: uploads are attachments, not forms.
  await app.register(multipart, { limits: { fileSize: MULTIPART_CEILING_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 6, headerPairs: 50 } });
  installZodCompilers(app);
  installErrorHandler(app);
  installSessionHook(app, deps.db, deps.clock, config);
  installAnswerCache(app, changesOf(deps.db), deps.clock, config.ANSWER_CACHE_SECONDS);
  if (config.RATE_LIMIT_PER_MINUTE > 0) {
    // Counted per signed-in user (so one busy office behind one NAT address does not throttle its
    // neighbours, and one user cannot hog the server from many addresses), and per address for
    // requests without a session. Checked after the session hook has named the caller, before the body is read.
    await app.register(rateLimit, {
      max: config.RATE_LIMIT_PER_MINUTE,
      timeWindow: '1 minute',
      hook: 'preParsing',
      keyGenerator: (req) => (req.actor ? `user:${req.actor.userId}` : `ip:${req.ip}`),
    });
  }
  const perAddress = config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE ?? config.RATE_LIMIT_PER_MINUTE * 10;
  if (perAddress > 0) {
    // And every request per client address, signed in or not: one address driving many accounts
    // (or many stolen sessions) is held to a ceiling set high enough for an office behind one NAT.
    await app.register(rateLimit, {
      max: perAddress,
      timeWindow: '1 minute',
      hook: 'preParsing',
      keyGenerator: (req) => `addr:${req.ip}`,
    });
  }
  await installOpenApi(app);

  await app.register(
    async (api) => {
      registerHealthRoutes(api, deps);
      registerAuthRoutes(api, deps);
      registerOrganisationRoutes(api, deps);
      registerUserRoutes(api, deps);
      registerDictionaryRoutes(api, deps);
      registerConsultationRoutes(api, deps);
      registerItemRoutes(api, deps);
      registerDraftingRoutes(api, deps);
      registerCommentRoutes(api, deps);
      registerAuditLogRoutes(api, deps);
      registerNegotiationRoutes(api, deps);
      registerProjectRoutes(api, deps);
      registerProgrammeRoutes(api, deps);
      registerNeedRoutes(api, deps);
      registerAttachmentRoutes(api, deps);
      registerChangeRequestRoutes(api, deps);
      registerMeetingRoutes(api, deps);
      registerLedgerRoutes(api, deps);
      registerNoticeRoutes(api, deps);
      registerCompletionRoutes(api, deps);
      registerBoardRoutes(api, deps);
      registerAssessmentRoutes(api, deps);
      registerDocumentRoutes(api, deps);
      registerMilestoneRoutes(api, deps);
      registerReportRoutes(api, deps);
      registerSupervisionSettingsRoutes(api, deps);
      registerNotificationRoutes(api, deps);
      registerTaskRoutes(api, deps);
      registerIndicatorRoutes(api, deps);
      registerDashboardRoutes(api, deps);
      registerIndicatorWorkbookRoutes(api, deps);
      registerOnlineRoutes(api, deps);
      registerJobRoutes(api, deps);
      registerParameterRoutes(api, deps);
      registerAnnouncementRoutes(api, deps);
      registerSearchRoutes(api, deps);
      registerPublicationRoutes(api, deps);
      registerSavedFilterRoutes(api, deps);
    },
    { prefix: '/api/v1' },
  );

  await serveWeb(app, path.resolve(config.WEB_DIST));
  return app;
}

/** The built SPA, with every non-API path falling back to index.html for client routing. */
async function serveWeb(app: FastifyInstance, dist: string): Promise<void> {
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index)) return;
  await app.register(fastifyStatic, {
    root: dist,
    wildcard: false,
    index: false,
    // The build writes .br and .gz beside each asset (vite.config.ts): sent to browsers that take them.
    preCompressed: true,
    cacheControl: false,
    setHeaders: (res, file) => {
      // Hashed names change with their content, so a browser may keep them for good.
      const hashed = path.relative(dist, file).split(path.sep)[0] === 'assets';
      res.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const html = fs.readFileSync(index);
  app.get('/*', async (req, reply) => {
    if (req.url.startsWith('/api/')) {
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: '没有这个接口' } });
    }
    const rel = decodeURIComponent(req.url.split('?')[0]).replace(/^\/+/, '');
    const file = path.join(dist, rel);
    if (rel && file.startsWith(dist + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile()) {
      return reply.sendFile(rel);
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  });
}
