/**
 * The address an erased donor's email becomes (docs/decisions/0026-donor-erasure.md). `.invalid`
 * is reserved (RFC 2606), so nothing can ever be delivered there; senders skip it rather than
 * hand it to the mail server. The migration 20261202144000_donor_erasure builds the same value
 * in SQL (`erased_donor_email`), which the receipt and audit triggers check against.
 */
export const ERASED_EMAIL_DOMAIN = 'erased.invalid'

export function erasedDonorEmail(donorId: string): string {
  return `erased-${donorId}@${ERASED_EMAIL_DOMAIN}`
}

export function isErasedEmail(email: string): boolean {
  return email.toLowerCase().endsWith(`@${ERASED_EMAIL_DOMAIN}`)
}
