// `npm run db:seed`: seeds the database at DATABASE_URL with the demo campaigns.
import { disconnectDatabase, prisma } from '#app/utils/db.server.ts'
import { seedDatabase } from './seed.ts'

const summary = await seedDatabase(prisma)
await disconnectDatabase()
process.stdout.write(`Seeded ${summary.campaigns} campaigns.\n`)
