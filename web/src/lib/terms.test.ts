import { describe, expect, it } from 'vitest'
import { closedText, parseClosed } from './terms'

describe('closed ranges as typed', () => {
  it('reads ranges and single days, one a line, blank lines ignored', () => {
    expect(parseClosed('2027-03-29 2027-04-09 Easter break\n\n  2027-05-01 Labour day  ')).toEqual({
      ranges: [
        { label: 'Easter break', first_day: '2027-03-29', last_day: '2027-04-09' },
        { label: 'Labour day', first_day: '2027-05-01', last_day: '2027-05-01' },
      ],
    })
  })

  it('names the first line that is not a range', () => {
    expect(parseClosed('2027-03-29 2027-04-09 Easter\nEaster 2027-03-29')).toMatchObject({ line: 2 })
    expect(parseClosed('2027-03-29 2027-04-09')).toMatchObject({ line: 1 })
    expect(parseClosed('2027-04-09 2027-03-29 Backwards')).toMatchObject({ line: 1, problem: expect.stringContaining('before') })
  })

  it('writes back what it reads', () => {
    const text = '2027-03-29 2027-04-09 Easter break\n2027-05-01 Labour day'
    const parsed = parseClosed(text)
    expect('ranges' in parsed && closedText(parsed.ranges)).toBe(text)
  })
})
