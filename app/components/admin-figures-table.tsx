/** A small table of labelled rows with two numeric columns (dashboard figures). */
export function AdminFiguresTable(props: {
  caption: string
  captionHidden?: boolean
  headers: [label: string, first: string, second: string]
  rows: Array<{ key: string; label: string; first: string | number; second: string | number }>
}) {
  const [label, first, second] = props.headers
  return (
    <table className="admin-table">
      <caption className={props.captionHidden ? 'visually-hidden' : undefined}>
        {props.caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">{label}</th>
          <th scope="col" className="num">
            {first}
          </th>
          <th scope="col" className="num">
            {second}
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.label}</th>
            <td className="num">{row.first}</td>
            <td className="num">{row.second}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
