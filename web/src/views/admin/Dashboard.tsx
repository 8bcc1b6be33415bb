import { useEffect } from 'react'
import { Link } from 'react-router'
import { api } from '../../api/client'
import { useLive } from '../../app/live'
import { useSession } from '../../app/session'
import { RoomCard } from '../../components/RoomCard'
import { Empty, ErrorBox, Loading, Page } from '../../components/ui'
import { useNow } from '../../lib/useNow'
import { classifyRoom, countStates, STATE_ICON, STATE_LABEL, STATE_ORDER } from '../../lib/status'
import { roomList } from '../../lib/live'
import { useAttributeLabels } from '../../lib/useAttributeLabels'
import { Icon } from '../../components/Icon'

export default function AdminDashboard() {
  const { state, dispatch, error, reload } = useLive()
  const { tz } = useSession()
  const now = useNow()
  const labels = useAttributeLabels()
  const rooms = roomList(state)
  const counts = countStates(rooms)
  const offline = rooms.filter((r) => r.esp_device_id && classifyRoom(r) === 'offline')
  const faulty = rooms.filter((r) => classifyRoom(r) === 'sensor_fault')
  const stats = state.stats

  // Today's counters also move without events (midnight, energy): refresh them now
  // and then, and soon after rooms or devices change state.
  const changeKey = JSON.stringify([counts, state.devicesOnline])
  useEffect(() => {
    const refresh = () => api.admin.stats().then((s) => dispatch({ type: 'stats_loaded', stats: s }), () => {})
    const soon = setTimeout(refresh, 1000)
    const t = setInterval(refresh, 60_000)
    return () => {
      clearTimeout(soon)
      clearInterval(t)
    }
  }, [dispatch, changeKey])

  return (
    <Page title="Dashboard">
      <ErrorBox error={error} onRetry={reload} />
      {!state.loaded && !error ? <Loading /> : (
        <>
          <ul className="tiles" aria-label="Rooms by state">
            <li className="tile"><span className="num" data-count="total">{rooms.length}</span> rooms</li>
            {STATE_ORDER.map((s) => (
              <li key={s} className={`tile state-${s}`}>
                <span className="num" data-count={s}>{counts[s]}</span>
                <span className="tile-label"><Icon name={STATE_ICON[s]} /> {STATE_LABEL[s].toLowerCase()}</span>
              </li>
            ))}
          </ul>
          <ul className="tiles" aria-label="Today">
            <li className="tile"><span className="num">{stats?.switch_offs_today ?? '—'}</span> switch-offs today</li>
            <li className="tile"><span className="num">{stats ? stats.energy_saved_kwh_today.toFixed(1) : '—'}</span> kWh saved today</li>
            <li className="tile"><span className="num">{stats?.devices_online ?? '—'}</span> devices online</li>
            <li className="tile"><span className="num">{stats?.devices_offline ?? '—'}</span> devices offline</li>
          </ul>
          <section aria-labelledby="alerts-title">
            <h2 id="alerts-title">Alerts</h2>
            {stats?.database_degraded && (
              <p className="alert">The database is unavailable; {stats.write_queue ?? 0} writes are queued and will be saved when it is back.</p>
            )}
            {offline.length === 0 ? <p className="muted"><Icon name="check" /> All linked devices are online.</p> : (
              <ul className="alerts">
                {offline.map((r) => (
                  <li key={r.id} className="alert"><Icon name="offline" /> Device <strong>{r.esp_device_id}</strong> in {r.name} is offline.</li>
                ))}
              </ul>
            )}
            {faulty.length > 0 && (
              <ul className="alerts">
                {faulty.map((r) => (
                  <li key={r.id} className="alert alert-warn" data-sensor-fault={r.name}>
                    <Icon name="warn" /> The presence sensor in {r.name} reports a fault{r.status?.sensor_fault ? ` (${r.status.sensor_fault})` : ''}; its power stays on until it is repaired.
                  </li>
                ))}
              </ul>
            )}
          </section>
          <h2>Rooms</h2>
          {rooms.length === 0 ? (
            <Empty title="No rooms yet"><Link to="/admin/classrooms">Add a classroom</Link>, then register its node under Devices.</Empty>
          ) : (
            <div className="room-grid">
              {rooms.map((r) => <RoomCard key={r.id} room={r} now={now} tz={tz} labels={labels} />)}
            </div>
          )}
        </>
      )}
    </Page>
  )
}
