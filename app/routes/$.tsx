// Any URL no other route matches: a 404 rendered inside the site's layout.
import { notFound } from '#app/utils/http.ts'

export function loader() {
  throw notFound()
}

export default function NotFound() {
  return null
}
