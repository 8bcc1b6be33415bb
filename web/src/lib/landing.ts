import type { User } from '../api/types'

// Where a signed-in user goes: the page they wanted (a path of this site) if their role
// may see it, otherwise their home.
export function landing(user: Pick<User, 'role'>, wanted: string | undefined): string {
  const home = user.role === 'admin' ? '/admin' : '/staff'
  if (!wanted || wanted === '/' || !wanted.startsWith('/') || wanted.startsWith('//')) return home
  return user.role === 'admin' || !wanted.startsWith('/admin') ? wanted : home
}
