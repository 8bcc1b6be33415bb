// Every page of the app, once: its address, who may open it, its menu entry.
// App.tsx makes the routes from this table and Layout makes the menu.
import type { ComponentType } from 'react'
import type { Role } from '../api/types'

export interface PageDef {
  path: string
  load: () => Promise<{ default: ComponentType }>
  /** public: no sign-in; user: any signed-in user; admin / staff: that role (admins may open staff pages). */
  access: 'public' | 'user' | Role
  /** approvers: also in the menu of staff with approver scopes. */
  menu?: { label: string; roles: Role[]; approvers?: boolean }
}

const contact = () => import('../views/Contact')

export const PAGES: PageDef[] = [
  { path: '/admin', load: () => import('../views/admin/Dashboard'), access: 'admin', menu: { label: 'Dashboard', roles: ['admin'] } },
  { path: '/admin/power', load: () => import('../views/admin/Power'), access: 'admin', menu: { label: 'Power', roles: ['admin'] } },
  { path: '/admin/classrooms', load: () => import('../views/admin/Classrooms'), access: 'admin', menu: { label: 'Classrooms', roles: ['admin'] } },
  { path: '/admin/buildings', load: () => import('../views/admin/Buildings'), access: 'admin', menu: { label: 'Buildings', roles: ['admin'] } },
  { path: '/admin/room-attributes', load: () => import('../views/admin/RoomAttributes'), access: 'admin', menu: { label: 'Room attributes', roles: ['admin'] } },
  { path: '/admin/terms', load: () => import('../views/admin/Terms'), access: 'admin', menu: { label: 'Terms', roles: ['admin'] } },
  { path: '/admin/devices', load: () => import('../views/admin/Devices'), access: 'admin', menu: { label: 'Devices', roles: ['admin'] } },
  { path: '/admin/users', load: () => import('../views/admin/Users'), access: 'admin', menu: { label: 'Users', roles: ['admin'] } },
  { path: '/admin/bookings', load: () => import('../views/admin/Bookings'), access: 'admin', menu: { label: 'Bookings', roles: ['admin'] } },
  { path: '/admin/messages', load: () => import('../views/admin/Messages'), access: 'admin', menu: { label: 'Messages', roles: ['admin'] } },
  { path: '/admin/utilization', load: () => import('../views/admin/Utilization'), access: 'admin', menu: { label: 'Utilization', roles: ['admin'] } },
  { path: '/admin/timetable', load: () => import('../views/admin/TimetableImport'), access: 'admin', menu: { label: 'Timetable import', roles: ['admin'] } },
  { path: '/admin/firmware', load: () => import('../views/admin/Firmware'), access: 'admin', menu: { label: 'Firmware', roles: ['admin'] } },
  { path: '/admin/webhooks', load: () => import('../views/admin/Webhooks'), access: 'admin', menu: { label: 'Webhooks', roles: ['admin'] } },
  { path: '/admin/sign-in', load: () => import('../views/admin/SignIn'), access: 'admin', menu: { label: 'Sign-in', roles: ['admin'] } },
  { path: '/staff', load: () => import('../views/staff/Dashboard'), access: 'staff', menu: { label: 'Rooms', roles: ['staff'] } },
  { path: '/staff/book', load: () => import('../views/staff/Book'), access: 'staff', menu: { label: 'Book a room', roles: ['staff', 'admin'] } },
  { path: '/staff/find', load: () => import('../views/staff/FindRoom'), access: 'staff', menu: { label: 'Find a room', roles: ['staff', 'admin'] } },
  { path: '/staff/bookings', load: () => import('../views/staff/MyBookings'), access: 'staff', menu: { label: 'My bookings', roles: ['staff'] } },
  { path: '/staff/approvals', load: () => import('../views/staff/Approvals'), access: 'staff', menu: { label: 'Approvals', roles: ['admin'], approvers: true } },
  { path: '/staff/contact', load: contact, access: 'staff', menu: { label: 'Contact', roles: ['staff'] } },
  { path: '/account', load: () => import('../views/Account'), access: 'user' },
  { path: '/contact', load: contact, access: 'public' },
]

/** The menu of a role, in table order; `approver`: the user approves for some rooms or buildings. */
export const menuFor = (role: Role | undefined, approver = false): { path: string; label: string }[] =>
  PAGES.filter((p) => p.menu && role && (p.menu.roles.includes(role) || (approver && p.menu.approvers)))
    .map((p) => ({ path: p.path, label: p.menu!.label }))

/** The page at an address (trailing slashes ignored), if any. */
export const pageAt = (pathname: string): PageDef | undefined => {
  const path = pathname.replace(/\/+$/, '') || '/'
  return PAGES.find((p) => p.path === path)
}
