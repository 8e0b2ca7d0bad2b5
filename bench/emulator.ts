/**
 * The Stripe emulator in a process of its own for the benchmarks: Stripe is a remote service,
 * so its work should not run on the app's event loop while the app is measured.
 *   node --import tsx bench/emulator.ts <port>   → prints "ready" once it listens
 */
import { startStripeEmulator } from '../stripe-emulator/server.ts'

const port = Number(process.argv[2] ?? 0)
const emulator = await startStripeEmulator({ port })
process.stdout.write(`ready ${emulator.url}\n`)
const stop = () => {
  void emulator.close().finally(() => process.exit(0))
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
