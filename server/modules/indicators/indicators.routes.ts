import type { FastifyInstance } from 'fastify';
import { indicatorEndpoints as api } from '../../../domain/indicators.endpoints.js';
import type { Deps } from '../../platform/deps.js';
import { defineRoute } from '../../platform/http.js';
import { comparison, countyValues, readiness, trend } from './indicators.analysis.js';
import { addTarget, createIndicator, getCatalogue, removeTarget, updateIndicator, updateSettings } from './indicators.catalogue.js';
import { visibleCounties } from './indicators.scope.js';
import { getSheet, listSubmissions, reviewSheet, saveSheet, sheetHistory, submitSheet } from './indicators.sheets.js';

export function registerIndicatorRoutes(app: FastifyInstance, deps: Deps): void {
  const tags = ['indicators'];
  const read = { tags, anyOf: ['indicator.read'] as const };
  const manage = { tags, anyOf: ['indicator.manage'] as const };
  defineRoute(app, api.catalogue, { summary: '指标目录、目标值、对比权重与异常变动阈值', ...read }, async ({ actor }) => getCatalogue(deps, actor));
  defineRoute(app, api.create, { summary: '新增指标（市局）', ...manage }, async ({ body, ctx }) => createIndicator(deps, ctx, body));
  defineRoute(app, api.update, { summary: '修改指标（市局；须带版本号）', ...manage }, async ({ params, body, ctx }) => updateIndicator(deps, ctx, params.code, body));
  defineRoute(app, api.settings, { summary: '设置综合得分权重与异常变动阈值（市局）', ...manage }, async ({ body, ctx }) => updateSettings(deps, ctx, body));
  defineRoute(app, api.addTarget, { summary: '新增目标值（省级或市级，自某年起）', ...manage }, async ({ body, ctx }) => addTarget(deps, ctx, body));
  defineRoute(app, api.removeTarget, { summary: '删除目标值', ...manage }, async ({ params, ctx }) => removeTarget(deps, ctx, params.id));
  defineRoute(app, api.counties, { summary: '可查看指标的县（区）', ...read }, async ({ actor }) => ({
    data: (await visibleCounties(deps.db, actor)).map(({ id, name, divisionCode }) => ({ id, name, divisionCode })),
  }));
  defineRoute(app, api.values, { summary: '县（区）已审核的指标值，含同比增幅与百分点变化', ...read }, async ({ query, actor }) => countyValues(deps, actor, query));
  defineRoute(app, api.sheet, { summary: '县（区）某年度的指标填报表（含上年值、增幅、来源）', ...read }, async ({ query, actor }) =>
    getSheet(deps, actor, query.division, query.year),
  );
  defineRoute(app, api.saveSheet, { summary: '保存指标填报（本县联络员；须带版本号）', tags, anyOf: ['indicator.enter'] }, async ({ body, ctx }) => saveSheet(deps, ctx, body));
  defineRoute(app, api.submitSheet, { summary: '提交指标填报审核', tags, anyOf: ['indicator.enter'] }, async ({ body, ctx }) => submitSheet(deps, ctx, body));
  defineRoute(app, api.reviewSheet, { summary: '审核指标填报：通过或退回（退回须说明理由）', tags, anyOf: ['indicator.review'] }, async ({ body, ctx }) =>
    reviewSheet(deps, ctx, body),
  );
  defineRoute(app, api.submissions, { summary: '指标填报列表（审核用）', ...read }, async ({ query, actor }) => listSubmissions(deps, actor, query));
  defineRoute(app, api.history, { summary: '指标值的修改记录', ...read }, async ({ query, actor }) => sheetHistory(deps, actor, query));
  defineRoute(app, api.readiness, { summary: '创新型县评估：各目标指标的达标情况、差距与趋势', ...read }, async ({ query, actor }) => readiness(deps, actor, query));
  defineRoute(app, api.comparison, { summary: '县区对比：各指标排名与综合得分', ...read }, async ({ query, actor }) => comparison(deps, actor, query.year));
  defineRoute(app, api.trend, { summary: '某指标各县（区）历年已审核数值（看板趋势图）', ...read }, async ({ query, actor }) => trend(deps, actor, query.indicator));
}
