import { randomUUID } from 'node:crypto'
import type { CrimeImportReport, ImportProgress } from './crimes.service'

export interface ImportJob {
  id: string
  status: 'running' | 'done' | 'failed'
  files: string[]
  startedAt: string
  progress?: ImportProgress
  report?: CrimeImportReport
  error?: string
}

/**
 * Imports started from the web run in the background of this process; the page that follows them
 * polls here. Kept in memory: a job lasts minutes, and the import itself is what is recorded.
 */
export function importJobs() {
  const jobs = new Map<string, ImportJob>()
  return {
    /** `tidy` rewrites what the page will show (the report and any error), e.g. to drop the server's folders. */
    start(
      files: string[],
      run: (onProgress: (p: ImportProgress) => void) => Promise<CrimeImportReport>,
      cleanup: () => void,
      tidy: (text: string) => string = (x) => x,
    ): ImportJob {
      const job: ImportJob = { id: randomUUID(), status: 'running', files, startedAt: new Date().toISOString() }
      jobs.set(job.id, job)
      run((p) => {
        job.progress = p
      })
        .then((report) => {
          job.report = JSON.parse(tidy(JSON.stringify(report))) as CrimeImportReport
          job.status = 'done'
        })
        .catch((e: Error) => {
          job.error = tidy(e.message)
          job.status = 'failed'
        })
        .finally(cleanup)
      return job
    },
    get: (id: string) => jobs.get(id),
  }
}
export type ImportJobs = ReturnType<typeof importJobs>
