import { zIdParams } from './common.js';
import { defineEndpoint } from './contract.js';
import { zSupervisionSettingsUpdate, zSupervisionSettingsView } from './supervision.js';

/** A consultation's supervision settings, served by the lights module: a change recomputes every item's light. */
export const supervisionEndpoints = {
  settings: defineEndpoint({ method: 'GET', path: '/consultations/:id/supervision-settings', params: zIdParams, response: zSupervisionSettingsView }),
  updateSettings: defineEndpoint({
    method: 'PUT',
    path: '/consultations/:id/supervision-settings',
    params: zIdParams,
    body: zSupervisionSettingsUpdate,
    response: zSupervisionSettingsView,
  }),
};
