import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import {
  EVIDENCE_FIELDS,
  resolveDispute,
  updateDispute,
  type DisputeUpdate,
  type EvidenceField,
} from '../engine/disputes.ts'
import { mergeMetadata } from '../params.ts'
import type { ApiRequest, Route } from '../router.ts'
import { listOf, render, retrieve } from './common.ts'

const NOT_MODELLED = ' (not supported by the Stripe emulator)'

function dispute(emu: Emulator, request: ApiRequest): Stripe.Dispute {
  return emu.store.disputes.require(request.pathParams.id ?? '', 'dispute')
}

/** `POST /v1/disputes/:id`: `evidence[…]`, `submit` (default true with evidence), `metadata`. */
function update(emu: Emulator, request: ApiRequest): object {
  const params = request.params.allowOnly([
    'evidence',
    'metadata',
    'submit',
    'intended_submission_method',
    'expand',
  ])
  const target = dispute(emu, request)
  const change: DisputeUpdate = {}
  const evidence = params.object('evidence')
  if (evidence) {
    evidence.allowOnly(EVIDENCE_FIELDS, { enhanced_evidence: NOT_MODELLED, appeal: NOT_MODELLED })
    const fields: Partial<Record<EvidenceField, string | null>> = {}
    for (const field of EVIDENCE_FIELDS) {
      if (!evidence.has(field)) continue
      fields[field] = evidence.values[field] === '' ? null : (evidence.string(field) ?? null)
    }
    change.evidence = fields
  }
  if (params.has('metadata')) {
    change.metadata = mergeMetadata(target.metadata, params.metadata())
  }
  const submit = params.boolean('submit')
  if (submit !== undefined) change.submit = submit
  const method = params.string('intended_submission_method', {
    oneOf: ['manual', 'prefer_manual', 'prefer_smart_disputes', 'smart_disputes'],
  })
  if (method !== undefined) target.intended_submission_method = method
  updateDispute(emu, target, change)
  return render(emu, request, target)
}

/** `POST /v1/disputes/:id/close`: accepts the dispute, which is then lost. */
function close(emu: Emulator, request: ApiRequest): object {
  request.params.allowOnly(['expand'])
  return render(emu, request, resolveDispute(emu, dispute(emu, request), 'lost'))
}

export const disputeRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/v1/disputes',
    handler: (emu, request) =>
      listOf(emu, request, emu.store.disputes.list(), {
        by: {
          charge: (item) => item.charge,
          payment_intent: (item) => item.payment_intent,
        },
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/disputes/:id',
    handler: (emu, request) => retrieve(emu, request, (e) => e.store.disputes, 'dispute'),
  },
  { method: 'POST', pattern: '/v1/disputes/:id', handler: update },
  { method: 'POST', pattern: '/v1/disputes/:id/close', handler: close },
]
