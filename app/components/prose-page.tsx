/** A page of trusted, server-rendered Markdown (About, Privacy). */
export function ProsePage({ title, html }: { title: string; html: string }) {
  return (
    <article className="page prose-page" aria-labelledby="page-title">
      <h1 id="page-title">{title}</h1>
      <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  )
}
