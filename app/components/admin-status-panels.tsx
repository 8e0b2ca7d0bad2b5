import { Form } from '@remix-run/react'

type Props = {
  state: 'DRAFT' | 'PUBLISHED' | 'CLOSED' | 'ARCHIVED'
  /** Published with a start date still to come. */
  scheduled: boolean
  startsAt: string
  /** The action whose naming findings need the manager's confirmation. */
  confirming: 'publish' | 'schedule' | null
}

function Confirm() {
  return (
    <div className="field field--check">
      <input type="checkbox" id="namingConfirmed" name="namingConfirmed" required />
      <label htmlFor="namingConfirmed">I have checked: publish anyway</label>
    </div>
  )
}

/** The life-cycle actions a campaign in `state` allows, one small form each. */
export function AdminStatusPanels({ state, scheduled, startsAt, confirming }: Props) {
  const canPublish = state === 'DRAFT' || state === 'CLOSED'
  const canSchedule = state === 'DRAFT' || scheduled
  return (
    <div className="admin-panels">
      {canPublish ? (
        <Form method="post" className="admin-panel">
          <h2>Publish now</h2>
          <p>The appeal appears on the site (unless its start date is still to come).</p>
          {confirming === 'publish' ? <Confirm /> : null}
          <button type="submit" name="intent" value="publish" className="button button--primary">
            Publish
          </button>
        </Form>
      ) : null}
      {canSchedule ? (
        <Form method="post" className="admin-panel">
          <h2>Schedule</h2>
          <div className="field">
            <label htmlFor="schedule-startsAt">Goes public at (UTC)</label>
            <input
              id="schedule-startsAt"
              type="datetime-local"
              name="startsAt"
              defaultValue={startsAt}
              required
            />
          </div>
          {confirming === 'schedule' ? <Confirm /> : null}
          <button type="submit" name="intent" value="schedule" className="button">
            Schedule
          </button>
        </Form>
      ) : null}
      {state === 'PUBLISHED' ? (
        <Form method="post" className="admin-panel">
          <h2>Close</h2>
          <p>The page stays up with its story and thanks, but takes no more gifts.</p>
          <button type="submit" name="intent" value="close" className="button">
            Close the appeal
          </button>
        </Form>
      ) : null}
      {state !== 'ARCHIVED' ? (
        <Form method="post" className="admin-panel">
          <h2>Archive</h2>
          <p>Removes the appeal from the site. Archived appeals cannot be edited.</p>
          <button type="submit" name="intent" value="archive" className="button">
            Archive
          </button>
        </Form>
      ) : null}
      <Form method="post" className="admin-panel">
        <h2>Duplicate</h2>
        <p>Copies the texts, amounts and image into a new draft.</p>
        <button type="submit" name="intent" value="duplicate" className="button">
          Duplicate
        </button>
      </Form>
    </div>
  )
}
