/**
 * The email to ADMIN staff when a giving alarm trips (the 'giving-alarm-email' job, queued once
 * per trip by guard.server.ts). Staff email is English; it names the scope and the count that
 * tripped, never a donor.
 */
import { escapeHtml } from '#app/modules/email/html.ts'
import { sendEmail } from '#app/modules/email/mailer.server.ts'
import { appUrl } from '#app/utils/app-url.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { SITE_SCOPE } from './guard.server.ts'

export async function sendGivingAlarmEmail(data: Record<string, unknown>): Promise<number> {
  const scope = String(data.scope)
  const paused = data.level === 'pause'
  const reason = String(data.reason ?? '')
  const campaign = scope.startsWith('appeal:')
    ? await prisma.campaign.findUnique({ where: { id: scope.slice(7) }, select: { title: true } })
    : null
  const where = scope === SITE_SCOPE ? 'the whole site' : `the appeal "${campaign?.title ?? scope}"`
  const minutes = getEnv().GIVING_COOLDOWN_MINUTES
  const what = paused
    ? `New gifts to ${where} are paused for ${minutes} minutes.`
    : `Every gift to ${where} now needs the quick browser check for ${minutes} minutes.`
  const link = appUrl('/admin/safety')
  const admins = await prisma.staffUser.findMany({
    where: { roles: { has: 'ADMIN' }, disabledAt: null },
    select: { email: true },
    orderBy: { email: 'asc' },
  })
  for (const admin of admins) {
    await sendEmail({
      to: admin.email,
      subject: paused ? `Giving paused on ${where}` : `Card-testing alarm on ${where}`,
      text: `${what}\n\nWhat tripped it: ${reason}.\n\nThis can be card testing: someone trying stolen card numbers through our donate form. Look at the counters, pause or resume giving, and switch the check on or off at:\n${link}\n`,
      html: `<p>${escapeHtml(what)}</p><p>What tripped it: ${escapeHtml(reason)}.</p><p>This can be card testing: someone trying stolen card numbers through our donate form. Look at the counters, pause or resume giving, and switch the check on or off on the <a href="${escapeHtml(link)}">safety page</a>.</p>`,
    })
  }
  return admins.length
}
