import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ExchangeRateForm } from '#app/components/exchange-rate-form.tsx'
import { Notice } from '#app/components/staff-form.tsx'
import { addExchangeRate, rateTable } from '#app/modules/finance/exchange-rates.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { staffContext } from '#app/modules/staff/staff-context.ts'

export const meta: MetaFunction = () => adminMeta('Exchange rates')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  return { ...(await rateTable()), today: new Date().toISOString().slice(0, 10) }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['FINANCE'])
  const outcome = await addExchangeRate(
    await request.formData(),
    staffContext(staff, context.clientIp),
  )
  if (outcome.kind === 'invalid') return data({ result: outcome.result }, { status: 400 })
  return redirect(`/admin/finance/rates?added=1&counted=${outcome.counted}`)
}

export default function ExchangeRates() {
  const { rates, waiting, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  return (
    <>
      <h1>Exchange rates</h1>
      <p className="admin-muted">
        A gift in another currency than its appeal&apos;s counts at the rate in effect on its date
        until Stripe settles it in the appeal&apos;s currency; then Stripe&apos;s figure replaces
        the estimate. Rates are added, never changed.
      </p>
      {params.get('added') ? (
        <Notice>Rate added. {params.get('counted') ?? '0'} waiting gifts are now counted.</Notice>
      ) : null}
      {waiting.length > 0 ? (
        <section className="admin-section" aria-labelledby="waiting-gifts">
          <h2 id="waiting-gifts">Gifts waiting for a rate</h2>
          <ul>
            {waiting.map((row) => (
              <li key={`${row.from}-${row.to}`}>
                {row.from} → {row.to}: {row.gifts} gifts, counted at zero until a rate is added
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="admin-section" aria-labelledby="add-rate">
        <h2 id="add-rate">Add a rate</h2>
        <ExchangeRateForm lastResult={actionData?.result ?? null} today={today} />
      </section>
      <section className="admin-section" aria-labelledby="rates">
        <h2 id="rates">Rates by pair, latest first</h2>
        {rates.length === 0 ? (
          <p>No rates yet.</p>
        ) : (
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Pair</th>
                <th scope="col">Rate</th>
                <th scope="col">Takes effect</th>
                <th scope="col">Entered</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {rates.map((rate) => (
                <tr key={rate.id}>
                  <td>
                    {rate.base} → {rate.quote}
                  </td>
                  <td>{rate.rate}</td>
                  <td>{rate.effectiveOn}</td>
                  <td>{rate.createdAt.slice(0, 16).replace('T', ' ')} UTC</td>
                  <td>{rate.createdBy ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  )
}
