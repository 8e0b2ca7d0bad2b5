/**
 * Which function runs each kind of batch job (see jobs.server.ts). One line per kind.
 */
import { syncRecentPayouts } from '#app/modules/finance/payouts.server.ts'
import { generateAnnualStatementsJob } from '#app/modules/finance/statements.server.ts'
import type { JobHandler } from './jobs.server.ts'

export const JOB_HANDLERS: Record<string, JobHandler> = {
  'annual-statements': generateAnnualStatementsJob,
  'payouts-sync': (payload) => syncRecentPayouts({ days: Number(payload.days ?? 30) }),
}
