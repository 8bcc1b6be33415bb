import { describe, expect, it } from 'vitest'
import { menuFor, pageAt, PAGES } from './pages'

describe('the page table', () => {
  it('lists every address once', () => {
    const paths = PAGES.map((p) => p.path)
    expect(new Set(paths).size).toBe(paths.length)
  })

  it('gives admins their menu and the booking page, staff theirs', () => {
    expect(menuFor('admin').map((m) => m.label)).toEqual(['Dashboard', 'Power', 'Classrooms', 'Buildings', 'Room attributes', 'Terms', 'Devices', 'Users', 'Bookings', 'Messages', 'Utilization', 'Timetable import', 'Firmware', 'Webhooks', 'Sign-in', 'Book a room', 'Find a room', 'Approvals'])
    expect(menuFor('staff').map((m) => m.label)).toEqual(['Rooms', 'Book a room', 'Find a room', 'My bookings', 'Contact'])
    expect(menuFor('staff', true).map((m) => m.label)).toEqual(['Rooms', 'Book a room', 'Find a room', 'My bookings', 'Approvals', 'Contact'])
    expect(menuFor(undefined)).toEqual([])
  })

  it('finds a page by address, trailing slash or not', () => {
    expect(pageAt('/admin/users/')?.path).toBe('/admin/users')
    expect(pageAt('/nowhere')).toBeUndefined()
  })

  it('keeps admin pages for admins', () => {
    expect(PAGES.filter((p) => p.path.startsWith('/admin')).every((p) => p.access === 'admin')).toBe(true)
  })
})
