package world

import (
	"sort"
	"time"
)

// The world lives on UK local time: routines and the busy hours follow the
// wall clock of Europe/London, days start at local midnight, and a
// daylight-saving change inside the period makes one day 23 or 25 hours long.

var london = mustLoad("Europe/London")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// calendar holds the local days of the period (and one either side) and the
// zone's offsets, so the hot path never calls into package time.
type calendar struct {
	first    int     // day index of midnight[0] (-1)
	midnight []int64 // unix time of local midnight of day first+i; one extra at the end
	weekday  []time.Weekday
	// Zone offsets: off[i] (seconds east of UTC) holds from at[i] on.
	at  []int64
	off []int64
}

func newCalendar(start time.Time, days int) *calendar {
	c := &calendar{first: -1}
	y, m, d := start.Date()
	for i := c.first; i <= days+2; i++ {
		t := time.Date(y, m, d+i, 0, 0, 0, 0, london)
		c.midnight = append(c.midnight, t.Unix())
		c.weekday = append(c.weekday, t.Weekday())
	}
	t := time.Unix(c.midnight[0]-86400, 0).In(london)
	end := time.Unix(c.midnight[len(c.midnight)-1]+86400, 0)
	for {
		_, off := t.Zone()
		c.at = append(c.at, t.Unix())
		c.off = append(c.off, int64(off))
		_, next := t.ZoneBounds()
		if next.IsZero() || next.After(end) {
			break
		}
		t = next.In(london)
	}
	c.at[0] = -1 << 62
	return c
}

// offset is the zone's offset at unix time u.
func (c *calendar) offset(u int64) int64 {
	for i := len(c.at) - 1; i > 0; i-- {
		if u >= c.at[i] {
			return c.off[i]
		}
	}
	return c.off[0]
}

// local is the wall clock at u, as seconds since 1970 of that clock.
func (c *calendar) local(u int64) int64 { return u + c.offset(u) }

// day returns the local day of u and the wall-clock seconds since its midnight.
func (c *calendar) day(u int64) (int, int32) {
	i := sort.Search(len(c.midnight), func(i int) bool { return c.midnight[i] > u }) - 1
	i = min(max(i, 0), len(c.midnight)-2)
	mid := c.midnight[i]
	return i + c.first, int32(u - mid + c.offset(u) - c.offset(mid))
}

// unix is the instant of wall-clock second s of day d. A wall time skipped
// by the spring change lands an hour early; of a repeated one the first
// instant is taken.
func (c *calendar) unix(d int, s int32) int64 {
	i := min(max(d-c.first, 0), len(c.midnight)-2)
	mid := c.midnight[i]
	u := mid + int64(s)
	if c.offset(u) != c.offset(mid) {
		if v := u - (c.offset(u) - c.offset(mid)); c.offset(v) == c.offset(u) {
			u = v
		} else if c.offset(u) > c.offset(mid) {
			u = v // the skipped hour
		}
	}
	return u
}

func (c *calendar) weekend(d int) bool {
	wd := c.weekday[min(max(d-c.first, 0), len(c.weekday)-1)]
	return wd == time.Saturday || wd == time.Sunday
}
