/**
 * The "Publish and status" page's one entry point: reads which button was pressed and calls
 * the life-cycle rule for it (./campaign-admin.server.ts), so the route stays thin.
 */
import type { StaffContext } from '#app/modules/staff/staff-context.ts'
import {
  archiveCampaign,
  closeCampaign,
  duplicateCampaign,
  publishCampaign,
  scheduleCampaign,
} from './campaign-admin.server.ts'
import { parseUtcDateTime } from './campaign-form.ts'
import type { NamingFinding } from './naming-check.ts'

export type StatusChange =
  | { kind: 'done'; campaignId: string; next: string }
  | { kind: 'refused'; message: string }
  | { kind: 'needs-confirmation'; intent: 'publish' | 'schedule'; findings: NamingFinding[] }

export async function changeCampaignStatus(
  id: string,
  formData: FormData,
  ctx: StaffContext,
): Promise<StatusChange> {
  const intent = String(formData.get('intent') ?? '')
  const namingConfirmed = formData.get('namingConfirmed') === 'on'
  const done = (campaignId: string, what: string) =>
    ({ kind: 'done', campaignId, next: `/status?done=${what}` }) as const

  if (intent === 'duplicate') {
    const copy = await duplicateCampaign(id, ctx)
    if (!copy) return { kind: 'refused', message: 'This appeal no longer exists.' }
    return done(copy.id, 'duplicate')
  }
  if (intent === 'publish' || intent === 'schedule') {
    const outcome =
      intent === 'publish'
        ? await publishCampaign(id, ctx, { namingConfirmed })
        : await scheduleCampaign(
            id,
            parseUtcDateTime(String(formData.get('startsAt') ?? '')),
            ctx,
            {
              namingConfirmed,
            },
          )
    if (outcome.kind === 'needs-confirmation') return { ...outcome, intent }
    return outcome.kind === 'done' ? done(id, intent) : outcome
  }
  if (intent === 'close' || intent === 'archive') {
    const outcome =
      intent === 'close' ? await closeCampaign(id, ctx) : await archiveCampaign(id, ctx)
    if (outcome.kind === 'done') return done(id, intent)
    return outcome.kind === 'refused' ? outcome : { kind: 'refused', message: 'Not possible.' }
  }
  return { kind: 'refused', message: 'Choose what to do with the appeal.' }
}
