import type { MetaDescriptor } from '@remix-run/node'

/** Title and robots tags of a staff page: child meta replaces the layout's, so repeat noindex. */
export function adminMeta(title: string): MetaDescriptor[] {
  return [{ title: `${title} · Lantern staff` }, { name: 'robots', content: 'noindex, nofollow' }]
}
