import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { emit, previousValues } from '../events.ts'
import { newId } from '../ids.ts'
import { disputeFeeMinor, formatMinor } from '../money.ts'
import { invalidRequest } from '../wire.ts'
import { addBalanceTransaction, chargeSettlementCurrency, toBalanceCurrency } from './balance.ts'

/**
 * Card disputes (chargebacks), reference §3.2: opened by the control API or a dispute test card,
 * `needs_response` → `under_review` (evidence submitted) → `won` | `lost`. Opening withdraws
 * the disputed amount plus the dispute fee; winning reinstates the amount (the fee stays
 * withdrawn: Stripe no longer returns the "dispute received" fee).
 */

export const DISPUTE_REASONS = [
  'bank_cannot_process',
  'check_returned',
  'credit_not_processed',
  'customer_initiated',
  'debit_not_authorized',
  'duplicate',
  'fraudulent',
  'general',
  'incorrect_account_details',
  'insufficient_funds',
  'noncompliant',
  'product_not_received',
  'product_unacceptable',
  'subscription_canceled',
  'unrecognized',
] as const

/** The evidence fields that take text or a file id (`enhanced_evidence`/`appeal` are not modelled). */
export const EVIDENCE_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'customer_signature',
  'duplicate_charge_documentation',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'receipt',
  'refund_policy',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'service_documentation',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_documentation',
  'shipping_tracking_number',
  'uncategorized_file',
  'uncategorized_text',
] as const

export type EvidenceField = (typeof EVIDENCE_FIELDS)[number]

/** Evidence fields that hold file ids; the rest count towards the 150 000-character text limit. */
const FILE_FIELDS = new Set<EvidenceField>([
  'cancellation_policy',
  'customer_communication',
  'customer_signature',
  'duplicate_charge_documentation',
  'receipt',
  'refund_policy',
  'service_documentation',
  'shipping_documentation',
  'uncategorized_file',
])

const MAX_EVIDENCE_TEXT = 150_000

/** Days to respond; Stripe's API reference example allows 19 days, ending 23:59:59 UTC. */
const EVIDENCE_WINDOW_DAYS = 19
const DAY_SECONDS = 24 * 60 * 60

/** Visa reason codes for the common reasons (payment_method_details.card.network_reason_code). */
const VISA_REASON_CODES: Partial<Record<string, string>> = {
  fraudulent: '10.4',
  product_not_received: '13.1',
  product_unacceptable: '13.3',
  subscription_canceled: '13.2',
  credit_not_processed: '13.6',
  duplicate: '12.6.1',
}

const OPEN_STATUSES = new Set([
  'needs_response',
  'under_review',
  'warning_needs_response',
  'warning_under_review',
])

function isOpen(dispute: Stripe.Dispute): boolean {
  return OPEN_STATUSES.has(dispute.status)
}

function disputesOf(emu: Emulator, charge: Stripe.Charge): Stripe.Dispute[] {
  return emu.store.disputes.list().filter((dispute) => dispute.charge === charge.id)
}

/** A charge whose chargeback is open or lost can no longer be refunded (`charge_disputed`). */
export function isChargedBack(emu: Emulator, charge: Stripe.Charge): boolean {
  return disputesOf(emu, charge).some(
    (dispute) => !dispute.is_charge_refundable && dispute.status !== 'won',
  )
}

function emptyEvidence(): Stripe.Dispute.Evidence {
  const evidence = Object.fromEntries(EVIDENCE_FIELDS.map((field) => [field, null]))
  return { ...evidence, enhanced_evidence: {} } as unknown as Stripe.Dispute.Evidence
}

function paymentMethodDetails(
  charge: Stripe.Charge,
  reasonCode: string | null,
): Stripe.Dispute.PaymentMethodDetails | undefined {
  const card = charge.payment_method_details?.card
  if (!card) return undefined
  return {
    type: 'card',
    card: {
      brand: card.brand ?? 'visa',
      case_type: 'chargeback',
      network: card.network ?? card.brand ?? 'visa',
      network_reason_code: reasonCode,
    },
  }
}

export interface OpenDisputeInput {
  reason: string
  /** Defaults to what is left of the charge after refunds. */
  amount?: number
}

/**
 * Opens a chargeback on a succeeded charge: the dispute (`needs_response`), a balance
 * transaction withdrawing the amount plus the dispute fee, `charge.disputed = true`, and the
 * events `charge.dispute.created` and `charge.dispute.funds_withdrawn`.
 */
export function openDispute(
  emu: Emulator,
  charge: Stripe.Charge,
  input: OpenDisputeInput,
): Stripe.Dispute {
  if (charge.status !== 'succeeded') {
    throw invalidRequest(
      `Charge ${charge.id} has status ${charge.status}; only succeeded charges can be disputed.`,
      'charge',
    )
  }
  if (disputesOf(emu, charge).length > 0) {
    throw invalidRequest(`Charge ${charge.id} has already been disputed.`, 'charge')
  }
  const remaining = charge.amount - charge.amount_refunded
  if (remaining === 0) {
    throw invalidRequest(
      `Charge ${charge.id} has been fully refunded and can no longer be disputed.`,
      'charge',
    )
  }
  const amount = input.amount ?? remaining
  if (!Number.isInteger(amount) || amount < 1 || amount > remaining) {
    throw invalidRequest(
      `The disputed amount must be between 1 and ${remaining} (${formatMinor(remaining, charge.currency)}).`,
      'amount',
    )
  }
  if (!(DISPUTE_REASONS as readonly string[]).includes(input.reason)) {
    throw invalidRequest(`Invalid reason: must be one of ${DISPUTE_REASONS.join(', ')}`, 'reason')
  }
  const now = emu.now()
  const reasonCode = VISA_REASON_CODES[input.reason] ?? null
  const details = paymentMethodDetails(charge, reasonCode)
  const dueBy = (Math.floor(now / DAY_SECONDS) + EVIDENCE_WINDOW_DAYS + 1) * DAY_SECONDS - 1
  const dispute = emu.store.disputes.add({
    id: newId('du'),
    object: 'dispute',
    amount,
    balance_transactions: [],
    charge: charge.id,
    created: now,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: dueBy,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    network_reason_code: reasonCode,
    payment_intent: charge.payment_intent,
    ...(details ? { payment_method_details: details } : {}),
    reason: input.reason,
    status: 'needs_response',
  })
  const settled = toBalanceCurrency(
    emu,
    -amount,
    charge.currency,
    chargeSettlementCurrency(emu, charge),
  )
  const withdrawal = addBalanceTransaction(emu, {
    ...settled,
    type: 'adjustment',
    reporting_category: 'dispute',
    source: dispute.id,
    description: `Chargeback withdrawal for ${charge.id}`,
    fees: [{ amount: disputeFeeMinor(settled.currency), description: 'Dispute fee' }],
  })
  dispute.balance_transactions.push(withdrawal)
  charge.disputed = true
  emit(emu, 'charge.dispute.created', dispute)
  emit(emu, 'charge.dispute.funds_withdrawn', dispute)
  return dispute
}

export interface DisputeUpdate {
  /** Field → new value; null unsets the field. */
  evidence?: Partial<Record<EvidenceField, string | null>>
  metadata?: Record<string, string>
  /** Stripe submits by default when evidence is sent; a metadata-only update does not submit. */
  submit?: boolean
}

function closedError(dispute: Stripe.Dispute) {
  return invalidRequest(
    `This dispute (${dispute.id}) is already closed (status ${dispute.status}).`,
    'dispute',
  )
}

/**
 * `POST /v1/disputes/:id`: stages and/or submits evidence and updates metadata, with one
 * `charge.dispute.updated`. Test-mode evidence `uncategorized_text` `winning_evidence` /
 * `losing_evidence` closes a submitted dispute as won / lost straight away.
 */
export function updateDispute(
  emu: Emulator,
  dispute: Stripe.Dispute,
  update: DisputeUpdate,
): Stripe.Dispute {
  const touchesEvidence = update.evidence !== undefined || update.submit === true
  if (touchesEvidence && !isOpen(dispute)) throw closedError(dispute)
  if (touchesEvidence && !dispute.status.endsWith('needs_response')) {
    throw invalidRequest(
      `The evidence for dispute ${dispute.id} has already been submitted; it cannot be changed while the dispute is ${dispute.status}.`,
      'evidence',
    )
  }
  const submit = update.submit ?? update.evidence !== undefined
  const previous = previousValues(dispute, [
    ...(update.evidence !== undefined || submit ? (['evidence', 'evidence_details'] as const) : []),
    ...(submit ? (['status'] as const) : []),
    ...(update.metadata !== undefined ? (['metadata'] as const) : []),
  ])
  if (update.evidence !== undefined) {
    const evidence = { ...dispute.evidence } as unknown as Record<string, string | null>
    for (const [field, value] of Object.entries(update.evidence)) evidence[field] = value ?? null
    const text = EVIDENCE_FIELDS.filter((field) => !FILE_FIELDS.has(field)).reduce(
      (sum, field) => sum + (evidence[field]?.length ?? 0),
      0,
    )
    if (text > MAX_EVIDENCE_TEXT) {
      throw invalidRequest(
        `The evidence text is ${text} characters long; disputes accept at most ${MAX_EVIDENCE_TEXT} characters in total.`,
        'evidence',
      )
    }
    dispute.evidence = evidence as unknown as Stripe.Dispute.Evidence
    dispute.evidence_details.has_evidence = EVIDENCE_FIELDS.some(
      (field) => evidence[field] !== null,
    )
  }
  if (update.metadata !== undefined) dispute.metadata = update.metadata
  if (submit) {
    const details = dispute.evidence_details
    details.submission_count += 1
    details.past_due = details.due_by !== null && emu.now() > details.due_by
    details.submission_method = 'manual'
    dispute.status =
      dispute.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review'
  }
  if (Object.keys(previous).length > 0) emit(emu, 'charge.dispute.updated', dispute, previous)
  const verdict = dispute.evidence.uncategorized_text
  if (submit && verdict === 'winning_evidence') resolveDispute(emu, dispute, 'won')
  if (submit && verdict === 'losing_evidence') resolveDispute(emu, dispute, 'lost')
  return dispute
}

/**
 * Closes an open dispute: `charge.dispute.closed`, and when won a balance transaction
 * reinstating the disputed amount (the dispute fee is not returned) with
 * `charge.dispute.funds_reinstated`.
 */
export function resolveDispute(
  emu: Emulator,
  dispute: Stripe.Dispute,
  outcome: 'won' | 'lost',
): Stripe.Dispute {
  if (!isOpen(dispute)) throw closedError(dispute)
  if (outcome === 'won') {
    const withdrawal = dispute.balance_transactions[0]
    const charge = emu.store.charges.require(String(dispute.charge))
    const reinstatement = addBalanceTransaction(emu, {
      ...toBalanceCurrency(
        emu,
        dispute.amount,
        dispute.currency,
        withdrawal?.currency ?? chargeSettlementCurrency(emu, charge),
      ),
      type: 'adjustment',
      reporting_category: 'dispute_reversal',
      source: dispute.id,
      description: `Chargeback reversal for ${charge.id}`,
    })
    dispute.balance_transactions.push(reinstatement)
  }
  dispute.status = outcome
  emit(emu, 'charge.dispute.closed', dispute)
  if (outcome === 'won') emit(emu, 'charge.dispute.funds_reinstated', dispute)
  return dispute
}

/**
 * When an unanswered dispute is lost: the second after its evidence window closes (null when it
 * is not waiting for a response).
 */
export function unansweredLossAt(dispute: Stripe.Dispute): number | null {
  const dueBy = dispute.evidence_details.due_by
  return dispute.status === 'needs_response' && dueBy !== null ? dueBy + 1 : null
}
