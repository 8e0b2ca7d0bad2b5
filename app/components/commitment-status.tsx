import type { InstalmentState } from '#app/modules/finance/commitments.server.ts'

const LABELS: Record<InstalmentState, string> = {
  FULFILLED: 'Fulfilled',
  OUTSTANDING: 'Outstanding',
  OVERDUE: 'Overdue',
}

export function InstalmentStatus({ state }: { state: InstalmentState }) {
  return (
    <span className={`finance-status finance-status--${state.toLowerCase()}`}>{LABELS[state]}</span>
  )
}
