package udf

import (
	"database/sql/driver"
	"fmt"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// timeFunctions are local_time(t, zone): the wall-clock time in an IANA zone
// of an instant, as a TIMESTAMP (what DuckDB's timezone(zone, t) gives). It
// reads the same zone rules the loaders use to turn a provider's local
// times into UTC, so a time read from a file shows again as it was written;
// and it is several times faster than DuckDB's ICU conversion, which
// pattern_of_life and the contact counts run on every event of a handset.
func timeFunctions() []function {
	var zones sync.Map // name → *time.Location
	zone := func(name string) (*time.Location, error) {
		if l, ok := zones.Load(name); ok {
			return l.(*time.Location), nil
		}
		l, err := time.LoadLocation(name)
		if err != nil || name == "" || name == "Local" {
			return nil, fmt.Errorf("local_time: unknown time zone %q (an IANA name such as Europe/London, or UTC)", name)
		}
		zones.Store(name, l)
		return l, nil
	}
	local := &scalar{in: types(duckdb.TYPE_TIMESTAMP_TZ, duckdb.TYPE_VARCHAR), out: typeOf(duckdb.TYPE_TIMESTAMP), fn: func(args []driver.Value) (any, error) {
		t, _ := args[0].(time.Time)
		name, _ := args[1].(string)
		loc, err := zone(name)
		if err != nil {
			return nil, err
		}
		_, off := t.In(loc).Zone()
		return t.Add(time.Duration(off) * time.Second).UTC(), nil
	}}
	return []function{{name: "local_time", overloads: []*scalar{local}}}
}
