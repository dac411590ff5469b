/**
 * The crime engine: reads police.uk street-level files (plain, gzipped, zipped; one file or many,
 * split across cores), assigns each located crime to beats, localities and the area, counts the
 * quirks, and stores each force-month byte for byte in compact segments. Pure: no framework, no
 * database (the caller stores what it is given). This is its whole public surface.
 */
export { listCrimeSources, splitSource, type CrimeSource } from './crime-sources'
export { assignPoint, decodeCountKey, unpackInArea } from './assign'
export { UnitRevisitedError, type RejectedRow, type UnitQuirks } from './unit-build'
export {
  contextsFor,
  DEFAULT_IMPORT_LIMITS,
  runFile,
  sharedIndex,
  type FileSummary,
  type ImportLimits,
  type IndexedSet,
  type MonthContext,
  type SetPayload,
  type UnitSummary,
} from './crime-file-runner'
export { COL, CrimeFileError, csvRecords, judgeRow, POLICE_UK_HEADER } from './police-csv'
export { fieldNumber, fieldText, RecordScanner } from './record-scanner'
export { segmentsToCsv } from './unit-store'
export { inWorkers, memoCapacity, ReadWhole, RejectedLines, WORKERS_FROM_BYTES } from './worker-pool'
export { workerScript } from './worker-bundle'
export { chooseScanner } from './wasm-record-scanner'
export { setInEffect } from './in-effect'
export { lsoaKey, lsoaKeyBytes } from './lsoa-key'
