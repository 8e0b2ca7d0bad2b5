import type { MatchStatus, ReconciliationStatus } from '#app/generated/prisma/enums.ts'

const FAILED = new Set(['failed', 'canceled'])

/** A payout's reconciliation in words; a failed payout says so rather than "pending". */
export function reconciliationLabel(reconciliation: ReconciliationStatus, stripeStatus: string) {
  if (FAILED.has(stripeStatus)) return { text: 'Failed: not reconciled', tone: 'bad' }
  if (reconciliation === 'RECONCILED') return { text: 'Reconciled', tone: 'good' }
  if (reconciliation === 'EXCEPTIONS') return { text: 'Exceptions', tone: 'warn' }
  return { text: 'Pending', tone: 'neutral' }
}

export function PayoutReconciliation({
  reconciliation,
  stripeStatus,
}: {
  reconciliation: ReconciliationStatus
  stripeStatus: string
}) {
  const { text, tone } = reconciliationLabel(reconciliation, stripeStatus)
  return (
    <span className={`payout-tag payout-tag--${tone}`} data-testid="payout-reconciliation">
      {text}
    </span>
  )
}

const MATCH_TEXT: Record<MatchStatus, [string, string]> = {
  MATCHED: ['Matched', 'good'],
  OVERHEAD: ['Overhead', 'neutral'],
  MANUAL: ['Manual', 'good'],
  UNMATCHED: ['Unmatched', 'bad'],
  MISMATCHED: ['Mismatched', 'warn'],
}

export function LineMatch({ match }: { match: MatchStatus }) {
  const [text, tone] = MATCH_TEXT[match]
  return <span className={`payout-tag payout-tag--${tone}`}>{text}</span>
}
