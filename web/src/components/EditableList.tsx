// An admin page of named things: the form for a new one above a table whose rows are
// edited in place and deleted (Buildings, Terms, Room attributes).
import { useState, type ReactNode } from 'react'
import { useAsync } from '../lib/useAsync'
import { useAction } from '../lib/useForm'
import { ActionNotice, Async, Empty, Page } from './ui'

export interface Column<T> {
  header: string
  cell: (row: T) => ReactNode
}

/** The form for one item: none is the form for a new one. */
export type ItemForm<T> = (item: T | undefined, onDone: (msg: string) => void, onCancel?: () => void) => ReactNode

export function EditableList<T extends { id: number }>({ title, load, nameHeader, name, rowData, columns, form, empty, remove }: {
  title: string // the page's title and the table's caption
  load: () => Promise<T[]>
  nameHeader: string // the first column: the row's name, which labels its buttons
  name: (row: T) => string
  rowData: (row: T) => Record<`data-${string}`, string> // what tests and styles find a row by
  columns: Column<T>[]
  form: ItemForm<T>
  empty: { title: string; body: ReactNode }
  /** What deleting a row asks first, does, and says when done; a thrown error is shown. */
  remove: (row: T) => { confirm: string; call: () => Promise<unknown>; done: string }
}) {
  const list = useAsync(load, [])
  const [editing, setEditing] = useState<number | null>(null)
  const action = useAction(() => list.reload())
  const done = (m: string) => {
    action.say(m)
    setEditing(null)
    list.reload()
  }
  const onDelete = (row: T) => {
    const r = remove(row)
    return action.run(r.done, r.call, r.confirm)
  }
  const span = columns.length + 2

  return (
    <Page title={title}>
      <ActionNotice action={action} />
      {form(undefined, done)}
      <Async state={list}>{(rows) => rows.length === 0 ? (
        <Empty title={empty.title}>{empty.body}</Empty>
      ) : (
        <table className="table">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{nameHeader}</th>
              {columns.map((c) => <th scope="col" key={c.header}>{c.header}</th>)}
              <th scope="col"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => editing === row.id ? (
              <tr key={row.id}><td colSpan={span}>{form(row, done, () => setEditing(null))}</td></tr>
            ) : (
              <tr key={row.id} {...rowData(row)}>
                <th scope="row">{name(row)}</th>
                {columns.map((c) => <td key={c.header} data-label={c.header}>{c.cell(row)}</td>)}
                <td className="row-actions">
                  <button type="button" onClick={() => setEditing(row.id)} aria-label={`Edit ${name(row)}`}>Edit</button>
                  <button type="button" className="danger" onClick={() => onDelete(row)} aria-label={`Delete ${name(row)}`}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}</Async>
    </Page>
  )
}
