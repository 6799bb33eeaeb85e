package exhibit

import (
	"bufio"
	"context"
	gosql "database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mastcdr/mast/docs"
	"github.com/mastcdr/mast/engine"
)

// ReportRequest asks for the case report.
type ReportRequest struct {
	Case    string
	Analyst string
	Now     time.Time
	Dir     string
}

// report is what the case report says, gathered once and written as
// Markdown and PDF.
type report struct {
	ReportRequest
	settings  [][2]string
	sources   []reportSource
	rejects   [][3]string // file, reason, count
	exhibits  []reportExhibit
	analyses  []reportAnalysis
	version   string
	producedS string
}

type reportSource struct {
	ID                                   int64
	File, SHA, Kind, Profile, Zone, When string
	Read, Loaded, Rejected, Duplicate    int64
}

type reportExhibit struct {
	ID                                                          int64
	Ref, Kind, Format, File, SHA, Title, Query, Traced, Analyst string
	Rows                                                        int64
	Produced                                                    string
}

type reportAnalysis struct {
	Name    string
	Calls   []string // the calls as the exhibits made them, with their arguments
	Method  string
	Limits  string
	Exhibit []string // references of the exhibits that ran it
}

// WriteReport writes report.md and report.pdf to r.Dir and returns their paths.
func WriteReport(ctx context.Context, db *gosql.DB, r ReportRequest) ([]string, error) {
	rep := &report{ReportRequest: r, version: engine.Version, producedS: r.Now.UTC().Format("2006-01-02 15:04:05 UTC")}
	if err := rep.gather(ctx, db); err != nil {
		return nil, fmt.Errorf("case report: %w", err)
	}
	md := filepath.Join(r.Dir, "report.md")
	if err := writeFileAtomic(md, rep.markdown()); err != nil {
		return nil, err
	}
	pdfPath := filepath.Join(r.Dir, "report.pdf")
	b, err := rep.pdf()
	if err != nil {
		return nil, err
	}
	if err := writeFileAtomic(pdfPath, b); err != nil {
		return nil, err
	}
	return []string{md, pdfPath}, nil
}

func writeFileAtomic(path string, b []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func (rep *report) gather(ctx context.Context, db *gosql.DB) error {
	err := eachRow(ctx, db, `SELECT key, value FROM case_meta ORDER BY key`, func(rs *gosql.Rows) error {
		var kv [2]string
		err := rs.Scan(&kv[0], &kv[1])
		rep.settings = append(rep.settings, kv)
		return err
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, db, `SELECT source_id, file_name, sha256, kind, coalesce(profile, ''), coalesce(time_zone, ''),
	    strftime(loaded_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S UTC') || ' by ' || loaded_by,
	    rows_read, rows_loaded, rows_rejected, rows_duplicate FROM sources ORDER BY source_id`, func(rs *gosql.Rows) error {
		var s reportSource
		err := rs.Scan(&s.ID, &s.File, &s.SHA, &s.Kind, &s.Profile, &s.Zone, &s.When, &s.Read, &s.Loaded, &s.Rejected, &s.Duplicate)
		rep.sources = append(rep.sources, s)
		return err
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, db, `SELECT s.file_name, r.reason, count(*)::VARCHAR FROM rejects r JOIN sources s USING (source_id)
	    GROUP BY s.source_id, s.file_name, r.reason ORDER BY s.source_id, count(*) DESC, r.reason`, func(rs *gosql.Rows) error {
		var x [3]string
		err := rs.Scan(&x[0], &x[1], &x[2])
		rep.rejects = append(rep.rejects, x)
		return err
	})
	if err != nil {
		return err
	}
	err = eachRow(ctx, db, `SELECT exhibit_id, reference, kind, file_format, file_name, file_sha256, coalesce(title, ''), query, traced, analyst, rows,
	    strftime(produced_at AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S UTC') FROM exhibits ORDER BY exhibit_id`, func(rs *gosql.Rows) error {
		var e reportExhibit
		err := rs.Scan(&e.ID, &e.Ref, &e.Kind, &e.Format, &e.File, &e.SHA, &e.Title, &e.Query, &e.Traced, &e.Analyst, &e.Rows, &e.Produced)
		rep.exhibits = append(rep.exhibits, e)
		return err
	})
	if err != nil {
		return err
	}
	return rep.findAnalyses()
}

// analysisPages maps each analysis function to its page in docs/analysis.
var analysisPages = map[string]string{
	"colocations": "colocations", "colocated_with": "colocated_with", "cotravel": "cotravel",
	"stays": "stays", "journeys": "journeys", "pattern_of_life": "pattern_of_life",
	"impossible_travel": "impossible_travel", "handset_changes": "handset_changes", "sim_changes": "handset_changes",
	"common_numbers": "common_numbers", "top_contacts": "top_contacts", "common_contacts": "common_contacts",
	"call_chains": "call_chains", "anpr_with_phone": "anpr_with_phone",
	"cell_area": "serving-areas", "cell_wedges": "serving-areas", "sector_wedge": "serving-areas", "event_points": "serving-areas",
}

var callRE = regexp.MustCompile(`(?i)\b([a-z_]+)\s*\(`)

// findAnalyses finds the analysis functions the exhibits' queries call, with
// the calls' text, and quotes each page's method and limits.
func (rep *report) findAnalyses() error {
	byName := map[string]*reportAnalysis{}
	add := func(name, call, ref string) {
		a := byName[name]
		if a == nil {
			a = &reportAnalysis{Name: name}
			byName[name] = a
		}
		if call != "" && !slices.Contains(a.Calls, call) {
			a.Calls = append(a.Calls, call)
		}
		if !slices.Contains(a.Exhibit, ref) {
			a.Exhibit = append(a.Exhibit, ref)
		}
	}
	for _, e := range rep.exhibits {
		// Every exhibit places events in the cells' estimated serving areas.
		add("serving-areas", "", e.Ref)
		for _, m := range callRE.FindAllStringSubmatchIndex(e.Query, -1) {
			name := strings.ToLower(e.Query[m[2]:m[3]])
			page, ok := analysisPages[name]
			if !ok || page == "serving-areas" {
				continue
			}
			add(page, callText(e.Query, m[0]), e.Ref)
		}
		for _, v := range []string{"event_points", "cell_wedges"} {
			if strings.Contains(e.Query, v) {
				add("serving-areas", "", e.Ref)
			}
		}
	}
	for _, a := range byName {
		b, err := fs.ReadFile(docs.Analysis, "analysis/"+a.Name+".md")
		if err != nil {
			return fmt.Errorf("the method of %s: %w", a.Name, err)
		}
		a.Method = section(string(b), "Method", "The estimate")
		a.Limits = section(string(b), "What it can and cannot claim", "What every answer can and cannot claim")
		rep.analyses = append(rep.analyses, *a)
	}
	slices.SortFunc(rep.analyses, func(x, y reportAnalysis) int { return strings.Compare(x.Name, y.Name) })
	return nil
}

// callText is the call starting at i, up to its closing parenthesis.
func callText(q string, i int) string {
	depth := 0
	for j := i; j < len(q); j++ {
		switch q[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return strings.Join(strings.Fields(q[i:j+1]), " ")
			}
		case '\'':
			if k := strings.IndexByte(q[j+1:], '\''); k >= 0 {
				j += k + 1
			}
		}
	}
	return strings.Join(strings.Fields(q[i:]), " ")
}

// section is the text under the first of the headings found ("## H").
func section(md string, headings ...string) string {
	for _, h := range headings {
		i := strings.Index(md, "\n## "+h+"\n")
		if i < 0 {
			continue
		}
		rest := md[i+len("\n## "+h+"\n"):]
		if j := strings.Index(rest, "\n## "); j >= 0 {
			rest = rest[:j]
		}
		return strings.TrimSpace(rest)
	}
	return "(the page gives no such section)"
}

func (rep *report) markdown() []byte {
	var b strings.Builder
	w := bufio.NewWriter(&b)
	fmt.Fprintf(w, "# Case report: %s\n\nProduced %s by %s with mast %s.\n\n", rep.Case, rep.producedS, rep.Analyst, rep.version)
	fmt.Fprintf(w, "## Case settings\n\n| setting | value |\n|---|---|\n")
	for _, s := range rep.settings {
		fmt.Fprintf(w, "| %s | %s |\n", s[0], mdCell(s[1]))
	}
	fmt.Fprintf(w, "\n## Sources\n\nEvery file loaded into the case. Rows read = rows loaded + rows rejected; duplicates are loaded and marked, never dropped. Times written without an offset were read in the time zone given.\n\n")
	fmt.Fprintf(w, "| id | file | SHA-256 | kind | profile | time zone | read | loaded | rejected | duplicates | loaded |\n|---|---|---|---|---|---|---:|---:|---:|---:|---|\n")
	for _, s := range rep.sources {
		fmt.Fprintf(w, "| %d | %s | `%s` | %s | %s | %s | %d | %d | %d | %d | %s |\n", s.ID, mdCell(s.File), s.SHA, s.Kind, s.Profile, s.Zone, s.Read, s.Loaded, s.Rejected, s.Duplicate, s.When)
	}
	if len(rep.rejects) > 0 {
		fmt.Fprintf(w, "\n### Rejected lines by reason\n\n| file | reason | lines |\n|---|---|---:|\n")
		for _, r := range rep.rejects {
			fmt.Fprintf(w, "| %s | %s | %s |\n", mdCell(r[0]), mdCell(r[1]), r[2])
		}
	}
	fmt.Fprintf(w, "\n## Analyses run\n\n")
	if len(rep.analyses) == 0 {
		fmt.Fprintf(w, "No exhibit has been produced from this case, so no analysis is reported.\n")
	}
	for _, a := range rep.analyses {
		fmt.Fprintf(w, "### %s\n\nUsed by: %s.\n\n", a.Name, strings.Join(a.Exhibit, ", "))
		for _, c := range a.Calls {
			fmt.Fprintf(w, "- `%s`\n", c)
		}
		if len(a.Calls) > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "**Method** (docs/analysis/%s.md)\n\n%s\n\n**What it can and cannot claim**\n\n%s\n\n", a.Name, demote(a.Method), demote(a.Limits))
	}
	fmt.Fprintf(w, "## Exhibits produced\n\n")
	if len(rep.exhibits) == 0 {
		fmt.Fprintf(w, "None yet.\n")
	}
	for _, e := range rep.exhibits {
		fmt.Fprintf(w, "### %s: %s\n\n- %s %s, file `%s`, SHA-256 `%s`\n- %d rows; traced to %s\n- produced %s by %s\n\n```sql\n%s\n```\n\n",
			e.Ref, e.Title, e.Kind, e.Format, e.File, e.SHA, e.Rows, map[string]string{"line": "a line of an input file for every row", "case": "the case's files (the rows carry no event or source id)"}[e.Traced], e.Produced, e.Analyst, e.Query)
	}
	w.Flush()
	return []byte(b.String())
}

// demote lowers a quoted page's headings below the report's own.
func demote(md string) string {
	return strings.ReplaceAll("\n"+md, "\n### ", "\n##### ")[1:]
}

func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
