import { accountBalance } from '../engine/balance.ts'
import type { Route } from '../router.ts'
import { listOf, rangeFilter, render, retrieve } from './common.ts'

/** Payouts are read-only here: the control API makes them (`POST /_emulator/payouts`). */
export const payoutRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/v1/payouts',
    handler: (emu, request) => {
      const arrival = rangeFilter(request.params, 'arrival_date')
      return listOf(emu, request, emu.store.payouts.list(), {
        by: { status: (payout) => payout.status, destination: (payout) => payout.destination },
        also: ['arrival_date'],
        where: (payout) => arrival(payout.arrival_date),
      })
    },
  },
  {
    method: 'GET',
    pattern: '/v1/payouts/:id',
    handler: (emu, request) => retrieve(emu, request, (e) => e.store.payouts, 'payout'),
  },
  {
    method: 'GET',
    pattern: '/v1/balance',
    handler: (emu, request) => {
      request.params.allowOnly(['expand'])
      return render(emu, request, accountBalance(emu))
    },
  },
]
