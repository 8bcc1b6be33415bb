// Shapes of the server's JSON answers (see the API contract).

export type Role = 'admin' | 'staff'

/** The signed-in user's mail choices (GET/PUT /api/auth/me/notifications). */
export interface Notifications {
  mail_bookings: boolean
  /** Minutes before a booking's start, or null: no reminder. */
  reminder_min: number | null
}

export interface User {
  id: number
  username: string
  email: string
  role: Role
  is_active: boolean
  /** local (a password here), ldap (the campus directory), header (the proxy in front). */
  source?: string
  /** "building/NAME" or "room/NAME": what a directory group lets this user approve. */
  approver_scopes?: string[]
  created_at: string
}

/** The last directory or single sign-on attempt of a username, as the server recorded it. */
export interface SignInDiagnostics {
  username: string
  at: string
  source: string
  outcome: 'signed_in' | 'refused' | 'failed'
  attributes: { name: string; value: string }[]
  groups: string[]
  matched_rules: string[]
  role: string | null
  reason: string
  error: string
}

export interface AppConfig {
  timezone: string
  register_enabled: boolean
  version: string
}

// How users may sign in on this server (GET /api/auth/methods).
export interface SignInMethods {
  password: boolean // the username/password form
  oidc: boolean // single sign-on with the campus's OpenID provider
  header: boolean // the campus portal in front signs users in
}

export interface LoginAnswer {
  message: string
  access_token: string
  token_type: string
  expires_in: number
  user: User
}

// The room's manual power command. The server keeps it here after the node
// confirmed it (state "applied") for as long as the override holds.
export interface PendingCommand {
  id: number | string
  power_on: boolean
  state?: 'pending' | 'applied' | string
  source?: string
  created_at?: string
  expires_at?: string | null
  applied_at?: string | null
}

export interface RoomStatus {
  is_occupied: boolean
  is_power_on: boolean
  last_movement: number | null
  temperature: number | null
  last_updated: string | null
  device_online?: boolean
  is_booked?: boolean
  power_reason?: string | null
  sensor_ok?: boolean // false: the node reports a sensor fault
  sensor_fault?: string | null
  pending_command?: PendingCommand | null
  desired_power_on?: boolean
}

export interface Classroom {
  id: number
  name: string
  location: string
  capacity: number
  is_active: boolean
  esp_device_id: string | null
  idle_timeout_s?: number
  power_off_delay_s?: number
  auto_power_on?: boolean
  rated_load_w?: number
  no_show_grace_s?: number
  building_id?: number | null
  floor?: string | null
  attributes?: string[] // room attribute keys
  requires_approval?: boolean
  max_booking_min?: number | null
  earliest_start?: string | null
  latest_end?: string | null
  min_notice_min?: number | null
  max_ahead_days?: number | null
  buffer_min?: number | null
  allowed_roles?: Role[] | null
  allowed_groups?: string[] | null
  status: RoomStatus | null
  free_now?: boolean
}

// A teaching term and the days in it the campus is closed.
export interface ClosedRange {
  label: string
  first_day: string // YYYY-MM-DD
  last_day: string
}
export interface Term {
  id: number
  name: string
  first_day: string
  last_day: string
  closed: ClosedRange[]
}

// One word of the rooms' attribute vocabulary (projector, step-free access, ...).
export interface RoomAttribute {
  id: number
  key: string
  label: string
  rooms: string[] // names of the rooms that have it
}

export interface NodeHealth {
  rssi: number | null
  uptime_s: number | null
  free_heap: number | null
  reset_reason: string | null
  at: string | null
}

export interface Device {
  id: number
  device_id: string
  name: string
  mac_address: string | null
  is_active: boolean
  is_connected: boolean
  last_seen: string | null
  firmware_version: string | null
  classroom_id: number | null
  classroom_name: string | null
  key_weak?: boolean // registered with a key shorter than a generated one: rotate it
  health?: NodeHealth // what its last heartbeat said
  created_at: string
  api_key?: string
}

export interface Stats {
  rooms_total: number
  rooms_occupied: number
  rooms_idle_power_on: number
  rooms_booked_now: number
  rooms_power_on: number
  devices_online: number
  devices_offline: number
  switch_offs_today: number
  energy_saved_kwh_today: number
  write_queue?: number
  database_degraded?: boolean
}

/** pending: a request awaiting approval (it holds the slot, tentatively); declined or lapsed: one refused, or not decided before its start. */
export type BookingStatus = 'confirmed' | 'cancelled' | 'released' | 'completed' | 'pending' | 'declined' | 'lapsed'

export interface Booking {
  id: number
  classroom_id: number
  classroom_name: string
  user_id: number
  username: string
  title: string
  description: string
  start_time: string
  end_time: string
  status: BookingStatus
  series_id: number | string | null
  series_flagged?: boolean // the series' recent sessions were no-shows
  checked_in_at: string | null
  created_at: string
  /** Why the request was declined. */
  decision_reason?: string | null
}

/** The rules a staff booking in a room follows (its own, its building's, or the campus-wide options). */
export interface BookingRules {
  max_booking_min: number
  earliest_start: string | null
  latest_end: string | null
  min_notice_min: number
  max_ahead_days: number
  buffer_min: number
  allowed_roles: Role[]
  allowed_groups: string[]
}

/** A room's or building's own rules as the admin forms edit them: null inherits. */
export interface RuleFields {
  max_booking_min?: number | null
  earliest_start?: string | null
  latest_end?: string | null
  min_notice_min?: number | null
  max_ahead_days?: number | null
  buffer_min?: number | null
  allowed_roles?: Role[] | null
  allowed_groups?: string[] | null
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  per_page: number
}

export interface Interval {
  start_time: string
  end_time: string
}

export interface Availability {
  busy: (Interval & { booking_id?: number })[]
  free: Interval[]
}

export interface SeriesAnswer {
  series_id: number | string
  created: Booking[]
  conflicts: Interval[]
}

export interface ContactMessage {
  id: number
  name: string
  email: string
  subject: string
  message: string
  message_type: string
  is_read: boolean
  created_at: string
}

export type LoadSource = 'measured' | 'rated' | 'mixed' | 'none'

/** Energy saved against the baseline (power on for the building's opening hours). */
export interface EnergySaved {
  saved_kwh: number
  baseline_on_h: number
  actual_on_h: number
  excluded_h: number
  load_w: number
  load_source: LoadSource
  cost: number
  currency: string
  co2e_kg: number
}

/** The figures the server gives for the total, each room, building and week. */
export interface Figures {
  occupied_h: number
  booked_h: number
  booked_empty_h: number
  occupied_unbooked_h: number
  power_on_h: number
  power_on_empty_h: number
  observed_h: number
  switch_offs: number
  energy_kwh: number
  energy: EnergySaved
  open_h: number
  used_open_h: number
  frequency: number // 0..1
  bookings_watched: number
  ghost_bookings: number
  ghost_share: number
  prime_time_use: number
  seat_hours: number
}

export interface RoomFigures extends Figures {
  classroom_id: number
  name: string
  building_id: number | null
  capacity: number
}

export interface BuildingFigures extends Figures {
  building_id: number
  name: string
  opening_hours: string
}

export interface WeekFigures extends Figures {
  week_start: string
}

export interface Method {
  energy: string
  frequency: string
  ghost_bookings: string
  prime_time: string
}

export interface RightSizing {
  kind: 'room_rarely_used' | 'room_ghost_bookings' | 'building_close_earlier'
  id: number
  name: string
  hours: number
  kwh: number
  detail: string
}

export interface Utilization {
  from: string
  to: string
  method: Method
  rooms: RoomFigures[]
  buildings: BuildingFigures[]
  weeks: WeekFigures[]
  right_sizing: RightSizing[]
  total: Figures
  heatmap: number[][] // 7 × 24, Monday first, campus-local hours
}

export interface Building {
  id: number
  name: string
  code: string
  address: string
  opening_hours: string
  requires_approval?: boolean
  max_booking_min?: number | null
  earliest_start?: string | null
  latest_end?: string | null
  min_notice_min?: number | null
  max_ahead_days?: number | null
  buffer_min?: number | null
  allowed_roles?: Role[] | null
  allowed_groups?: string[] | null
  rooms?: number // how many rooms it has (admin list)
}

export interface PowerAnswer {
  message: string
  device_id: string
  power_on: boolean
  command?: { id: number | string; state: 'pending' | 'applied' }
}

// Events pushed over the WebSocket.
export type LiveEvent =
  | { type: 'room_status'; classroom_id: number; status: RoomStatus }
  | {
      type: 'power'
      classroom_id: number
      device_id: string
      power_on: boolean
      state: 'pending' | 'applied'
      command_id: number | string
    }
  | { type: 'device'; device_id: string; online: boolean }
  | { type: 'booking'; action: 'created' | 'requested' | 'approved' | 'declined' | 'lapsed' | 'updated' | 'cancelled' | 'released'; booking: Booking }
  | { type: 'stats'; stats: Stats }
  | { type: 'booking_series'; action: string; series: unknown }

/** A booking as a door display shows it: title and times, never who booked. */
export interface DisplaySlot {
  title: string
  start_time: string
  end_time: string
}

/** GET /api/display/{token}: what a room's door display shows. */
export interface DoorDisplayData {
  classroom_id: number
  name: string
  location: string
  capacity: number
  state: 'free' | 'in_use' | 'booked'
  until: string | null
  occupancy: 'occupied' | 'empty' | 'unknown'
  current: DisplaySlot | null
  next: DisplaySlot[]
  server_time: string
  timezone: string
  book_path: string
}

/** A room's door display address (admins). */
export interface DisplayLink {
  classroom_id: number
  classroom_name: string
  token: string
  url: string
}

/** POST /api/admin/imports/timetable: what the registrar's file changes (README "Campus set-up"). */
export interface ImportError {
  line: number
  field: string
  message: string
}

export interface SectionChange {
  section: string
  line: number | null
  action: 'created' | 'updated' | 'removed'
  fields: { field: string; from: string; to: string }[]
  occurrences: { created: number; moved: number; cancelled: number }
}

export interface TimetableImport {
  created: number
  updated: number
  unchanged: number
  removed: number
  errors: ImportError[]
  changes: SectionChange[]
  dry_run: boolean
  written: boolean
}

export interface Webhook {
  id: number
  url: string
  events: string[]
  secret_set: boolean // the secret itself is never shown back
  created_at: string
}

export interface WebhookDelivery {
  id: number
  event: string
  delivery_id: string
  attempts: number
  status: 'pending' | 'failing' | 'delivered'
  last_status: number | null
  last_error: string
  created_at: string
  next_attempt_at: string | null
  delivered_at: string | null
}

export interface OutboxStats {
  depth: number
  failing: number
  oldest_pending: string | null
}

export interface FirmwareImage {
  id: number
  version: string
  size: number
  sha256: string
  signature: string
  notes: string
  uploaded_by: string
  created_at: string
}

export type RolloutState = 'running' | 'paused' | 'halted' | 'aborted' | 'completed'
export type RolloutScope = 'device' | 'building' | 'campus'

export interface StageCounts {
  members: number
  offered: number
  updated: number
  failed: number
  late: number
  silent: number
  pending: number
  excused: number
}

export interface FirmwareRollout {
  id: number
  version: string
  scope: RolloutScope
  target: string | null
  stages: number[]
  stage: number
  stage_percent: number
  state: RolloutState
  reason: string
  stage_started_at: string
  soak_s: number
  window_s: number
  max_failed_percent: number
  targets: number
  stage_counts: StageCounts
  offered: number
  updated: number
  failed: number
  created_by: string
  created_at: string
  updated_at: string
}

export interface RolloutDraft {
  version: string
  scope: RolloutScope
  target?: string
  stages?: number[]
  soak_s?: number
  window_s?: number
  max_failed_percent?: number
}

export interface DeviceFirmware {
  device_id: string
  name: string
  firmware_version: string | null
  last_seen: string | null
  update: {
    rollout_id: number
    version: string
    from_version: string
    state: 'offered' | 'updated' | 'failed'
    offered_at: string
    done_at: string | null
  } | null
}
