// Limits the gift page's form shows in the browser as well as the server enforces: kept out of
// recurring.server.ts, whose exports the browser bundle leaves out (the pause menu was empty).
export const MAX_PAUSE_MONTHS = 3

/** Stripe's `cancellation_details.feedback` values a donor may give when stopping a gift. */
export const CANCEL_REASONS = [
  'too_expensive',
  'unused',
  'switched_service',
  'customer_service',
  'other',
] as const
