import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import {
  getSignInState,
  requireStaff,
  revokeAllSessions,
  signOut,
} from '#app/modules/staff/auth.server.ts'
import { clearSessionCookie } from '#app/modules/staff/session.server.ts'

// Signing out changes state, so it is a POST (from the header or the account page) only.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request)
  throw redirect('/admin/account')
}

export async function action({ request, context }: ActionFunctionArgs) {
  const state = await getSignInState(request)
  const headers = { 'Set-Cookie': await clearSessionCookie() }
  if (state.kind === 'signed-out') throw redirect('/admin/login', { headers })
  const everywhere = (await request.formData()).get('everywhere') === '1'
  if (everywhere && state.kind === 'signed-in') {
    await revokeAllSessions(state.staff.id, {
      actor: state.staff,
      reason: 'sign out everywhere',
      ipAddress: context.clientIp,
    })
  } else {
    await signOut(state.session.id)
  }
  return redirect('/admin/login?signedOut=1', { headers })
}
