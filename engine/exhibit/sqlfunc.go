package exhibit

import (
	"bytes"
	"context"
	"crypto/sha256"
	gosql "database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/mastcdr/mast/engine"
)

// SQLFunction is the name of the table macro that makes an exhibit from SQL
// (docs/exhibits.md): exhibit(kind, format, query := ..., subject := ...,
// since := ..., until := ..., ref := ..., title := ..., tz := ..., analyst := ...).
// It returns one row holding the file's bytes, so an analyst in psql or
// DBeaver can produce an exhibit and save it; it writes nothing anywhere,
// which is why network sessions may call it. The macro gives the named
// parameters their defaults and calls the Go table function mast_exhibit with
// all ten in order (duckdb-go's table functions cannot leave a named
// parameter out).
const SQLFunction = "exhibit"

// exhibitParams are mast_exhibit's parameters after kind and format, in order.
var exhibitParams = []string{"query", "subject", "since", "until", "ref", "title", "tz", "analyst"}

// RegisterSQL registers the exhibit table function on a case (it is given to
// engine.Options.Functions).
func RegisterSQL(ctx context.Context, conn *gosql.Conn, c *engine.Case) error {
	text, _ := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	tstz, _ := duckdb.NewTypeInfo(duckdb.TYPE_TIMESTAMP_TZ)
	f := duckdb.RowTableFunction{
		Config: duckdb.TableFunctionConfig{
			Arguments: []duckdb.TypeInfo{text, text, text, text, tstz, tstz, text, text, text, text},
		},
		BindArgumentsContext: func(ctx context.Context, _ map[string]any, args ...any) (duckdb.RowTableSource, error) {
			named := map[string]any{}
			for i, p := range exhibitParams {
				switch v := args[2+i].(type) {
				case string:
					if v != "" {
						named[p] = v
					}
				case time.Time:
					if v.Year() > 1 {
						named[p] = v
					}
				}
			}
			return bindExhibit(ctx, c, named, args[:2])
		},
	}
	if err := duckdb.RegisterTableUDF(conn, "mast_exhibit", f); err != nil {
		return fmt.Errorf("register %s(): %w", SQLFunction, err)
	}
	// No NULL may reach mast_exhibit: duckdb-go aborts the process reading a
	// NULL VARCHAR argument. Empty text and the zero instant mean "not given".
	macro := `CREATE OR REPLACE MACRO exhibit(kind, format, query := NULL, subject := NULL, since := NULL, until := NULL,
	    ref := NULL, title := NULL, tz := NULL, analyst := NULL) AS TABLE
	  SELECT * FROM mast_exhibit(coalesce(kind::VARCHAR, ''), coalesce(format::VARCHAR, ''), coalesce(query::VARCHAR, ''),
	    coalesce(subject::VARCHAR, ''), coalesce(since::TIMESTAMPTZ, '0001-01-01 00:00:00+00'::TIMESTAMPTZ),
	    coalesce(until::TIMESTAMPTZ, '0001-01-01 00:00:00+00'::TIMESTAMPTZ), coalesce(ref::VARCHAR, ''),
	    coalesce(title::VARCHAR, ''), coalesce(tz::VARCHAR, ''), coalesce(analyst::VARCHAR, ''))`
	if _, err := conn.ExecContext(ctx, macro); err != nil {
		return fmt.Errorf("register %s(): %w", SQLFunction, err)
	}
	return nil
}

// bindExhibit produces the exhibit when the call is bound: its bytes are the
// function's one row.
func bindExhibit(ctx context.Context, c *engine.Case, named map[string]any, args []any) (src duckdb.RowTableSource, err error) {
	defer func() { // a panic here would take the whole server down
		if p := recover(); p != nil {
			err = fmt.Errorf("%s(): internal error: %v", SQLFunction, p)
		}
	}()
	str := func(v any) string { s, _ := v.(string); return s }
	kind, format := strings.ToLower(str(args[0])), strings.ToLower(str(args[1]))
	if _, ok := Formats[kind]; !ok {
		return nil, fmt.Errorf("%s(kind, format, ...): kind is schedule or map, not %q", SQLFunction, kind)
	}
	loc, err := Zone(str(named["tz"]), c)
	if err != nil {
		return nil, fmt.Errorf("%s(): %w", SQLFunction, err)
	}
	r := Request{Kind: kind, Format: format, Case: c.Settings().Name, Query: str(named["query"]),
		Reference: str(named["ref"]), Title: str(named["title"]), Analyst: str(named["analyst"]), Loc: loc, Now: time.Now()}
	if r.Analyst == "" {
		r.Analyst = "SQL session"
	}
	if subj := str(named["subject"]); subj != "" {
		s := Subject{Subject: subj}
		s.From, _ = named["since"].(time.Time)
		s.To, _ = named["until"].(time.Time)
		r.Subject = &s
	}
	if (r.Subject == nil) == (r.Query == "") {
		return nil, fmt.Errorf("%s(): give query := 'SELECT ...' or subject := 'NUMBER' (one of them)", SQLFunction)
	}
	if r.Reference == "" {
		r.Reference = "MAST/" + r.Case + "/SQL"
	}
	r.Command = callText(fmt.Sprintf("%s(%s, %s%s)", SQLFunction, quote(kind), quote(format), namedText(named)), 0)
	var buf bytes.Buffer
	m, err := Produce(ctx, c.DB(), r, &buf)
	if err != nil {
		return nil, fmt.Errorf("%s(): %w", SQLFunction, err)
	}
	sum := sha256.Sum256(buf.Bytes())
	name := strings.NewReplacer("/", "-", " ", "_").Replace(m.Reference) + "." + format
	return &exhibitRow{vals: []any{m.Reference, m.Kind, m.FileFormat, name, buf.Bytes(), hex.EncodeToString(sum[:]), m.Rows, m.RowsSHA256, string(m.JSON())}}, nil
}

// namedText writes the named arguments back as SQL, in a fixed order.
func namedText(named map[string]any) string {
	var b strings.Builder
	for _, k := range []string{"query", "subject", "since", "until", "ref", "title", "tz", "analyst"} {
		switch v := named[k].(type) {
		case string:
			b.WriteString(", " + k + " := " + quote(v))
		case time.Time:
			b.WriteString(", " + k + " := " + quote(v.UTC().Format("2006-01-02 15:04:05+00")))
		}
	}
	return b.String()
}

// exhibitRow is the function's one row.
type exhibitRow struct {
	vals []any
	done bool
}

var exhibitColumns = []struct {
	name string
	typ  duckdb.Type
}{
	{"reference", duckdb.TYPE_VARCHAR}, {"kind", duckdb.TYPE_VARCHAR}, {"file_format", duckdb.TYPE_VARCHAR},
	{"file_name", duckdb.TYPE_VARCHAR}, {"bytes", duckdb.TYPE_BLOB}, {"sha256", duckdb.TYPE_VARCHAR},
	{"rows", duckdb.TYPE_BIGINT}, {"rows_sha256", duckdb.TYPE_VARCHAR}, {"manifest", duckdb.TYPE_VARCHAR},
}

func (e *exhibitRow) ColumnInfos() []duckdb.ColumnInfo {
	out := make([]duckdb.ColumnInfo, len(exhibitColumns))
	for i, c := range exhibitColumns {
		ti, _ := duckdb.NewTypeInfo(c.typ)
		out[i] = duckdb.ColumnInfo{Name: c.name, T: ti}
	}
	return out
}

func (e *exhibitRow) Cardinality() *duckdb.CardinalityInfo {
	return &duckdb.CardinalityInfo{Cardinality: 1, Exact: true}
}

func (e *exhibitRow) Init() {}

func (e *exhibitRow) FillRow(r duckdb.Row) (bool, error) {
	if e.done {
		return false, nil
	}
	e.done = true
	for i, v := range e.vals {
		if err := duckdb.SetRowValue(r, i, v); err != nil {
			return false, err
		}
	}
	return true, nil
}

// Zone is the zone an exhibit shows times in: tz when given, else the case's
// zone, else UTC.
func Zone(tz string, c *engine.Case) (*time.Location, error) {
	if tz == "" {
		tz = c.Settings().TimeZone
	}
	if tz == "" {
		tz = "UTC"
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("time zone %q is not an IANA name such as Europe/London, or UTC", tz)
	}
	return loc, nil
}
