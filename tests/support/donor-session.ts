/**
 * Signed-in donors for integration tests (Vitest, through the Remix handler). Importing this
 * module connects to DATABASE_URL (like factories.ts): set the environment first. Browser tests
 * sign a donor in through the real email link instead: tests/e2e/donor-account.ts.
 */
import { startDonorSession } from '#app/modules/donors/donor-session.server.ts'
import { ensureSessionSecret } from './staff.ts'

/** A session row for the donor; answers the `Cookie` request header value that carries it. */
export async function donorSessionCookie(donorId: string): Promise<string> {
  ensureSessionSecret()
  const headers = await startDonorSession(donorId, new Request('http://lantern.test/'))
  return (headers.get('Set-Cookie') ?? '').split(';')[0] as string
}
