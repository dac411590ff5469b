import type { PartnershipTables } from '../modules/governance/partnership/partnership.table'
import type { MeetingTables } from '../modules/governance/meetings/meetings.table'
import type { MinutesTables } from '../modules/governance/minutes/minutes.table'
import type { ActionTables } from '../modules/governance/actions/actions.table'
import type { DecisionTables } from '../modules/governance/decisions/decisions.table'
import type { ForwardPlanTables } from '../modules/governance/forward-plan/forward-plan.table'
import type { AuditTables } from '../modules/audit/audit.table'
import type { BoundaryTables } from '../modules/performance/boundaries/boundaries.table'
import type { CrimeTables } from '../modules/performance/crimes/crimes.table'
import type { LookupTables } from '../modules/performance/lookups/lookups.table'
import type { GroupTables } from '../modules/performance/groups/groups.table'
import type { MeasureTables } from '../modules/performance/measures/measures.table'
import type { AccessTables } from '../modules/access/access.table'
import type { RegisterTables } from '../modules/registers/registers.table'
import type { ReportTables } from '../modules/reports/reports.table'
import type { OutboxTables } from '../modules/notify/outbox.table'
import type { PaperTables } from '../modules/governance/papers/papers.table'
import type { MinutesImportTables } from '../modules/governance/minutes-import/minutes-import.table'

/** Each module owns its tables' types; the database is their union. */
export type DB = PartnershipTables &
  MeetingTables &
  MinutesTables &
  ActionTables &
  DecisionTables &
  ForwardPlanTables &
  AuditTables &
  BoundaryTables &
  CrimeTables &
  LookupTables &
  GroupTables &
  MeasureTables &
  AccessTables &
  RegisterTables &
  ReportTables &
  OutboxTables &
  PaperTables &
  MinutesImportTables
