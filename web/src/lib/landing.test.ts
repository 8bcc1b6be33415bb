import { describe, expect, it } from 'vitest'
import { landing } from './landing'

describe('landing', () => {
  it('opens the wanted page when the role may see it', () => {
    expect(landing({ role: 'admin' }, '/admin/rooms?x=1')).toBe('/admin/rooms?x=1')
    expect(landing({ role: 'staff' }, '/staff/bookings')).toBe('/staff/bookings')
  })
  it('sends staff home instead of to admin pages', () => {
    expect(landing({ role: 'staff' }, '/admin')).toBe('/staff')
  })
  it('goes home without a wanted page, or for one on another site', () => {
    expect(landing({ role: 'admin' }, undefined)).toBe('/admin')
    expect(landing({ role: 'admin' }, '/')).toBe('/admin')
    expect(landing({ role: 'staff' }, '//evil.example')).toBe('/staff')
    expect(landing({ role: 'staff' }, 'https://evil.example')).toBe('/staff')
  })
})
