/**
 * The Stripe client moved to app/utils/stripe.server.ts: donations, finance and payments all
 * talk to Stripe, and finance must not import payments (payments imports finance for payouts).
 * This re-export keeps the older import path working; import from app/utils in new code.
 */
export * from '#app/utils/stripe.server.ts'
