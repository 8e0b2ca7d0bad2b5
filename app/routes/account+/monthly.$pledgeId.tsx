// /account/monthly/:pledgeId: a signed-in donor manages one of their own recurring gifts.
// Another donor's id, or a one-time gift, is a 404.
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { requireDonor } from '#app/modules/donors/donor-session.server.ts'
import {
  DONOR_PAGE_HANDLE,
  DONOR_PAGE_HEADERS,
  donorPageHeaders,
} from '#app/modules/donors/http.ts'
import {
  changeRecurringGift,
  confirmCardUpdate,
  confirmationText,
  loadDonorRecurringGift,
} from '#app/modules/payments/recurring.server.ts'
import { MAX_PAUSE_MONTHS } from '#app/modules/donors/recurring.ts'
import { formatMoney, toMajorString } from '#app/modules/ledger/money.ts'

export const meta: MetaFunction = () => [
  { title: 'My recurring gift · Lantern' },
  { name: 'robots', content: 'noindex' },
]
export const headers = donorPageHeaders
export const handle = DONOR_PAGE_HANDLE

export async function loader({ request, params }: LoaderFunctionArgs) {
  const donor = await requireDonor(request)
  let gift = await loadDonorRecurringGift(params.pledgeId ?? '', donor)
  const cardSession = new URL(request.url).searchParams.get('card_session')
  const cardUpdated = cardSession ? await confirmCardUpdate(gift, cardSession) : false
  if (cardUpdated) gift = await loadDonorRecurringGift(gift.id, donor)
  return data({ gift, cardUpdated }, { headers: DONOR_PAGE_HEADERS })
}

export async function action({ request, params }: ActionFunctionArgs) {
  const donor = await requireDonor(request)
  const gift = await loadDonorRecurringGift(params.pledgeId ?? '', donor)
  const formData = await request.formData().catch(() => new FormData())
  const outcome = await changeRecurringGift(gift, formData, donor)
  if (outcome.kind === 'redirect') return redirect(outcome.url, { headers: DONOR_PAGE_HEADERS })
  if (outcome.kind === 'invalid')
    return data(
      { result: outcome.result, done: null },
      { status: 400, headers: DONOR_PAGE_HEADERS },
    )
  const updated = await loadDonorRecurringGift(gift.id, donor)
  return data(
    { result: null, done: confirmationText(outcome.notice, updated) },
    { headers: DONOR_PAGE_HEADERS },
  )
}

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' })

function FieldError({
  errors,
  id,
}: {
  errors: Record<string, string[] | null> | undefined
  id: string
}) {
  const message = errors?.[id]?.[0]
  return message ? (
    <p className="field-error" id={`${id}-error`} role="alert">
      {message}
    </p>
  ) : null
}

export default function MonthlyGift() {
  const { gift, cardUpdated } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = (actionData?.result?.error ?? undefined) as
    Record<string, string[] | null> | undefined
  const every = gift.interval === 'year' ? 'year' : 'month'
  const amount = formatMoney(gift.amountMinor, gift.currency)
  const next = gift.currentPeriodEnd ? DATE.format(new Date(gift.currentPeriodEnd)) : null
  return (
    <section className="page account" aria-labelledby="gift-title">
      <p>
        <Link to="/account">My giving</Link> ›
      </p>
      <h1 id="gift-title">
        {amount} each {every} to {gift.campaign.title}
      </h1>
      {actionData?.done ? <p role="status">{actionData.done}</p> : null}
      {cardUpdated ? <p role="status">Your new card is saved for this gift.</p> : null}
      <FieldError errors={errors} id="intent" />
      {gift.ended ? (
        <p>This gift has stopped. Thank you for everything you gave.</p>
      ) : (
        <>
          <p>
            {gift.pausedUntil
              ? `Paused until ${DATE.format(new Date(gift.pausedUntil))}.`
              : next
                ? `Next payment: ${next}.`
                : null}
            {gift.failingInvoiceId
              ? ' The last payment did not go through; please update your card.'
              : null}
          </p>

          <h2>Change the amount</h2>
          <Form method="post">
            <label htmlFor="amount">
              New amount each {every} ({gift.currency})
            </label>
            <input
              id="amount"
              name="amount"
              inputMode="decimal"
              defaultValue={toMajorString(gift.amountMinor, gift.currency)}
              aria-describedby={errors?.amount ? 'amount-error' : undefined}
            />
            <FieldError errors={errors} id="amount" />
            <button type="submit" name="intent" value="change-amount">
              Change the amount
            </button>
            {gift.interval === 'month' ? (
              <button type="submit" name="intent" value="switch-annual" className="secondary">
                Give this amount once a year instead
              </button>
            ) : null}
          </Form>

          <h2>Move the payment date</h2>
          <Form method="post">
            <label htmlFor="chargeOn">Next payment on</label>
            <input
              id="chargeOn"
              name="chargeOn"
              type="date"
              aria-describedby={errors?.chargeOn ? 'chargeOn-error' : undefined}
            />
            <FieldError errors={errors} id="chargeOn" />
            <button type="submit" name="intent" value="move-date">
              Move the date
            </button>
          </Form>

          {gift.interval === 'month' ? (
            <>
              <h2>Take a break</h2>
              {gift.pausedUntil ? (
                <Form method="post">
                  <button type="submit" name="intent" value="resume">
                    Continue my gift now
                  </button>
                </Form>
              ) : (
                <Form method="post">
                  <label htmlFor="months">Pause for</label>
                  <select id="months" name="months" defaultValue="1">
                    {Array.from({ length: MAX_PAUSE_MONTHS }, (_, index) => (
                      <option key={index} value={index + 1}>
                        {index + 1} {index === 0 ? 'month' : 'months'}
                      </option>
                    ))}
                  </select>
                  <FieldError errors={errors} id="months" />
                  <button type="submit" name="intent" value="pause">
                    Pause
                  </button>
                  <button type="submit" name="intent" value="skip-next" className="secondary">
                    Skip only the next payment
                  </button>
                </Form>
              )}
            </>
          ) : null}

          <h2>Card</h2>
          <Form method="post">
            <button type="submit" name="intent" value="update-card">
              Update my card
            </button>
          </Form>

          <h2>Stop this gift</h2>
          <details>
            <summary>I want to stop my gift</summary>
            <p>
              Before you go: you can lower the amount or take a break above instead. If you stop, no
              further payments are taken.
            </p>
            <Form method="post">
              <label htmlFor="reason">Why are you stopping? (optional)</label>
              <select id="reason" name="reason" defaultValue="">
                <option value="">I would rather not say</option>
                <option value="too_expensive">I cannot afford it right now</option>
                <option value="unused">I want to give in another way</option>
                <option value="switched_service">I give to another organisation</option>
                <option value="customer_service">Something went wrong for me</option>
                <option value="other">Another reason</option>
              </select>
              <label htmlFor="comment">Anything you would like to tell us (optional)</label>
              <textarea id="comment" name="comment" maxLength={500} />
              <FieldError errors={errors} id="comment" />
              <button type="submit" name="intent" value="cancel" className="danger">
                Stop my gift
              </button>
            </Form>
          </details>
        </>
      )}
    </section>
  )
}
