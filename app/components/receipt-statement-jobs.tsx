type JobRow = {
  id: string
  payload: unknown
  status: string
  attempts: number
  lastError: string | null
  result: unknown
  createdAt: string | Date
  finishedAt: string | Date | null
}

const when = (date: string | Date | null) =>
  date ? new Date(date).toISOString().slice(0, 16).replace('T', ' ') : '—'

function yearOf(payload: unknown): string {
  return payload && typeof payload === 'object' && 'year' in payload ? String(payload.year) : '?'
}

/** The latest annual-statement batch jobs and how they went. */
export function StatementJobs({ jobs }: { jobs: JobRow[] }) {
  if (jobs.length === 0) return <p className="admin-muted">No batches yet.</p>
  return (
    <div className="table-scroll">
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">Year</th>
            <th scope="col">Status</th>
            <th scope="col">Started</th>
            <th scope="col">Finished</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => {
            const result = job.result as { statements?: number } | null
            return (
              <tr key={job.id}>
                <td>{yearOf(job.payload)}</td>
                <td>
                  <span className={`finance-status finance-status--${job.status.toLowerCase()}`}>
                    {job.status.toLowerCase()}
                  </span>
                </td>
                <td className="nowrap">{when(job.createdAt)}</td>
                <td className="nowrap">{when(job.finishedAt)}</td>
                <td>
                  {job.status === 'SUCCEEDED'
                    ? `${result?.statements ?? 0} statements`
                    : job.lastError
                      ? `Attempt ${job.attempts}: ${job.lastError}`
                      : ''}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
