import type { Migration } from 'kysely';
import * as foundation from './20261125T0001_foundation.js';
import * as negotiation from './20261125T0002_negotiation.js';
import * as commentsAttachments from './20261125T0003_comments_attachments.js';
import * as needs from './20261125T0004_needs.js';
import * as changeRequests from './20261125T0005_change_requests.js';
import * as projectsProgrammes from './20261125T0006_projects_programmes.js';
import * as meetings from './20261125T0007_meetings.js';
import * as supervision from './20261125T0008_supervision.js';
import * as ledgerImports from './20261125T0009_ledger_imports.js';
import * as notifications from './20261125T0010_notifications.js';
import * as governmentOrgs from './20261125T0011_government_orgs.js';
import * as adminSeparation from './20261125T0012_admin_separation.js';
import * as indicators from './20261125T0013_indicators.js';
import * as auditChain from './20261125T0014_audit_chain.js';
import * as jobControl from './20261204T0015_job_control.js';
import * as announcements from './20261205T0016_announcements.js';
import * as sealedFields from './20261206T0017_sealed_fields.js';
import * as twoFactor from './20261206T0018_two_factor.js';
import * as search from './20261206T0019_search.js';
import * as publications from './20261206T0020_publications.js';
import * as savedFilters from './20261206T0021_saved_filters.js';
import * as assessment from './20261206T0022_assessment.js';
import * as linkedItems from './20261206T0023_linked_items.js';
import * as peerIndexes from './20261206T0025_peer_indexes.js';
import * as searchPg from './20261206T0026_search_pg.js';
import * as itemPunctuality from './20261206T0027_item_punctuality.js';
import * as scopeCounts from './20261206T0028_scope_counts.js';
import * as searchScope from './20261206T0031_search_scope.js';
import * as itemTallies from './20261206T0034_item_tallies.js';
import * as punctualityTallies from './20261206T0035_punctuality_tallies.js';
import * as changeSequence from './20261207T0036_change_sequence.js';
import * as auditLanes from './20261207T0037_audit_lanes.js';
import * as auditWitness from './20261207T0038_audit_witness.js';
import * as searchDerivedByTrigger from './20261207T0039_search_derived_by_trigger.js';

/** Every migration, in order; the names are frozen once released. */
export const migrations: Record<string, Migration> = {
  '20261125T0001_foundation': foundation,
  '20261125T0002_negotiation': negotiation,
  '20261125T0003_comments_attachments': commentsAttachments,
  '20261125T0004_needs': needs,
  '20261125T0005_change_requests': changeRequests,
  '20261125T0006_projects_programmes': projectsProgrammes,
  '20261125T0007_meetings': meetings,
  '20261125T0008_supervision': supervision,
  '20261125T0009_ledger_imports': ledgerImports,
  '20261125T0010_notifications': notifications,
  '20261125T0011_government_orgs': governmentOrgs,
  '20261125T0012_admin_separation': adminSeparation,
  '20261125T0013_indicators': indicators,
  '20261125T0014_audit_chain': auditChain,
  '20261204T0015_job_control': jobControl,
  '20261205T0016_announcements': announcements,
  '20261206T0017_sealed_fields': sealedFields,
  '20261206T0018_two_factor': twoFactor,
  '20261206T0019_search': search,
  '20261206T0020_publications': publications,
  '20261206T0021_saved_filters': savedFilters,
  '20261206T0022_assessment': assessment,
  '20261206T0023_linked_items': linkedItems,
  '20261206T0025_peer_indexes': peerIndexes,
  '20261206T0026_search_pg': searchPg,
  '20261206T0027_item_punctuality': itemPunctuality,
  '20261206T0028_scope_counts': scopeCounts,
  '20261206T0031_search_scope': searchScope,
  '20261206T0034_item_tallies': itemTallies,
  '20261206T0035_punctuality_tallies': punctualityTallies,
  '20261207T0036_change_sequence': changeSequence,
  '20261207T0037_audit_lanes': auditLanes,
  '20261207T0038_audit_witness': auditWitness,
  '20261207T0039_search_derived_by_trigger': searchDerivedByTrigger,
};
