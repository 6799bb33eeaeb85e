package exhibit

import (
	"context"
	gosql "database/sql"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/mastcdr/mast/engine"
)

// Request asks for one exhibit.
type Request struct {
	Kind      string // schedule or map
	Format    string // csv, xlsx, pdf (schedules); geojson, kml, pdf, png, html (maps)
	Case      string
	Query     string // the analyst's SQL; empty when Subject is given
	Subject   *Subject
	Reference string
	Title     string
	Analyst   string
	Command   string
	Loc       *time.Location
	Now       time.Time // the production time written in the exhibit
	Basemap   string    // maps: a local GeoJSON, or a PNG/JPEG with a world file
}

// Formats lists the file formats of each kind.
var Formats = map[string][]string{
	"schedule": {"csv", "xlsx", "pdf"},
	"map":      {"geojson", "kml", "pdf", "png", "html"},
}

// Produce makes the exhibit and writes it to w, returning its manifest.
func Produce(ctx context.Context, db *gosql.DB, r Request, w io.Writer) (*Manifest, error) {
	if !slices.Contains(Formats[r.Kind], r.Format) {
		return nil, fmt.Errorf("a %s exhibit is written as %s, not %q", r.Kind, strings.Join(Formats[r.Kind], ", "), r.Format)
	}
	if r.Loc == nil {
		r.Loc = time.UTC
	}
	m := &Manifest{
		Format: ManifestFormat, Reference: r.Reference, Kind: r.Kind, FileFormat: r.Format, Title: r.Title,
		Case: r.Case, Command: r.Command, Query: r.Query, TimeZone: r.Loc.String(), Analyst: r.Analyst,
		MastVersion: engine.Version, ProducedAt: r.Now.UTC().Truncate(time.Second),
	}
	if r.Subject != nil {
		m.Subject = r.Subject.Subject
		if !r.Subject.From.IsZero() {
			m.From = r.Subject.From.In(r.Loc).Format(time.RFC3339)
		}
		if !r.Subject.To.IsZero() {
			m.To = r.Subject.To.In(r.Loc).Format(time.RFC3339)
		}
		if r.Kind == "schedule" {
			m.Query = SubjectQuery(*r.Subject)
		} else {
			m.Query = SubjectMapQuery(*r.Subject)
		}
	}
	if m.Title == "" {
		m.Title = defaultTitle(m, r.Loc)
	}
	t, err := m.table(ctx, db, r.Loc)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	switch r.Kind + "/" + r.Format {
	case "schedule/csv":
		err = WriteCSV(w, t, m)
	case "schedule/xlsx":
		err = WriteXLSX(w, t, m)
	case "schedule/pdf":
		err = WriteSchedulePDF(w, t, m)
	default:
		err = writeMap(w, t, m, r.Basemap)
	}
	if err != nil {
		return nil, err
	}
	return m, nil
}

// table runs the manifest's query as the exhibit's table.
func (m *Manifest) table(ctx context.Context, db *gosql.DB, loc *time.Location) (*Table, error) {
	if m.Kind == "schedule" && m.Subject != "" {
		s := Subject{Subject: m.Subject}
		var errFrom, errTo error
		if m.From != "" {
			s.From, errFrom = time.Parse(time.RFC3339, m.From)
		}
		if m.To != "" {
			s.To, errTo = time.Parse(time.RFC3339, m.To)
		}
		// The recorded query is the subject's query (it is unless the
		// manifest was edited or made by another version): read in pages.
		if errFrom == nil && errTo == nil && SubjectQuery(s) == m.Query {
			return Schedule(ctx, db, s, loc)
		}
		return schedule(ctx, db, m.Query, loc, nil)
	}
	return Query(ctx, db, m.Query, loc)
}

func defaultTitle(m *Manifest, loc *time.Location) string {
	what := "Schedule of events"
	if m.Kind == "map" {
		what = "Map"
	}
	if m.Subject == "" {
		return what + " (analyst's query)"
	}
	title := what + " of " + m.Subject
	when := func(s string) string {
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			return s
		}
		return t.In(loc).Format("2006-01-02 15:04")
	}
	switch {
	case m.From != "" && m.To != "":
		title += ", " + when(m.From) + " to " + when(m.To)
	case m.From != "":
		title += ", from " + when(m.From)
	case m.To != "":
		title += ", until " + when(m.To)
	}
	return title
}
