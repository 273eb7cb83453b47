import { zAssessment, zAssessmentQuery, zAssessmentWeightsState, zAssessmentWeightsUpdate } from './assessment.js';
import { defineEndpoint } from './contract.js';

export const assessmentEndpoints = {
  /** The ranking of the lead units in the caller's scope for one period. */
  ranking: defineEndpoint({ method: 'GET', path: '/assessment', query: zAssessmentQuery, response: zAssessment }),
  /** The bureau's weights (a host coordinator of the bureau only). */
  setWeights: defineEndpoint({ method: 'PUT', path: '/assessment/weights', body: zAssessmentWeightsUpdate, response: zAssessmentWeightsState }),
};
