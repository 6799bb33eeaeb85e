package main

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/stretchr/testify/require"
	geom "github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/encoding/ewkb"
	"github.com/twpayne/go-geom/encoding/geojson"
	"github.com/twpayne/go-geom/encoding/wkb"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/auth"
	"github.com/mastcdr/mast/sql/pgcompat"
	"github.com/mastcdr/mast/sql/pgwire"
)

// The real clients' tests: `mast serve` (in process, on loopback) answers
// psql, pgx, psycopg2 + SQLAlchemy, pgJDBC, GDAL and QGIS, and what each
// client reads is compared with the demo case's own rows, read from the case
// before the server opened it.
//
// A client that is not installed is skipped, naming its Debian package,
// except under MAST_REQUIRE_CLIENTS=1 (set by .ci/run), where it fails.

// requireClientsEnv makes a missing client a failure instead of a skip.
const requireClientsEnv = "MAST_REQUIRE_CLIENTS"

// clientPython is the interpreter the Debian client modules import under.
const clientPython = "/usr/bin/python3"

// jdbcJar is where Debian's libpostgresql-jdbc-java puts pgJDBC.
const jdbcJar = "/usr/share/java/postgresql.jar"

// servedDemo is the demo case served over the wire, twice: without
// passwords (trust) and with SCRAM-SHA-256 logins from a users file.
type servedDemo struct {
	trustPort, scramPort int
	user, password       string // the SCRAM user
	truth                *demoTruth
	logPath              string // the servers' log
	audit                *statementLog
}

// statementLog is the servers' auditor: it writes every event to the log
// and keeps the statements that failed, which a failing test prints (the
// client, the statement, the SQLSTATE and the message).
type statementLog struct {
	mu     sync.Mutex
	w      io.Writer
	failed []pgwire.AuditEvent
	ok     []pgwire.AuditEvent // the statements that ran
}

// ran says whether a session of application app ran a statement that
// starts with prefix.
func (l *statementLog) ran(app, prefix string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range l.ok {
		if e.Application == app && strings.HasPrefix(e.Statement, prefix) {
			return true
		}
	}
	return false
}

func (l *statementLog) Record(e pgwire.AuditEvent) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, "%s session=%d app=%q user=%s kind=%s outcome=%s sqlstate=%s rows=%d statement=%q message=%q\n",
		e.Time.Format(time.RFC3339Nano), e.Session, e.Application, e.User, e.Kind, e.Outcome, e.SQLState, e.Rows, e.Statement, e.Message)
	if e.Outcome == "error" || (e.SQLState != "" && !strings.HasPrefix(e.SQLState, "00")) {
		l.failed = append(l.failed, e)
	} else if e.Kind == "statement" {
		l.ok = append(l.ok, e)
	}
	return nil
}

// report lists the distinct failed statements.
func (l *statementLog) report() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	seen := map[string]bool{}
	var b strings.Builder
	for _, e := range l.failed {
		line := fmt.Sprintf("[%s] %s %s: %s\n    %s\n", e.Application, e.Kind, e.SQLState, e.Message, strings.ReplaceAll(strings.TrimSpace(e.Statement), "\n", "\n    "))
		if !seen[line] {
			seen[line] = true
			b.WriteString(line)
		}
	}
	return b.String()
}

const demoHost = "127.0.0.1"

// libpq is a libpq connection string for the trust server (scram false)
// or the SCRAM one (the password comes from PGPASSWORD or a password=).
func (s *servedDemo) libpq(scram bool, extra ...string) string {
	parts := []string{"host=" + demoHost, "dbname=demo", "connect_timeout=20"}
	if scram {
		parts = append(parts, "port="+strconv.Itoa(s.scramPort), "user="+s.user)
	} else {
		parts = append(parts, "port="+strconv.Itoa(s.trustPort), "user=analyst")
	}
	return strings.Join(append(parts, extra...), " ")
}

// demoTruth is what the demo case holds, read directly from it.
type demoTruth struct {
	tables      []string                // base tables of the case, sorted
	views       []string                // views of the case, sorted
	layers      []string                // relations with a GEOMETRY column, sorted
	columns     map[string][]caseColumn // each relation's columns, in order
	primaryKeys map[string][]string     // tables with a PRIMARY KEY
	// duplicateKeys counts, per relation pgcompat.Layers gives a key, the
	// rows whose key another row has too.
	duplicateKeys map[string]int64
	events        int64
	eventKinds    map[string]int64
	points        []eventPoint
	wedges        []cellWedge
	cameras       []cameraPoint
	// journeys are every subject's journeys() rows, asked for subject by
	// subject (the journey_lines view must give the same).
	journeys []journeyLine
}

type caseColumn struct{ name, duckType string }

type eventPoint struct {
	eventID          int64
	atEnd            bool
	subject          string
	direction, kind  string
	otherMSISDN      *string
	t                time.Time
	cellKey          string
	siteLat, siteLon float64
	sourceID         int64
	sourceRow        int64
	lon, lat         float64 // of geom
}

type cellWedge struct {
	cellID   int64
	cellKey  string
	drawnAs  string
	radiusM  float64
	label    string
	coords   []float64 // the polygon's flat coordinates (x, y, x, y ...), every ring
	envelope [4]float64
}

type cameraPoint struct {
	cameraID, cameraName string
	reads                int64
	lat, lon             float64
	x, y                 float64 // of geom
}

type journeyLine struct {
	id       int64 // subject_id × 1,000,000 + from_stay
	subject  string
	fromStay int64
	events   int64
	km       float64
	coords   []float64
	envelope [4]float64
}

func (p eventPoint) key() string { return fmt.Sprintf("%d/%t", p.eventID, p.atEnd) }

// TestServeClients builds the demo case, serves it, and runs every client
// against it.
func TestServeClients(t *testing.T) {
	s, stop, err := startServedDemo()
	require.NoError(t, err)
	t.Cleanup(func() {
		if t.Failed() {
			printServerLog(t, s.logPath)
			t.Logf("statements the server failed (the client, the statement, SQLSTATE and message):\n%s", s.audit.report())
		}
		stop()
	})
	t.Run("layer keys are unique in the case", func(t *testing.T) {
		require.NotEmpty(t, s.truth.duplicateKeys)
		for rel, n := range s.truth.duplicateKeys {
			require.Zero(t, n, "%s: rows sharing the key mast gives clients", rel)
		}
	})
	t.Run("psql", func(t *testing.T) { t.Parallel(); testPsql(t, s) })
	t.Run("pgx", func(t *testing.T) { t.Parallel(); testPgx(t, s) })
	t.Run("ogrinfo", func(t *testing.T) { t.Parallel(); testOgrinfo(t, s) })
	t.Run("ogr2ogr", func(t *testing.T) { t.Parallel(); testOgr2ogr(t, s) })
	t.Run("psycopg2_sqlalchemy", func(t *testing.T) { t.Parallel(); testPsycopg(t, s) })
	t.Run("jdbc", func(t *testing.T) { t.Parallel(); testJDBC(t, s) })
	t.Run("qgis", func(t *testing.T) { t.Parallel(); testQGIS(t, s) })
	t.Run("exhibit", func(t *testing.T) { t.Parallel(); testExhibitOverTheWire(t, s) })
}

// testExhibitOverTheWire makes exhibits from a network session with the
// exhibit() table function: the bytes come back as bytea, nothing is written
// on the server, and the schedule holds the subject's events.
func testExhibitOverTheWire(t *testing.T, s *servedDemo) {
	ctx := t.Context()
	conn, err := pgx.Connect(ctx, s.libpq(false, "sslmode=disable"))
	require.NoError(t, err)
	defer conn.Close(context.Background())
	subject := s.truth.busiestSubject()
	var want int
	for _, p := range s.truth.points {
		if p.subject == subject && !p.atEnd {
			want++
		}
	}
	var name, sum string
	var body []byte
	var rows int64
	// Literals, not $1: DuckDB cannot type a parameter passed into a table
	// macro (docs/exhibits.md says so).
	err = conn.QueryRow(ctx, `SELECT file_name, bytes, sha256, rows FROM exhibit('schedule', 'csv', subject := '`+subject+`', ref := 'JB/7')`).Scan(&name, &body, &sum, &rows)
	require.NoError(t, err)
	require.Equal(t, "JB-7.csv", name)
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, int64(len(recs)-1), rows)
	require.GreaterOrEqual(t, len(recs)-1, want, "the schedule has every placed event of %s", subject)
	digest := sha256.Sum256(body)
	require.Equal(t, hex.EncodeToString(digest[:]), sum)

	// A PDF map, as bytes a client saves to a file.
	var pdfBytes []byte
	require.NoError(t, conn.QueryRow(ctx, `SELECT bytes FROM exhibit('map', 'pdf', subject := '`+subject+`')`).Scan(&pdfBytes))
	require.True(t, bytes.HasPrefix(pdfBytes, []byte("%PDF-")))

	// An analyst's exhibit cannot change the case, nor call the inner function.
	_, err = conn.Exec(ctx, `SELECT * FROM exhibit('schedule', 'csv', query := 'DELETE FROM events')`)
	require.ErrorContains(t, err, "an exhibit is made from a query")
	_, err = conn.Exec(ctx, `SELECT * FROM mast_exhibit('', '', '', '', now(), now(), '', '', '', '')`)
	var pgErr *pgconn.PgError
	require.ErrorAs(t, err, &pgErr)
	require.Equal(t, "42501", pgErr.Code)

	// psql saves one to a local file.
	requireClient(t, onPath("psql"), "psql", "postgresql-client")
	out := filepath.Join(t.TempDir(), "jb7.csv")
	cmd := exec.Command("psql", "-X", "-v", "ON_ERROR_STOP=1", s.libpq(false, "sslmode=disable"), "-At", "-c",
		"SELECT decode(bytes) FROM exhibit('schedule', 'csv', subject := '"+subject+"')", "-o", out)
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", b)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	require.Equal(t, strings.TrimRight(string(body), "\n"), strings.TrimRight(string(got), "\n"))
}

func printServerLog(t *testing.T, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) > 60 {
		lines = lines[len(lines)-60:]
	}
	t.Logf("server log (last %d lines of %s):\n%s", len(lines), path, strings.Join(lines, "\n"))
}

// startServedDemo builds the demo case into a temporary cases directory,
// reads its truth, and starts the two servers; stop stops them and removes
// the directory.
func startServedDemo() (_ *servedDemo, stop func(), err error) {
	dir, err := os.MkdirTemp("", "mast-serve-clients-")
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var closers []func() error
	stop = func() {
		cancel()
		wg.Wait()
		for _, c := range slices.Backward(closers) {
			c()
		}
		os.RemoveAll(dir)
	}
	defer func() {
		if err != nil {
			stop()
		}
	}()

	var out, errb bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
	if code := a.run(ctx, []string{"demo", "--cases", dir, "--data", "../../testdata/demo"}); code != 0 {
		return nil, nil, fmt.Errorf("mast demo: exit %d: %s", code, errb.String())
	}
	truth, err := readDemoTruth(ctx, filepath.Join(dir, "demo.duckdb"))
	if err != nil {
		return nil, nil, fmt.Errorf("read the demo case: %w", err)
	}
	s := &servedDemo{user: "alice", password: "correct horse battery staple", truth: truth, logPath: filepath.Join(dir, "server.log")}

	usersPath := filepath.Join(dir, "users", auth.DefaultFileName)
	err = auth.Update(usersPath, func(f *auth.File) error {
		v, err := auth.NewVerifier(s.password, 4096)
		if err != nil {
			return err
		}
		return f.Add(auth.User{Name: s.user, Role: auth.Analyst, Cases: []string{"demo"}, Verifier: v}, time.Now())
	})
	if err != nil {
		return nil, nil, err
	}
	store, err := auth.Open(usersPath, auth.Options{})
	if err != nil {
		return nil, nil, err
	}

	logFile, err := os.Create(s.logPath)
	if err != nil {
		return nil, nil, err
	}
	closers = append(closers, logFile.Close)
	logger := slog.New(slog.NewTextHandler(logFile, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s.audit = &statementLog{w: logFile}
	cases := pgwire.NewCases(dir, a.engineOptions())
	closers = append(closers, cases.Close)
	start := func(au pgwire.Auth) (int, error) {
		srv, err := pgwire.NewServer(pgwire.Options{Cases: cases, Auth: au, Audit: s.audit, Logger: logger, ServerVersion: "16.4 (mast test)"})
		if err != nil {
			return 0, err
		}
		ln, err := net.Listen("tcp", demoHost+":0")
		if err != nil {
			return 0, err
		}
		wg.Go(func() {
			if err := srv.Serve(ctx, ln); err != nil {
				logger.Error("serve", "err", err)
			}
		})
		return ln.Addr().(*net.TCPAddr).Port, nil
	}
	if s.trustPort, err = start(nil); err != nil {
		return nil, nil, err
	}
	if s.scramPort, err = start(pgwire.UsersAuth(store)); err != nil {
		return nil, nil, err
	}
	return s, stop, nil
}

// readDemoTruth reads what the assertions compare with from the case
// itself, and closes it (the server opens it afterwards).
func readDemoTruth(ctx context.Context, path string) (*demoTruth, error) {
	c, err := engine.Open(ctx, path, engine.DefaultOptions())
	if err != nil {
		return nil, err
	}
	defer c.Close()
	db := c.DB()
	tr := &demoTruth{columns: map[string][]caseColumn{}, primaryKeys: map[string][]string{}, eventKinds: map[string]int64{}, duplicateKeys: map[string]int64{}}

	strs := func(q string) ([]string, error) {
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return nil, err
			}
			out = append(out, s)
		}
		return out, rows.Err()
	}
	if tr.tables, err = strs(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal AND NOT temporary ORDER BY 1`); err != nil {
		return nil, err
	}
	if tr.views, err = strs(`SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND NOT temporary ORDER BY 1`); err != nil {
		return nil, err
	}
	if tr.layers, err = strs(`SELECT DISTINCT table_name FROM duckdb_columns() WHERE schema_name = 'main' AND data_type = 'GEOMETRY' ORDER BY 1`); err != nil {
		return nil, err
	}

	rows, err := db.QueryContext(ctx, `SELECT table_name, column_name, data_type FROM duckdb_columns()
		WHERE schema_name = 'main' AND NOT internal ORDER BY table_name, column_index`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var tbl string
		var col caseColumn
		if err := rows.Scan(&tbl, &col.name, &col.duckType); err != nil {
			return nil, err
		}
		tr.columns[tbl] = append(tr.columns[tbl], col)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}

	rows, err = db.QueryContext(ctx, `SELECT table_name, constraint_column_names FROM duckdb_constraints()
		WHERE schema_name = 'main' AND constraint_type = 'PRIMARY KEY'`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var tbl string
		var cols []any
		if err := rows.Scan(&tbl, &cols); err != nil {
			return nil, err
		}
		for _, c := range cols {
			tr.primaryKeys[tbl] = append(tr.primaryKeys[tbl], c.(string))
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}

	for _, l := range pgcompat.Layers {
		if len(l.Key) == 0 {
			continue
		}
		var n int64
		q := fmt.Sprintf(`SELECT count(*) - count(DISTINCT (%s)) FROM %s`, strings.Join(l.Key, ", "), l.Relation)
		if err := db.QueryRowContext(ctx, q).Scan(&n); err != nil {
			return nil, err
		}
		tr.duplicateKeys[l.Relation] = n
	}

	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM events`).Scan(&tr.events); err != nil {
		return nil, err
	}
	rows, err = db.QueryContext(ctx, `SELECT kind, count(*) FROM events GROUP BY kind`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		tr.eventKinds[k] = n
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}

	rows, err = db.QueryContext(ctx, `SELECT event_id, at_end, subject, direction, kind, other_msisdn, t, cell_key,
		site_lat, site_lon, source_id, source_row, st_aswkb(geom) FROM event_points ORDER BY event_id, at_end`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var p eventPoint
		var b []byte
		if err := rows.Scan(&p.eventID, &p.atEnd, &p.subject, &p.direction, &p.kind, &p.otherMSISDN, &p.t, &p.cellKey,
			&p.siteLat, &p.siteLon, &p.sourceID, &p.sourceRow, &b); err != nil {
			return nil, err
		}
		g, err := wkb.Unmarshal(b)
		if err != nil {
			return nil, fmt.Errorf("event_points %d: %w", p.eventID, err)
		}
		p.lon, p.lat = g.FlatCoords()[0], g.FlatCoords()[1]
		tr.points = append(tr.points, p)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}

	rows, err = db.QueryContext(ctx, `SELECT cell_id, cell_key, drawn_as, radius_m, label, st_aswkb(geom) FROM cell_wedges ORDER BY cell_id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var w cellWedge
		var b []byte
		if err := rows.Scan(&w.cellID, &w.cellKey, &w.drawnAs, &w.radiusM, &w.label, &b); err != nil {
			return nil, err
		}
		g, err := wkb.Unmarshal(b)
		if err != nil {
			return nil, fmt.Errorf("cell_wedges %d: %w", w.cellID, err)
		}
		w.coords = g.FlatCoords()
		w.envelope = envelope(w.coords)
		tr.wedges = append(tr.wedges, w)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}

	rows, err = db.QueryContext(ctx, `SELECT camera_id, camera_name, reads, lat, lon, st_aswkb(geom) FROM camera_points ORDER BY camera_id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var cp cameraPoint
		var b []byte
		if err := rows.Scan(&cp.cameraID, &cp.cameraName, &cp.reads, &cp.lat, &cp.lon, &b); err != nil {
			return nil, err
		}
		g, err := wkb.Unmarshal(b)
		if err != nil {
			return nil, fmt.Errorf("camera_points %s: %w", cp.cameraID, err)
		}
		cp.x, cp.y = g.FlatCoords()[0], g.FlatCoords()[1]
		tr.cameras = append(tr.cameras, cp)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	type subj struct {
		id   int64
		name string
	}
	var subjects []subj
	rows, err = db.QueryContext(ctx, `SELECT subject_id, subject FROM subjects ORDER BY subject_id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s subj
		if err := rows.Scan(&s.id, &s.name); err != nil {
			return nil, err
		}
		subjects = append(subjects, s)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, sj := range subjects {
		rows, err = db.QueryContext(ctx, `SELECT from_stay, events, km, st_aswkb(path) FROM journeys(`+sqlString(sj.name)+`) ORDER BY from_stay`)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			j := journeyLine{subject: sj.name}
			var b []byte
			if err := rows.Scan(&j.fromStay, &j.events, &j.km, &b); err != nil {
				return nil, err
			}
			g, err := wkb.Unmarshal(b)
			if err != nil {
				return nil, fmt.Errorf("journeys(%s) %d: %w", sj.name, j.fromStay, err)
			}
			j.id = sj.id*1_000_000 + j.fromStay
			j.coords = g.FlatCoords()
			j.envelope = envelope(j.coords)
			tr.journeys = append(tr.journeys, j)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	if len(tr.points) == 0 || len(tr.wedges) == 0 || len(tr.cameras) == 0 || len(tr.journeys) == 0 {
		return nil, errors.New("the demo case has an empty layer")
	}
	return tr, nil
}

// primaryKey is a table's primary key as clients should see it: its
// PRIMARY KEY constraint, or else the key pgcompat.Layers gives it (the
// subtest "layer keys are unique in the case" checks that it is one).
func (tr *demoTruth) primaryKey(table string) []string {
	if k, ok := tr.primaryKeys[table]; ok {
		return k
	}
	for _, l := range pgcompat.Layers {
		if l.Relation == table && len(l.Key) > 0 {
			return l.Key
		}
	}
	return nil
}

// PostGIS's own relations in schema public, which a PostGIS database lists
// with its tables: mast presents them too.
var (
	postgisTables = []string{"spatial_ref_sys"}
	postgisViews  = []string{"geography_columns", "geometry_columns"}
)

// pgTables and pgViews are what a client lists in schema public: the
// case's tables and views and PostGIS's.
func (tr *demoTruth) pgTables() []string {
	return sorted(append(slices.Clone(tr.tables), postgisTables...))
}
func (tr *demoTruth) pgViews() []string {
	return sorted(append(slices.Clone(tr.views), postgisViews...))
}

// envelope is the bounding box (xmin, ymin, xmax, ymax) of flat 2D coordinates.
func envelope(flat []float64) [4]float64 {
	e := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for i := 0; i+1 < len(flat); i += 2 {
		e[0], e[1] = min(e[0], flat[i]), min(e[1], flat[i+1])
		e[2], e[3] = max(e[2], flat[i]), max(e[3], flat[i+1])
	}
	return e
}

func unionBox(a, b [4]float64) [4]float64 {
	return [4]float64{min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])}
}

func intersects(a, b [4]float64) bool {
	return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

// pointsExtent is the extent of the event points' geometries.
func (tr *demoTruth) pointsExtent() [4]float64 {
	e := envelope(nil)
	for _, p := range tr.points {
		e = unionBox(e, [4]float64{p.lon, p.lat, p.lon, p.lat})
	}
	return e
}

func (tr *demoTruth) wedgesExtent() [4]float64 {
	e := envelope(nil)
	for _, w := range tr.wedges {
		e = unionBox(e, w.envelope)
	}
	return e
}

func (tr *demoTruth) journeysExtent() [4]float64 {
	e := envelope(nil)
	for _, j := range tr.journeys {
		e = unionBox(e, j.envelope)
	}
	return e
}

func (tr *demoTruth) camerasExtent() [4]float64 {
	e := envelope(nil)
	for _, c := range tr.cameras {
		e = unionBox(e, [4]float64{c.x, c.y, c.x, c.y})
	}
	return e
}

// middle is the middle half of an extent in each dimension: a box that
// holds some but not all of a layer's features.
func middle(e [4]float64) [4]float64 {
	dx, dy := (e[2]-e[0])/4, (e[3]-e[1])/4
	return [4]float64{e[0] + dx, e[1] + dy, e[2] - dx, e[3] - dy}
}

// busiestSubject is the subject with the most event points (ties: the
// smallest name).
func (tr *demoTruth) busiestSubject() string {
	n := map[string]int{}
	for _, p := range tr.points {
		n[p.subject]++
	}
	best := ""
	for s, c := range n {
		if best == "" || c > n[best] || (c == n[best] && s < best) {
			best = s
		}
	}
	return best
}

// subjectPath is one subject's event points in time order (t, event_id,
// at_end): the vertices of its path line.
type subjectPath struct {
	subject string
	coords  []float64
}

func (tr *demoTruth) paths() []subjectPath {
	by := map[string][]eventPoint{}
	for _, p := range tr.points {
		by[p.subject] = append(by[p.subject], p)
	}
	var out []subjectPath
	for s, ps := range by {
		if len(ps) < 2 {
			continue
		}
		slices.SortFunc(ps, func(a, b eventPoint) int {
			if c := a.t.Compare(b.t); c != 0 {
				return c
			}
			if c := cmp.Compare(a.eventID, b.eventID); c != 0 {
				return c
			}
			return cmp.Compare(boolInt(a.atEnd), boolInt(b.atEnd))
		})
		sp := subjectPath{subject: s}
		for _, p := range ps {
			sp.coords = append(sp.coords, p.siteLon, p.siteLat)
		}
		out = append(out, sp)
	}
	slices.SortFunc(out, func(a, b subjectPath) int { return strings.Compare(a.subject, b.subject) })
	return out
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// requireClient skips (or, under MAST_REQUIRE_CLIENTS=1, fails) a test
// whose client is not installed.
func requireClient(t *testing.T, installed bool, what, debianPackages string) {
	t.Helper()
	if installed {
		return
	}
	if os.Getenv(requireClientsEnv) == "1" {
		t.Fatalf("%s is not installed (Debian: apt-get install %s) and %s=1", what, debianPackages, requireClientsEnv)
	}
	t.Skipf("%s is not installed (Debian: apt-get install %s)", what, debianPackages)
}

func onPath(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}

func pythonImports(modules ...string) bool {
	if _, err := os.Stat(clientPython); err != nil {
		return false
	}
	return exec.Command(clientPython, "-c", "import "+strings.Join(modules, ", ")).Run() == nil
}

// runClient runs a client program and returns its stdout; a failure
// reports the command, its exit and its stderr.
func runClient(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	out, errs, err := runClientErr(t, env, name, args...)
	require.NoError(t, err, "%s %s\nstderr:\n%s\nstdout:\n%s", name, strings.Join(args, " "), errs, tail(out, 4000))
	return out
}

func runClientErr(t *testing.T, env []string, name string, args ...string) (string, string, error) {
	t.Helper()
	// A hang guard, not a timing assertion: a client waiting forever on a
	// server that never answers fails here instead of at the test deadline.
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	return out.String(), errb.String(), err
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// presentedAs is the DuckDB type whose PostgreSQL type mast presents for
// duck: an ENUM is presented as text, as VARCHAR is.
func presentedAs(duck string) string {
	if strings.HasPrefix(duck, "ENUM(") {
		return "VARCHAR"
	}
	return duck
}

// pgTypeName is how psql (format_type) names the PostgreSQL type mast
// presents for a DuckDB type (pgcompat.TypeOf).
func pgTypeName(duck string) string {
	switch presentedAs(duck) {
	case "BIGINT":
		return "bigint"
	case "INTEGER":
		return "integer"
	case "VARCHAR":
		return "text"
	case "BOOLEAN":
		return "boolean"
	case "DOUBLE":
		return "double precision"
	case "TIMESTAMP WITH TIME ZONE":
		return "timestamp with time zone"
	case "GEOMETRY":
		return "geometry"
	}
	return strings.ToLower(duck)
}

// ---------------------------------------------------------------- psql

func testPsql(t *testing.T, s *servedDemo) {
	requireClient(t, onPath("psql"), "psql", "postgresql-client")
	tr := s.truth
	conn := s.libpq(true, "sslmode=prefer")
	env := []string{"PGPASSWORD=" + s.password, "PGAPPNAME=psql", "PGTZ=UTC"}
	psql := func(t *testing.T, command string) []string {
		t.Helper()
		out := runClient(t, env, "psql", "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conn, "-c", command)
		return strings.Split(strings.TrimRight(out, "\n"), "\n")
	}
	var kinds []string
	for k, n := range tr.eventKinds {
		kinds = append(kinds, fmt.Sprintf("%s|%d", k, n))
	}
	sort.Strings(kinds)
	var relations []string
	for _, n := range tr.pgTables() {
		relations = append(relations, n+"|table")
	}
	for _, n := range tr.pgViews() {
		relations = append(relations, n+"|view")
	}
	sort.Strings(relations)
	var pointCols []string
	for _, c := range tr.columns["event_points"] {
		pointCols = append(pointCols, c.name+"|"+pgTypeName(c.duckType))
	}
	require.NotEmpty(t, pointCols)
	first := tr.points[0]

	tests := []struct {
		name, command string
		// rows turns psql's unaligned lines into what is compared.
		rows func([]string) []string
		want []string
	}{
		{"count", "SELECT count(*) FROM events", nil, []string{strconv.FormatInt(tr.events, 10)}},
		{"group by", "SELECT kind, count(*) FROM events GROUP BY kind ORDER BY kind", sorted, kinds},
		{"a row of a view", fmt.Sprintf("SELECT event_id, subject, kind, cell_key FROM event_points WHERE event_id = %d AND at_end = %t", first.eventID, first.atEnd),
			nil, []string{fmt.Sprintf("%d|%s|%s|%s", first.eventID, first.subject, first.kind, first.cellKey)}},
		{`\dt`, `\dt`, func(lines []string) []string { return sorted(fields(lines, 1)) }, tr.pgTables()},
		{`\d`, `\d`, func(lines []string) []string { return sorted(fields(lines, 1, 2)) }, relations},
		{`\d event_points`, `\d event_points`, func(lines []string) []string {
			out := fields(lines, 0, 1)
			for i, l := range out { // geometry(Point,4326) is a geometry
				if strings.HasPrefix(l, "geom|geometry") {
					out[i] = "geom|geometry"
				}
			}
			return out
		}, pointCols},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := psql(t, tc.command)
			if tc.rows != nil {
				got = tc.rows(got)
			}
			require.Equal(t, tc.want, got)
		})
	}

	t.Run("wrong password", func(t *testing.T) {
		bad := slices.Clone(env)
		bad[0] = "PGPASSWORD=not the password"
		_, errs, err := runClientErr(t, bad, "psql", "-X", "-A", "-t", "-d", conn, "-c", "SELECT 1")
		require.Error(t, err)
		require.Contains(t, errs, `password authentication failed for user "alice"`)
	})
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

// fields keeps the given |-separated fields of each line.
func fields(lines []string, idx ...int) []string {
	var out []string
	for _, l := range lines {
		if l == "" {
			continue
		}
		f := strings.Split(l, "|")
		var keep []string
		for _, i := range idx {
			if i < len(f) {
				keep = append(keep, f[i])
			}
		}
		out = append(out, strings.Join(keep, "|"))
	}
	return out
}

// ---------------------------------------------------------------- pgx

func testPgx(t *testing.T, s *servedDemo) {
	tr := s.truth
	ctx := t.Context()
	cfg, err := pgx.ParseConfig(s.libpq(false, "sslmode=disable"))
	require.NoError(t, err)
	// Cancel by CancelRequest, as psql and JDBC do, rather than by closing
	// the connection (pgx's default).
	cfg.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, DeadlineDelay: time.Minute}
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	require.NoError(t, err)
	defer conn.Close(context.Background())

	subject := tr.busiestSubject()
	var mine []eventPoint
	for _, p := range tr.points {
		if p.subject == subject {
			mine = append(mine, p)
		}
	}
	since := mine[len(mine)/2].t
	var want []eventPoint
	for _, p := range mine {
		if !p.t.Before(since) {
			want = append(want, p)
		}
	}
	require.NotEmpty(t, want)
	require.Less(t, len(want), len(mine))

	t.Run("parameters and binary results", func(t *testing.T) {
		// pgx asks for binary int8, bool, timestamptz, float8 and bytea.
		rows, err := conn.Query(ctx, `SELECT event_id, at_end, t, site_lon, site_lat, st_asbinary(geom)
			FROM event_points WHERE subject = $1 AND t >= $2 ORDER BY event_id, at_end`, subject, since)
		require.NoError(t, err)
		var got []eventPoint
		for rows.Next() {
			var p eventPoint
			var b []byte
			require.NoError(t, rows.Scan(&p.eventID, &p.atEnd, &p.t, &p.siteLon, &p.siteLat, &b))
			g, err := wkb.Unmarshal(b)
			require.NoError(t, err)
			p.lon, p.lat = g.FlatCoords()[0], g.FlatCoords()[1]
			got = append(got, p)
		}
		require.NoError(t, rows.Err())
		require.Len(t, got, len(want))
		for i, p := range got {
			w := want[i]
			require.Equal(t, [2]any{w.eventID, w.atEnd}, [2]any{p.eventID, p.atEnd})
			require.True(t, w.t.Equal(p.t), "event %d: t %v, want %v", p.eventID, p.t, w.t)
			require.Equal(t, [4]float64{w.siteLon, w.siteLat, w.lon, w.lat}, [4]float64{p.siteLon, p.siteLat, p.lon, p.lat})
		}
	})

	t.Run("geometry", func(t *testing.T) {
		var oid uint32
		require.NoError(t, conn.QueryRow(ctx, `SELECT oid FROM pg_type WHERE typname = 'geometry'`).Scan(&oid))
		p := tr.points[len(tr.points)/3]
		q := `SELECT geom FROM event_points WHERE event_id = $1 AND at_end = $2`
		for _, format := range []int16{pgx.TextFormatCode, pgx.BinaryFormatCode} {
			rows, err := conn.Query(ctx, q, pgx.QueryResultFormats{format}, p.eventID, p.atEnd)
			require.NoError(t, err)
			require.True(t, rows.Next(), "no row for event %d", p.eventID)
			require.Equal(t, oid, rows.FieldDescriptions()[0].DataTypeOID, "RowDescription's geometry OID is pg_type's")
			raw := slices.Clone(rows.RawValues()[0])
			require.False(t, rows.Next())
			require.NoError(t, rows.Err())
			if format == pgx.TextFormatCode {
				// hex EWKB, little endian, with the SRID flag and 4326
				require.True(t, strings.HasPrefix(strings.ToUpper(string(raw)), "0101000020E6100000"), "text geometry %q", raw)
				raw, err = hexDecode(string(raw))
				require.NoError(t, err)
			}
			g, err := ewkb.Unmarshal(raw)
			require.NoError(t, err, "format %d", format)
			require.Equal(t, 4326, g.SRID())
			require.Equal(t, []float64{p.lon, p.lat}, g.FlatCoords())
		}
	})

	t.Run("prepared statement", func(t *testing.T) {
		sd, err := conn.Prepare(ctx, "points_of_event", `SELECT subject, kind, cell_key, site_lat FROM event_points WHERE event_id = $1 ORDER BY at_end`)
		require.NoError(t, err)
		require.Len(t, sd.ParamOIDs, 1)
		for _, p := range []eventPoint{tr.points[0], tr.points[len(tr.points)/2], tr.points[len(tr.points)-1]} {
			rows, err := conn.Query(ctx, "points_of_event", p.eventID)
			require.NoError(t, err)
			var got, want [][4]any
			for rows.Next() {
				var subject, kind, cell string
				var lat float64
				require.NoError(t, rows.Scan(&subject, &kind, &cell, &lat))
				got = append(got, [4]any{subject, kind, cell, lat})
			}
			require.NoError(t, rows.Err())
			for _, w := range tr.points {
				if w.eventID == p.eventID {
					want = append(want, [4]any{w.subject, w.kind, w.cellKey, w.siteLat})
				}
			}
			require.Equal(t, want, got)
		}
	})

	t.Run("cancel", func(t *testing.T) {
		qctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() {
			var n int64
			done <- conn.QueryRow(qctx, `SELECT count(*) FROM events a, events b, events c WHERE a.event_id + b.event_id + c.event_id > $1`, int64(-1)).Scan(&n)
		}()
		// Give the statement time to start: a cancel that arrives before it
		// runs is ignored, as PostgreSQL ignores it.
		time.Sleep(500 * time.Millisecond)
		cancel()
		err := <-done
		var pgErr *pgconn.PgError
		require.ErrorAs(t, err, &pgErr, "cancelled query: %v", err)
		require.Equal(t, "57014", pgErr.Code, pgErr.Message)
		var n int64
		require.NoError(t, conn.QueryRow(ctx, `SELECT count(*) FROM events`).Scan(&n), "the connection works after a cancel")
		require.Equal(t, tr.events, n)
	})
}

func hexDecode(s string) ([]byte, error) {
	b := make([]byte, len(s)/2)
	for i := range b {
		v, err := strconv.ParseUint(s[2*i:2*i+2], 16, 8)
		if err != nil {
			return nil, err
		}
		b[i] = byte(v)
	}
	return b, nil
}

// ---------------------------------------------------------------- GDAL

func (s *servedDemo) gdalSource() string { return "PG:" + s.libpq(false) }

func testOgrinfo(t *testing.T, s *servedDemo) {
	requireClient(t, onPath("ogrinfo"), "ogrinfo", "gdal-bin")
	tr := s.truth
	t.Run("layers", func(t *testing.T) {
		out := runClient(t, nil, "ogrinfo", "-ro", "-q", s.gdalSource())
		var got []string
		for _, m := range regexp.MustCompile(`(?m)^\s*\d+: ([^\s(]+)`).FindAllStringSubmatch(out, -1) {
			got = append(got, strings.TrimPrefix(m[1], "public."))
		}
		sort.Strings(got)
		require.Equal(t, tr.layers, got, out)
	})
	tests := []struct {
		layer, geometry string
		count           int
		extent          [4]float64
	}{
		{"event_points", "Point", len(tr.points), tr.pointsExtent()},
		{"cell_wedges", "Polygon", len(tr.wedges), tr.wedgesExtent()},
		{"camera_points", "Point", len(tr.cameras), tr.camerasExtent()},
		{"journey_lines", "Line String", len(tr.journeys), tr.journeysExtent()},
	}
	for _, tc := range tests {
		t.Run(tc.layer, func(t *testing.T) {
			out := runClient(t, nil, "ogrinfo", "-ro", "-so", s.gdalSource(), tc.layer)
			require.Contains(t, out, "Geometry: "+tc.geometry, out)
			m := regexp.MustCompile(`Feature Count: (-?\d+)`).FindStringSubmatch(out)
			require.NotNil(t, m, out)
			require.Equal(t, strconv.Itoa(tc.count), m[1], out)
			m = regexp.MustCompile(`Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)`).FindStringSubmatch(out)
			require.NotNil(t, m, out)
			for i := range 4 {
				v, err := strconv.ParseFloat(m[i+1], 64)
				require.NoError(t, err)
				require.InDelta(t, tc.extent[i], v, 1e-6, "extent[%d]\n%s", i, out) // ogrinfo prints 6 decimals
			}
			require.Contains(t, out, `ID["EPSG",4326]`, "the layer's SRS is WGS 84\n%s", out)
		})
	}
}

func testOgr2ogr(t *testing.T, s *servedDemo) {
	requireClient(t, onPath("ogr2ogr"), "ogr2ogr", "gdal-bin")
	tr := s.truth
	dir := t.TempDir()
	export := func(t *testing.T, layer string) []*geojson.Feature {
		t.Helper()
		path := filepath.Join(dir, layer+".geojson")
		runClient(t, nil, "ogr2ogr", "-f", "GeoJSON", "-preserve_fid", path, s.gdalSource(), layer)
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		var fc geojson.FeatureCollection
		require.NoError(t, json.Unmarshal(b, &fc), tail(string(b), 2000))
		return fc.Features
	}
	// A layer's key may become GDAL's FID (the feature's id) rather than a
	// property.
	prop := func(f *geojson.Feature, name string) any {
		if v, ok := f.Properties[name]; ok {
			return v
		}
		if f.ID != "" {
			if n, err := strconv.ParseFloat(f.ID, 64); err == nil {
				return n
			}
			return f.ID
		}
		return nil
	}

	t.Run("event_points", func(t *testing.T) {
		features := export(t, "event_points")
		want := map[string]eventPoint{}
		for _, p := range tr.points {
			want[p.key()] = p
		}
		require.Len(t, features, len(want))
		seen := map[string]bool{}
		for _, f := range features {
			id, ok := prop(f, "event_id").(float64)
			require.True(t, ok, "event_id of %v", f.Properties)
			atEnd, ok := f.Properties["at_end"].(bool)
			require.True(t, ok, "at_end of %v", f.Properties)
			k := fmt.Sprintf("%d/%t", int64(id), atEnd)
			require.False(t, seen[k], "feature %s twice", k)
			seen[k] = true
			p, ok := want[k]
			require.True(t, ok, "feature %s is no event point of the case", k)
			var other any
			if p.otherMSISDN != nil {
				other = *p.otherMSISDN
			}
			require.Equal(t,
				map[string]any{"subject": p.subject, "direction": p.direction, "kind": p.kind, "other_msisdn": other, "cell_key": p.cellKey,
					"site_lat": p.siteLat, "site_lon": p.siteLon, "source_id": float64(p.sourceID), "source_row": float64(p.sourceRow)},
				map[string]any{"subject": f.Properties["subject"], "direction": f.Properties["direction"], "kind": f.Properties["kind"],
					"other_msisdn": f.Properties["other_msisdn"], "cell_key": f.Properties["cell_key"],
					"site_lat": f.Properties["site_lat"], "site_lon": f.Properties["site_lon"],
					"source_id": f.Properties["source_id"], "source_row": f.Properties["source_row"]}, "feature %s", k)
			ts, _ := f.Properties["t"].(string)
			got, err := parseGDALTime(ts)
			require.NoError(t, err, "feature %s", k)
			require.True(t, p.t.Equal(got), "feature %s: t %s, want %s", k, ts, p.t)
			_, isPoint := f.Geometry.(*geom.Point)
			require.True(t, isPoint, "feature %s: %T", k, f.Geometry)
			requireCoords(t, []float64{p.lon, p.lat}, f.Geometry.FlatCoords(), "feature %s", k)
		}
	})

	t.Run("cell_wedges", func(t *testing.T) {
		features := export(t, "cell_wedges")
		want := map[int64]cellWedge{}
		for _, w := range tr.wedges {
			want[w.cellID] = w
		}
		require.Len(t, features, len(want))
		seen := map[int64]bool{}
		for _, f := range features {
			id, ok := prop(f, "cell_id").(float64)
			require.True(t, ok, "cell_id of %v (id %q)", f.Properties, f.ID)
			w, ok := want[int64(id)]
			require.True(t, ok, "feature %v is no cell wedge of the case", id)
			require.False(t, seen[w.cellID])
			seen[w.cellID] = true
			require.Equal(t, []any{w.cellKey, w.drawnAs, w.radiusM, w.label},
				[]any{f.Properties["cell_key"], f.Properties["drawn_as"], f.Properties["radius_m"], f.Properties["label"]}, "cell %d", w.cellID)
			_, isPolygon := f.Geometry.(*geom.Polygon)
			require.True(t, isPolygon, "cell %d: %T", w.cellID, f.Geometry)
			requireCoords(t, w.coords, f.Geometry.FlatCoords(), "cell %d", w.cellID)
		}
	})

	t.Run("journey_lines", func(t *testing.T) {
		features := export(t, "journey_lines")
		require.Len(t, features, len(tr.journeys))
		want := map[int64]journeyLine{}
		for _, j := range tr.journeys {
			want[j.id] = j
		}
		for _, f := range features {
			id, ok := prop(f, "journey_id").(float64)
			require.True(t, ok, "journey_id of %v (id %q)", f.Properties, f.ID)
			j, ok := want[int64(id)]
			require.True(t, ok, "feature %v is no journey of the case", id)
			delete(want, j.id)
			require.Equal(t, []any{j.subject, float64(j.fromStay), float64(j.events), j.km},
				[]any{f.Properties["subject"], f.Properties["from_stay"], f.Properties["events"], f.Properties["km"]}, "journey %d", j.id)
			_, isLine := f.Geometry.(*geom.LineString)
			require.True(t, isLine, "journey %d: %T", j.id, f.Geometry)
			requireCoords(t, j.coords, f.Geometry.FlatCoords(), "journey %d", j.id)
		}
	})

	t.Run("camera_points", func(t *testing.T) {
		features := export(t, "camera_points")
		require.Len(t, features, len(tr.cameras))
		want := map[string]cameraPoint{}
		for _, c := range tr.cameras {
			want[c.cameraID] = c
		}
		for _, f := range features {
			id, _ := prop(f, "camera_id").(string)
			c, ok := want[id]
			require.True(t, ok, "feature %q is no camera of the case", id)
			delete(want, id)
			require.Equal(t, []any{c.cameraName, float64(c.reads)}, []any{f.Properties["camera_name"], f.Properties["reads"]}, "camera %s", id)
			// averages: GeoJSON keeps 15 significant digits
			requireCoords(t, []float64{c.lat, c.lon}, []float64{num64(f.Properties["lat"]), num64(f.Properties["lon"])}, "camera %s", id)
			requireCoords(t, []float64{c.x, c.y}, f.Geometry.FlatCoords(), "camera %s", id)
		}
	})
}

func num64(v any) float64 {
	f, ok := v.(float64)
	if !ok {
		return math.NaN()
	}
	return f
}

// requireCoords compares coordinates to 1e-9 (GeoJSON is written with 15
// significant digits).
func requireCoords(t *testing.T, want, got []float64, msgAndArgs ...any) {
	t.Helper()
	require.Len(t, got, len(want), msgAndArgs...)
	for i := range want {
		require.InDelta(t, want[i], got[i], 1e-9, msgAndArgs...)
	}
}

// parseGDALTime reads a GeoJSON date-time as GDAL writes it.
func parseGDALTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006/01/02 15:04:05.999999999-07", "2006/01/02 15:04:05.999999999-07:00", "2006-01-02T15:04:05.999999999-07", "2006/01/02 15:04:05.999999999"} {
		if v, err := time.Parse(layout, s); err == nil {
			return v, nil
		}
	}
	return time.Time{}, fmt.Errorf("date-time %q in no known layout", s)
}

// ---------------------------------------------------------------- psycopg2 + SQLAlchemy

// pythonReport is what cmd/mast/testdata/clients/psycopg_sqlalchemy.py prints.
type pythonReport struct {
	Schemas     []string              `json:"schemas"`
	Tables      []string              `json:"tables"`
	Views       []string              `json:"views"`
	Columns     map[string][][]string `json:"columns"` // name, type
	PrimaryKeys map[string][]string   `json:"primary_keys"`
	NamedCursor [][]any               `json:"named_cursor"` // event_id, at_end, subject, kind
	Kinds       map[string]int64      `json:"kinds"`
	SubjectRows int64                 `json:"subject_rows"`
}

func testPsycopg(t *testing.T, s *servedDemo) {
	requireClient(t, pythonImports("psycopg2", "sqlalchemy"), "psycopg2 and SQLAlchemy for "+clientPython, "python3-psycopg2 python3-sqlalchemy")
	tr := s.truth
	subject := tr.busiestSubject()
	var kinds []string
	for k := range tr.eventKinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	args := []string{"testdata/clients/psycopg_sqlalchemy.py", demoHost, strconv.Itoa(s.scramPort), "demo", s.user, s.password, subject, strings.Join(kinds, ",")}
	out := runClient(t, nil, clientPython, args...)
	var got pythonReport
	require.NoError(t, json.Unmarshal([]byte(out), &got), out)

	t.Run("inspector", func(t *testing.T) {
		require.Contains(t, got.Schemas, "public")
		require.Equal(t, tr.pgTables(), sorted(got.Tables))
		require.Equal(t, tr.pgViews(), sorted(got.Views))
		for _, rel := range []string{"events", "event_points", "cell_wedges"} {
			var want []string
			for _, c := range tr.columns[rel] {
				want = append(want, c.name)
			}
			var names []string
			for _, c := range got.Columns[rel] {
				names = append(names, c[0])
			}
			require.Equal(t, want, names, rel)
		}
		for _, c := range got.Columns["event_points"] {
			if c[0] == "geom" {
				require.True(t, strings.HasPrefix(strings.ToLower(c[1]), "geometry") || c[1] == "NULL", "geom's type %q", c[1])
			}
		}
		for _, tbl := range tr.tables {
			require.Equal(t, tr.primaryKey(tbl), nilIfEmpty(got.PrimaryKeys[tbl]), "primary key of %s", tbl)
		}
	})

	t.Run("named cursor", func(t *testing.T) {
		require.True(t, s.audit.ran("psycopg2", `DECLARE "mast_points" CURSOR WITHOUT HOLD FOR`), "psycopg2 read through a server-side cursor")
		require.Len(t, got.NamedCursor, len(tr.points))
		for i, p := range tr.points {
			r := got.NamedCursor[i]
			require.Equal(t, []any{float64(p.eventID), p.atEnd, p.subject, p.kind}, r, "row %d", i)
		}
	})

	t.Run("parameters", func(t *testing.T) {
		require.Equal(t, tr.eventKinds, got.Kinds)
		var n int64
		for _, p := range tr.points {
			if p.subject == subject {
				n++
			}
		}
		require.Equal(t, n, got.SubjectRows)
	})
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// ---------------------------------------------------------------- pgJDBC

// jdbcReport is what cmd/mast/testdata/clients/JdbcClient.java prints.
type jdbcReport struct {
	Tables      []string            `json:"tables"`
	Views       []string            `json:"views"`
	Columns     [][]string          `json:"columns"` // event_points: name, TYPE_NAME
	PrimaryKeys map[string][]string `json:"primary_keys"`
	Prepared    []struct {
		ServerPrepared bool    `json:"server_prepared"`
		Rows           [][]any `json:"rows"` // event_id, at_end, subject, t (epoch ms), site_lon, site_lat
	} `json:"prepared"`
	Fetched [][]any `json:"fetched"` // event_id, at_end, with fetch size 100
}

func testJDBC(t *testing.T, s *servedDemo) {
	_, jarErr := os.Stat(jdbcJar)
	requireClient(t, onPath("java") && onPath("javac"), "a JDK (java runs a .java file only with a JDK)", "default-jdk-headless")
	requireClient(t, jarErr == nil, jdbcJar, "libpostgresql-jdbc-java")
	tr := s.truth
	var ids []string
	for i := range 10 {
		ids = append(ids, strconv.FormatInt(tr.points[i*len(tr.points)/10].eventID, 10))
	}
	url := fmt.Sprintf("jdbc:postgresql://%s:%d/demo", demoHost, s.scramPort)
	out := runClient(t, nil, "java", "-cp", jdbcJar, "testdata/clients/JdbcClient.java", url, s.user, s.password, strings.Join(ids, ","))
	var got jdbcReport
	require.NoError(t, json.Unmarshal([]byte(out), &got), out)

	t.Run("DatabaseMetaData", func(t *testing.T) {
		require.Equal(t, tr.pgTables(), sorted(got.Tables))
		require.Equal(t, tr.pgViews(), sorted(got.Views))
		var want, names []string
		for _, c := range tr.columns["event_points"] {
			want = append(want, c.name+"|"+jdbcTypeName(c.duckType))
		}
		for _, c := range got.Columns {
			names = append(names, c[0]+"|"+c[1])
		}
		require.Equal(t, want, names)
		for _, tbl := range tr.tables {
			require.Equal(t, tr.primaryKey(tbl), nilIfEmpty(got.PrimaryKeys[tbl]), "primary key of %s", tbl)
		}
	})

	t.Run("prepared statement turns named and binary", func(t *testing.T) {
		require.Len(t, got.Prepared, len(ids))
		// pgJDBC's prepareThreshold is 5: from the fifth execution on the
		// statement is a named server-side one with binary results.
		require.True(t, got.Prepared[len(ids)-1].ServerPrepared)
		for i, ex := range got.Prepared {
			id, _ := strconv.ParseInt(ids[i], 10, 64)
			var want [][]any
			for _, p := range tr.points {
				if p.eventID == id {
					want = append(want, []any{float64(p.eventID), p.atEnd, p.subject, float64(p.t.UnixMilli()), p.siteLon, p.siteLat})
				}
			}
			require.NotEmpty(t, want)
			require.Equal(t, want, ex.Rows, "execution %d (event %d)", i+1, id)
		}
	})

	t.Run("fetch size", func(t *testing.T) {
		require.Len(t, got.Fetched, len(tr.points))
		for i, p := range tr.points {
			require.Equal(t, []any{float64(p.eventID), p.atEnd}, got.Fetched[i], "row %d", i)
		}
	})
}

// jdbcTypeName is pgJDBC's TYPE_NAME (pg_type.typname) for the type mast
// presents for a DuckDB type.
func jdbcTypeName(duck string) string {
	switch presentedAs(duck) {
	case "BIGINT":
		return "int8"
	case "INTEGER":
		return "int4"
	case "VARCHAR":
		return "text"
	case "BOOLEAN":
		return "bool"
	case "DOUBLE":
		return "float8"
	case "TIMESTAMP WITH TIME ZONE":
		return "timestamptz"
	case "GEOMETRY":
		return "geometry"
	}
	return strings.ToLower(duck)
}

// ---------------------------------------------------------------- QGIS

// qgisLayer is one layer the PyQGIS script opens (its input) and what QGIS
// read from it (its output).
type qgisLayer struct {
	Name     string     `json:"name"`
	Table    string     `json:"table,omitempty"` // public.TABLE, or
	SQL      string     `json:"sql,omitempty"`   // a subquery layer
	Key      string     `json:"key,omitempty"`
	IDFields []string   `json:"id_fields"`
	BBox     [4]float64 `json:"bbox"`
	Expr     string     `json:"expr"`
	Vertices bool       `json:"vertices,omitempty"` // report every feature's vertices

	Valid        bool         `json:"valid"`
	Error        string       `json:"error"`
	WkbType      string       `json:"wkb_type"`
	CRS          string       `json:"crs"`
	FeatureCount int64        `json:"feature_count"`
	Extent       []float64    `json:"extent"`
	Features     []qgisFeat   `json:"features"`
	BBoxIDs      [][]any      `json:"bbox_ids"`
	ExprIDs      [][]any      `json:"expr_ids"`
	Messages     []qgisLogMsg `json:"messages"`
}

type qgisFeat struct {
	ID       []any       `json:"id"`
	Envelope []float64   `json:"envelope"`
	Vertices [][]float64 `json:"vertices,omitempty"`
}

type qgisLogMsg struct {
	Tag     string `json:"tag"`
	Level   int    `json:"level"`
	Message string `json:"message"`
}

type qgisReport struct {
	Providers []string     `json:"providers"`
	Tables    [][]any      `json:"tables"` // name, has geometry
	TablesErr string       `json:"tables_error"`
	Layers    []qgisLayer  `json:"layers"`
	Messages  []qgisLogMsg `json:"messages"`
}

// qgisExpect is what a QGIS layer must show, from the case.
type qgisExpect struct {
	ids      []string // every feature's id fields, joined by "/"
	geometry string   // QGIS's wkb type name
	extent   [4]float64
	envelope map[string][4]float64
	vertices map[string][]float64
	bboxIDs  []string
	exprIDs  []string
}

func testQGIS(t *testing.T, s *servedDemo) {
	requireClient(t, pythonImports("qgis.core"), "PyQGIS for "+clientPython, "python3-qgis qgis-providers")
	tr := s.truth
	subject := tr.busiestSubject()

	var layers []qgisLayer
	var expects []qgisExpect
	add := func(l qgisLayer, e qgisExpect) {
		require.NotEmpty(t, e.bboxIDs, "%s: the bounding box holds no feature: the test could not fail", l.Name)
		require.Less(t, len(e.bboxIDs), len(e.ids), "%s: the bounding box holds every feature: the test could not fail", l.Name)
		require.NotEmpty(t, e.exprIDs, l.Name)
		require.Less(t, len(e.exprIDs), len(e.ids), l.Name)
		sort.Strings(e.ids)
		sort.Strings(e.bboxIDs)
		sort.Strings(e.exprIDs)
		layers, expects = append(layers, l), append(expects, e)
	}

	{ // event_points: a view of points whose key QGIS finds in pg_index
		e := qgisExpect{geometry: "Point", extent: tr.pointsExtent(), envelope: map[string][4]float64{}}
		box := middle(e.extent)
		for _, p := range tr.points {
			id := p.key()
			e.ids = append(e.ids, id)
			env := [4]float64{p.lon, p.lat, p.lon, p.lat}
			e.envelope[id] = env
			if intersects(env, box) {
				e.bboxIDs = append(e.bboxIDs, id)
			}
			if p.kind == "sms" && p.subject == subject {
				e.exprIDs = append(e.exprIDs, id)
			}
		}
		add(qgisLayer{Name: "event_points", Table: "event_points", IDFields: []string{"event_id", "at_end"}, BBox: box,
			Expr: fmt.Sprintf(`"kind" = 'sms' AND "subject" = '%s'`, subject)}, e)
	}
	{ // cell_wedges: polygons
		e := qgisExpect{geometry: "Polygon", extent: tr.wedgesExtent(), envelope: map[string][4]float64{}}
		box := middle(middle(e.extent))
		for _, w := range tr.wedges {
			id := strconv.FormatInt(w.cellID, 10)
			e.ids = append(e.ids, id)
			e.envelope[id] = w.envelope
			if intersects(w.envelope, box) {
				e.bboxIDs = append(e.bboxIDs, id)
			}
			if w.drawnAs == "disk" && w.radiusM > 2000 {
				e.exprIDs = append(e.exprIDs, id)
			}
		}
		add(qgisLayer{Name: "cell_wedges", Table: "cell_wedges", IDFields: []string{"cell_id"}, BBox: box,
			Expr: `"drawn_as" = 'disk' AND "radius_m" > 2000`}, e)
	}
	{ // camera_points: points of an aggregating view
		e := qgisExpect{geometry: "Point", extent: tr.camerasExtent(), envelope: map[string][4]float64{}}
		box := middle(e.extent)
		for _, c := range tr.cameras {
			e.ids = append(e.ids, c.cameraID)
			env := [4]float64{c.x, c.y, c.x, c.y}
			e.envelope[c.cameraID] = env
			if intersects(env, box) {
				e.bboxIDs = append(e.bboxIDs, c.cameraID)
			}
			if c.reads >= 12 {
				e.exprIDs = append(e.exprIDs, c.cameraID)
			}
		}
		add(qgisLayer{Name: "camera_points", Table: "camera_points", IDFields: []string{"camera_id"}, BBox: box, Expr: `"reads" >= 12`}, e)
	}
	{ // journey_lines: lines of a view computed per subject (LATERAL)
		e := qgisExpect{geometry: "LineString", extent: tr.journeysExtent(), envelope: map[string][4]float64{}, vertices: map[string][]float64{}}
		box := middle(middle(e.extent))
		for _, j := range tr.journeys {
			id := strconv.FormatInt(j.id, 10)
			e.ids = append(e.ids, id)
			e.envelope[id] = j.envelope
			e.vertices[id] = j.coords
			if intersects(j.envelope, box) {
				e.bboxIDs = append(e.bboxIDs, id)
			}
			if j.events > 0 {
				e.exprIDs = append(e.exprIDs, id)
			}
		}
		add(qgisLayer{Name: "journey_lines", Table: "journey_lines", IDFields: []string{"journey_id"}, BBox: box,
			Expr: `"events" > 0`, Vertices: true}, e)
	}
	{ // a subquery layer of points, keyed by event_id
		e := qgisExpect{geometry: "Point", extent: envelope(nil), envelope: map[string][4]float64{}}
		for _, p := range tr.points {
			if !p.atEnd {
				e.extent = unionBox(e.extent, [4]float64{p.lon, p.lat, p.lon, p.lat})
			}
		}
		box := middle(e.extent)
		for _, p := range tr.points {
			if p.atEnd {
				continue
			}
			id := strconv.FormatInt(p.eventID, 10)
			e.ids = append(e.ids, id)
			env := [4]float64{p.lon, p.lat, p.lon, p.lat}
			e.envelope[id] = env
			if intersects(env, box) {
				e.bboxIDs = append(e.bboxIDs, id)
			}
			if p.kind == "voice" {
				e.exprIDs = append(e.exprIDs, id)
			}
		}
		add(qgisLayer{Name: "subquery_points", SQL: `SELECT event_id, subject, kind, t, geom FROM event_points WHERE NOT at_end`, Key: "event_id",
			IDFields: []string{"event_id"}, BBox: box, Expr: `"kind" = 'voice'`}, e)
	}
	{ // a subquery layer of lines: each subject's path in time order
		e := qgisExpect{geometry: "LineString", extent: envelope(nil), envelope: map[string][4]float64{}, vertices: map[string][]float64{}}
		paths := tr.paths()
		for _, p := range paths {
			e.extent = unionBox(e.extent, envelope(p.coords))
		}
		box := middle(middle(e.extent))
		for _, p := range paths {
			e.ids = append(e.ids, p.subject)
			env := envelope(p.coords)
			e.envelope[p.subject] = env
			e.vertices[p.subject] = p.coords
			if intersects(env, box) {
				e.bboxIDs = append(e.bboxIDs, p.subject)
			}
			if len(p.coords)/2 >= 20 {
				e.exprIDs = append(e.exprIDs, p.subject)
			}
		}
		add(qgisLayer{Name: "subquery_lines",
			SQL: `SELECT subject, count(*) AS points,
			        path_line(list(site_lat ORDER BY t, event_id, at_end), list(site_lon ORDER BY t, event_id, at_end)) AS geom
			      FROM event_points GROUP BY subject HAVING count(*) >= 2`,
			Key: "subject", IDFields: []string{"subject"}, BBox: box, Expr: `"points" >= 20`, Vertices: true}, e)
	}

	// Each layer in its own QGIS process, so that a QGIS crash fails only
	// the layer it happened on, naming the step.
	qgis := func(t *testing.T, listTables bool, layers ...qgisLayer) qgisReport {
		t.Helper()
		spec, err := json.Marshal(map[string]any{
			"host": demoHost, "port": strconv.Itoa(s.trustPort), "dbname": "demo", "user": "analyst",
			"layers": append([]qgisLayer{}, layers...), "list_tables": listTables,
		})
		require.NoError(t, err)
		specPath := filepath.Join(t.TempDir(), "spec.json")
		require.NoError(t, os.WriteFile(specPath, spec, 0o644))
		runtime := t.TempDir()
		require.NoError(t, os.Chmod(runtime, 0o700))
		out := runClient(t, []string{"QT_QPA_PLATFORM=offscreen", "XDG_RUNTIME_DIR=" + runtime}, clientPython, "testdata/clients/qgis_layers.py", specPath)
		var got qgisReport
		require.NoError(t, json.Unmarshal([]byte(lastLine(out)), &got), tail(out, 4000))
		require.Contains(t, got.Providers, "postgres", "QGIS has no postgres provider (Debian: qgis-providers)")
		require.Len(t, got.Layers, len(layers))
		return got
	}

	t.Run("connection tables", func(t *testing.T) {
		t.Parallel()
		got := qgis(t, true)
		require.Empty(t, got.TablesErr, "QGIS could not list the connection's tables\nQGIS messages:\n%s", formatMessages(got.Messages))
		names := map[string]bool{}
		var spatial []string
		for _, r := range got.Tables {
			name, _ := r[0].(string)
			names[name] = true
			if g, _ := r[1].(bool); g {
				spatial = append(spatial, name)
			}
		}
		for _, rel := range append(slices.Clone(tr.tables), tr.views...) {
			require.True(t, names[rel], "QGIS does not list %s: %v", rel, got.Tables)
		}
		require.Equal(t, tr.layers, sorted(slices.Compact(sorted(spatial))))
	})

	for i, layer := range layers {
		e := expects[i]
		t.Run(layer.Name, func(t *testing.T) {
			t.Parallel()
			l := qgis(t, false, layer).Layers[0]
			require.True(t, l.Valid, "QGIS found %s invalid: %s\nQGIS messages:\n%s", l.Name, l.Error, formatMessages(l.Messages))
			require.Equal(t, e.geometry, l.WkbType)
			require.Equal(t, "EPSG:4326", l.CRS)
			require.Equal(t, int64(len(e.ids)), l.FeatureCount)
			require.Len(t, l.Extent, 4)
			for j := range 4 {
				require.InDelta(t, e.extent[j], l.Extent[j], 1e-9, "extent %v, want %v", l.Extent, e.extent)
			}
			var ids []string
			for _, f := range l.Features {
				id := qgisID(f.ID)
				ids = append(ids, id)
				want, ok := e.envelope[id]
				require.True(t, ok, "feature %s is not in the case", id)
				require.Len(t, f.Envelope, 4, "feature %s has no geometry", id)
				for j := range 4 {
					require.InDelta(t, want[j], f.Envelope[j], 1e-9, "feature %s: envelope %v, want %v", id, f.Envelope, want)
				}
				if e.vertices != nil {
					var flat []float64
					for _, v := range f.Vertices {
						flat = append(flat, v...)
					}
					requireCoords(t, e.vertices[id], flat, "feature %s's vertices", id)
				}
			}
			logged := formatMessages(l.Messages)
			require.Equal(t, e.ids, sorted(ids), "iterating every feature\nQGIS messages:\n%s", logged)
			require.Equal(t, e.bboxIDs, sortedIDs(l.BBoxIDs), "features in the bounding box %v\nQGIS messages:\n%s", l.BBox, logged)
			require.Equal(t, e.exprIDs, sortedIDs(l.ExprIDs), "features matching %s\nQGIS messages:\n%s", l.Expr, logged)
		})
	}
}

func qgisID(fields []any) string {
	var parts []string
	for _, f := range fields {
		switch v := f.(type) {
		case float64:
			parts = append(parts, strconv.FormatInt(int64(v), 10))
		case bool:
			parts = append(parts, strconv.FormatBool(v))
		default:
			parts = append(parts, fmt.Sprint(v))
		}
	}
	return strings.Join(parts, "/")
}

func sortedIDs(rows [][]any) []string {
	var out []string
	for _, r := range rows {
		out = append(out, qgisID(r))
	}
	sort.Strings(out)
	return out
}

func formatMessages(ms []qgisLogMsg) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "  [%s %d] %s\n", m.Tag, m.Level, m.Message)
	}
	return b.String()
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// sqlString writes s as a SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
