import type { Emulator } from '../emulator.ts'
import { newId } from '../ids.ts'
import type { ApiRequest, Route } from '../router.ts'
import { invalidRequest, missingParam } from '../wire.ts'
import { render } from './common.ts'

/**
 * `POST /v1/billing_portal/sessions`: a session whose `url` is the emulator's portal page, where
 * a donor can cancel a recurring gift. `flow_data` deep links are not modelled.
 */
function create(emu: Emulator, request: ApiRequest): object {
  const params = request.params.allowOnly([
    'customer',
    'return_url',
    'configuration',
    'locale',
    'on_behalf_of',
    'expand',
  ])
  const customerId = params.string('customer')
  if (customerId === undefined) throw missingParam('customer')
  const customer = emu.store.customers.referenced(customerId, 'customer')
  const returnUrl = params.string('return_url') ?? null
  if (returnUrl !== null && !URL.canParse(returnUrl))
    throw invalidRequest('Not a valid URL', 'return_url', 'url_invalid')
  const id = newId('bps')
  const session = emu.store.portalSessions.add({
    id,
    object: 'billing_portal.session',
    configuration: params.string('configuration') ?? 'bpc_emulator_default',
    created: emu.now(),
    customer: customer.id,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: null,
    on_behalf_of: params.string('on_behalf_of') ?? null,
    return_url: returnUrl,
    url: emu.url(`/p/session/${id}`),
  })
  return render(emu, request, session)
}

export const billingPortalRoutes: Route[] = [
  { method: 'POST', pattern: '/v1/billing_portal/sessions', handler: create },
]
