/**
 * Benchmark E's measured step, in a process of its own (as the app's worker would run it):
 * reconciles one stored payout and prints its result and duration as JSON.
 *   DATABASE_URL=… NODE_ENV=test node --import tsx bench/reconcile-once.ts po_…
 */
import { reconcilePayout } from '#app/modules/finance/reconcile.server.ts'
import { disconnectDatabase, prisma } from '#app/utils/db.server.ts'

const payoutId = process.argv[2]
if (!payoutId) throw new Error('usage: reconcile-once.ts <payoutId>')
await prisma.$queryRaw`SELECT 1` // connect before the clock starts
const lines = await prisma.balanceTransaction.count({ where: { payoutId } })
const started = performance.now()
const result = await reconcilePayout(payoutId)
const ms = performance.now() - started
const matched = await prisma.balanceTransaction.count({
  where: { payoutId, match: { in: ['MATCHED', 'OVERHEAD'] } },
})
process.stdout.write(
  JSON.stringify({
    payoutId,
    lines,
    matched,
    ms: Math.round(ms),
    reconciliation: result.reconciliation,
    differenceMinor: result.differenceMinor,
    openExceptions: result.openExceptions,
  }) + '\n',
)
await disconnectDatabase()
