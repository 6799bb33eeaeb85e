package serve

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// The load test's cycle, per client: connect and send QGIS's catalog probes
// (as QGIS does on every new connection), then rounds of SELECT 1 and
// parameterised selects, then one bounding-box read of the layer, then
// disconnect; again until the time is up.
const (
	roundsPerCycle   = 5 // rounds of one SELECT 1 and byNumberPerRound selects
	byNumberPerRound = 2
	bboxHalfLon      = 0.01 // half the width of a bbox read's window, degrees
	bboxHalfLat      = 0.006
)

// cycleText describes the cycle for the report.
var cycleText = fmt.Sprintf("connect + QGIS's %d catalog probes, %d × (SELECT 1 + %d parameterised selects), 1 QGIS bbox read of %s, disconnect",
	len(qgisProbes), roundsPerCycle, byNumberPerRound, layer)

// LoadResult is what the load test measured.
type LoadResult struct {
	Clients  int
	Elapsed  time.Duration
	Queries  int // every kind but connect
	Errors   int
	Kinds    []Latency // per kind, then "all queries" last
	BBoxRows float64   // mean rows a bbox read returned
	FirstErr []string  // the first few errors
}

// QueriesPerSec is the throughput of the test.
func (r LoadResult) QueriesPerSec() float64 { return float64(r.Queries) / r.Elapsed.Seconds() }

// loadPlan is what the clients pick their parameters from.
type loadPlan struct {
	numbers []string     // subjects' numbers
	from    []string     // times to read a subject's events from
	sites   [][2]float64 // lon, lat of the layer's points
}

// planLoad reads from the served case what the clients will ask about.
func planLoad(ctx context.Context, connString string) (loadPlan, error) {
	var p loadPlan
	conn, err := connect(ctx, connString)
	if err != nil {
		return p, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	read := func(q string, row func([][]byte)) error {
		rr := conn.ExecParams(ctx, q, nil, nil, nil, nil)
		for rr.NextRow() {
			row(rr.Values())
		}
		_, err := rr.Close()
		return err
	}
	if err := read(`SELECT DISTINCT subject_msisdn FROM events WHERE subject_msisdn IS NOT NULL ORDER BY 1 LIMIT 1000`, func(v [][]byte) {
		p.numbers = append(p.numbers, string(v[0]))
	}); err != nil {
		return p, err
	}
	if err := read(`SELECT start_utc::text FROM events USING SAMPLE 100 ROWS`, func(v [][]byte) {
		p.from = append(p.from, string(v[0]))
	}); err != nil {
		return p, err
	}
	if err := read(`SELECT DISTINCT site_lon, site_lat FROM `+layer+` ORDER BY 1, 2 LIMIT 2000`, func(v [][]byte) {
		lon, _ := strconv.ParseFloat(string(v[0]), 64)
		lat, _ := strconv.ParseFloat(string(v[1]), 64)
		p.sites = append(p.sites, [2]float64{lon, lat})
	}); err != nil {
		return p, err
	}
	if len(p.numbers) == 0 || len(p.from) == 0 || len(p.sites) == 0 {
		return p, errors.New("load test: the case has no events to ask about")
	}
	return p, nil
}

// loadTest runs opts.Clients clients for opts.Duration against the server
// at connString and summarises their latencies.
func loadTest(ctx context.Context, opts Options, connString string) (LoadResult, error) {
	plan, err := planLoad(ctx, connString)
	if err != nil {
		return LoadResult{}, fmt.Errorf("load test: %w", err)
	}
	clients := make([]*loadClient, opts.Clients)
	began := time.Now()
	deadline := began.Add(opts.Duration)
	var wg sync.WaitGroup
	for i := range clients {
		c := &loadClient{id: i, connString: connString, plan: &plan, rnd: rand.New(rand.NewPCG(uint64(opts.Seed), uint64(i)))}
		clients[i] = c
		wg.Go(func() { c.run(ctx, deadline) })
	}
	wg.Wait()
	r := LoadResult{Clients: opts.Clients, Elapsed: time.Since(began)}
	var all []time.Duration
	var bboxReads, bboxRows int64
	for k := range numKinds {
		var ds []time.Duration
		errs := 0
		for _, c := range clients {
			ds = append(ds, c.lat[k].d...)
			errs += c.lat[k].errors
		}
		if k != kindConnect {
			all = append(all, ds...)
			r.Queries += len(ds)
		}
		r.Errors += errs
		r.Kinds = append(r.Kinds, summarise(k.String(), ds, errs))
	}
	for _, c := range clients {
		bboxReads += int64(len(c.lat[kindBBox].d))
		bboxRows += c.bboxRows
		for _, e := range c.errs {
			if len(r.FirstErr) < 5 {
				r.FirstErr = append(r.FirstErr, e)
			}
		}
	}
	if bboxReads > 0 {
		r.BBoxRows = float64(bboxRows) / float64(bboxReads)
	}
	r.Kinds = append(r.Kinds, summarise("all queries", all, r.Errors))
	if err := ctx.Err(); err != nil {
		return r, err
	}
	return r, nil
}

// loadClient is one simulated client.
type loadClient struct {
	id         int
	connString string
	plan       *loadPlan
	rnd        *rand.Rand
	lat        [numKinds]latencies
	bboxRows   int64
	cursors    int
	errs       []string
}

// run repeats the cycle until the deadline. The first cycle always runs
// to its end, so that every kind of query is measured however short the
// test.
func (c *loadClient) run(ctx context.Context, deadline time.Time) {
	c.cycle(ctx, time.Time{})
	for ctx.Err() == nil && time.Now().Before(deadline) {
		c.cycle(ctx, deadline)
	}
}

// record keeps one query's latency, or its error.
func (c *loadClient) record(k queryKind, began time.Time, err error) bool {
	if err != nil {
		c.lat[k].errors++
		if len(c.errs) < 5 && !errors.Is(err, context.Canceled) {
			c.errs = append(c.errs, fmt.Sprintf("client %d, %s: %v", c.id, k, err))
		}
		return false
	}
	c.lat[k].d = append(c.lat[k].d, time.Since(began))
	return true
}

// cycle is one connection's life; it ends early at the deadline (unless
// that is zero) or on an error (the connection is then dropped and a new
// cycle starts).
func (c *loadClient) cycle(ctx context.Context, deadline time.Time) {
	began := time.Now()
	conn, err := connect(ctx, c.connString)
	if !c.record(kindConnect, began, err) {
		return
	}
	defer conn.Close(context.WithoutCancel(ctx))
	over := func() bool { return ctx.Err() != nil || (!deadline.IsZero() && !time.Now().Before(deadline)) }
	for _, q := range qgisProbes {
		if over() {
			return
		}
		began := time.Now()
		if !c.record(kindProbe, began, execAll(ctx, conn, q)) {
			return
		}
	}
	for range roundsPerCycle {
		if over() {
			return
		}
		began := time.Now()
		if !c.record(kindSelect1, began, execAll(ctx, conn, "SELECT 1")) {
			return
		}
		for range byNumberPerRound {
			if over() {
				return
			}
			number := c.plan.numbers[c.rnd.IntN(len(c.plan.numbers))]
			from := c.plan.from[c.rnd.IntN(len(c.plan.from))]
			began := time.Now()
			rr := conn.ExecParams(ctx, byNumber, [][]byte{[]byte(number), []byte(from)}, nil, nil, nil)
			for rr.NextRow() {
				_ = rr.Values()
			}
			_, err := rr.Close()
			if !c.record(kindByNumber, began, err) {
				return
			}
		}
	}
	if over() {
		return
	}
	site := c.plan.sites[c.rnd.IntN(len(c.plan.sites))]
	c.cursors++
	cursor := fmt.Sprintf("qgis_%d", c.cursors)
	began = time.Now()
	n, err := c.bbox(ctx, conn, cursor, site)
	if c.record(kindBBox, began, err) {
		c.bboxRows += n
	}
}

// bbox reads the layer's features in a small window around site, as QGIS
// does when the map shows that window.
func (c *loadClient) bbox(ctx context.Context, conn *pgconn.PgConn, cursor string, site [2]float64) (int64, error) {
	decl := qgisBBoxDeclare(cursor, site[0]-bboxHalfLon, site[1]-bboxHalfLat, site[0]+bboxHalfLon, site[1]+bboxHalfLat)
	if err := execAll(ctx, conn, decl); err != nil {
		return 0, err
	}
	var total int64
	for {
		n, _, err := countRows(conn.Exec(ctx, qgisFetch(cursor)))
		if err != nil {
			return total, err
		}
		total += n
		if n < qgisFetchRows {
			break
		}
	}
	return total, execAll(ctx, conn, qgisClose(cursor))
}
