import { dataVersion, memoByDataVersion } from './modules/performance/data-version'
import type { Config } from './config'
import { openDatabase, type Database } from './db/database'
import { chooseScanner } from './crime-engine'
import { actionsService } from './modules/governance/actions/actions.service'
import { decisionsService } from './modules/governance/decisions/decisions.service'
import { forwardPlanService } from './modules/governance/forward-plan/forward-plan.service'
import { meetingsService } from './modules/governance/meetings/meetings.service'
import { minutesService } from './modules/governance/minutes/minutes.service'
import { partnershipService } from './modules/governance/partnership/partnership.service'
import { demoService } from './modules/demo/demo.service'
import { boundariesService } from './modules/performance/boundaries/boundaries.service'
import { crimesService } from './modules/performance/crimes/crimes.service'
import { lookupsService } from './modules/performance/lookups/lookups.service'
import { groupsService } from './modules/performance/groups/groups.service'
import { hotspotsService } from './modules/performance/hotspots/hotspots.service'
import { trendsService } from './modules/performance/trends/trends.service'
import { ruralService } from './modules/performance/rural/rural.service'
import { measuresService } from './modules/performance/measures/measures.service'
import { calendarFeedsService } from './modules/access/calendar-feeds.service'
import { outboxService } from './modules/notify/outbox.service'
import { notices } from './modules/notify/notices'
import { notifyService } from './modules/notify/notify.service'
import { papersService } from './modules/governance/papers/papers.service'
import { accountLinksService } from './modules/access/account-links.service'
import { accessGroupsService } from './modules/access/access-groups.service'
import { minutesImportService } from './modules/governance/minutes-import/minutes-import.service'
import { usersService } from './modules/access/users.service'
import { registersService } from './modules/registers/registers.service'
import { reportsService } from './modules/reports/reports.service'

export interface ContainerOptions {
  /** A fixed clock for tests; the real one otherwise. */
  clock?: () => Date
}

/** The composition root: the web app and the CLI build the same one. */
export async function buildContainer(config: Config, options: ContainerOptions = {}) {
  const database: Database = openDatabase(config.databaseUrl)
  await database.migrateToLatest()
  const db = database.db
  const clock = options.clock ?? (() => new Date())
  const partnership = partnershipService(db, clock)
  const meetings = meetingsService(db, clock)
  // Email goes into the outbox inside the change that causes it: made first, for every service.
  const outbox = outboxService(db, clock, config.mail)
  const notice = notices(outbox, config.baseUrl)
  const actions = actionsService(db, clock, { assigned: (tx, a) => notice.actionAssigned(tx, a) })
  const decisions = decisionsService(db, clock)
  const forwardPlan = forwardPlanService(db, clock)
  const groups = groupsService(db, clock)
  const registers = registersService(db, clock, {
    choices: async (pid, q) => ({
      groups: (await groups.list(pid, q)).map((g) => ({
        value: g.key,
        text: g.label === g.key ? g.label : `${g.label} (${g.key})`,
      })),
      measures: (
        await q
          .selectFrom('measure')
          .select(['key', 'label'])
          .where('partnership_id', '=', pid)
          .orderBy('label')
          .execute()
      ).map((m) => ({ value: m.key, text: m.label })),
    }),
  })
  const minutes = minutesService(db, clock, {
    meetings,
    actions,
    forwardPlan,
    partnership,
    registers,
    notices: notice,
  })
  const boundaries = boundariesService(db, clock, {
    maxUnpackedBytes: config.limits.maxUnpackedBytes,
    maxVertices: config.limits.maxBoundaryVertices,
  })
  const lookups = lookupsService(db, clock, (q, table, rows) => database.bulkInsert(q, table, rows))
  chooseScanner(config.crimeScanner)
  const crimes = crimesService(db, clock, boundaries, database, config.importWorkers, config.limits)
  // Figures built on boundaries change with them, in the same transaction as the boundary import.
  boundaries.onChange((tx, partnershipId) => crimes.recount(tx, partnershipId))
  // The analyses many people open are kept by the data they were made from (see data-version.ts).
  const version = (partnershipId: string) => dataVersion(db, partnershipId)
  const hotspotsUncached = hotspotsService({ crimes, boundaries, groups, partnership })
  const hotspots = {
    ...hotspotsUncached,
    compute: memoByDataVersion(
      version,
      (...a: Parameters<typeof hotspotsUncached.compute>) => hotspotsUncached.compute(...a),
      64,
      clock,
    ),
  }
  const trendsUncached = trendsService({ crimes, groups })
  const trends = {
    ...trendsUncached,
    compute: memoByDataVersion(
      version,
      (...a: Parameters<typeof trendsUncached.compute>) => trendsUncached.compute(...a),
      64,
      clock,
    ),
  }
  const ruralUncached = ruralService({ crimes, boundaries, groups, authorities: (id) => partnership.authorities(id) })
  const rural = {
    ...ruralUncached,
    compute: memoByDataVersion(
      version,
      (...a: Parameters<typeof ruralUncached.compute>) => ruralUncached.compute(...a),
      64,
      clock,
    ),
  }
  const measures = measuresService(db, clock)
  const users = usersService(db, clock, partnership)
  const calendarFeeds = calendarFeedsService(db, clock, config.baseUrl)
  const notify = notifyService(db, clock, { outbox, actions, partnership, registers }, config.baseUrl)
  const papers = papersService(db, clock, { notices: notice })
  const accountLinks = accountLinksService(db, clock, { users, outbox, baseUrl: config.baseUrl })
  const accessGroups = accessGroupsService(db, clock, { outbox, baseUrl: config.baseUrl })
  const minutesImport = minutesImportService(db, clock, { partnership, actions, decisions, minutes })
  const demo = demoService(db, clock, {
    actions,
    decisions,
    forwardPlan,
    minutes,
    boundaries,
    crimes,
    lookups,
    registers,
  })
  const reports = reportsService(
    db,
    clock,
    { partnership, crimes, trends, hotspots, rural, measures, registers, actions, boundaries },
    config.chromiumPath,
  )
  return {
    config,
    database,
    clock,
    services: {
      /** The service's clock: routes ask it what day it is, so a test's fixed day holds everywhere. */
      clock,
      partnership,
      meetings,
      actions,
      decisions,
      forwardPlan,
      minutes,
      boundaries,
      crimes,
      lookups,
      groups,
      hotspots,
      trends,
      rural,
      measures,
      users,
      calendarFeeds,
      outbox,
      notify,
      papers,
      accountLinks,
      accessGroups,
      minutesImport,
      registers,
      reports,
      demo,
    },
    async close() {
      await database.close()
    },
  }
}

export type Container = Awaited<ReturnType<typeof buildContainer>>
export type Services = Container['services']
