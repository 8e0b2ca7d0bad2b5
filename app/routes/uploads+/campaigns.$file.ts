import type { LoaderFunctionArgs } from '@remix-run/node'
import { readHeroImageFile } from '#app/modules/campaigns/hero-image.server.ts'
import { notFound } from '#app/utils/http.ts'

/** Campaign images: random, never-reused names, so they are cached for a year. */
export async function loader({ params }: LoaderFunctionArgs) {
  const file = await readHeroImageFile(params.file ?? '')
  if (!file) throw notFound()
  return new Response(new Uint8Array(file), {
    headers: {
      'Content-Type': 'image/webp',
      'Content-Length': String(file.byteLength),
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
