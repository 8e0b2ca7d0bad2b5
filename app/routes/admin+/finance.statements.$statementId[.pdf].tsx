import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { prisma } from '#app/utils/db.server.ts'

/** One donor's annual giving statement as a PDF download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  const statement = await prisma.annualStatement.findUnique({
    where: { id: params.statementId ?? '' },
    select: { id: true, year: true, pdf: true },
  })
  if (!statement) throw new Response('No such statement', { status: 404 })
  return new Response(new Uint8Array(statement.pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="lantern-statement-${statement.year}-${statement.id}.pdf"`,
      'Content-Length': String(statement.pdf.length),
      'Cache-Control': 'no-store',
    },
  })
}
