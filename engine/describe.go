package engine

import (
	"context"
	gosql "database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/mastcdr/mast/catalog"
)

// TableDoc describes one table or view of the case schema.
type TableDoc struct {
	Name    string
	Kind    string // table or view
	Comment string
	Columns []ColumnDoc
}

// ColumnDoc describes one column.
type ColumnDoc struct {
	Name    string
	Type    string
	Comment string
}

// Describe returns the case's tables and views with their comments, in
// schema order: tables, then views, each in the order the migrations first
// create them (a table that a later migration rebuilds keeps its place).
func (c *Case) Describe(ctx context.Context) ([]TableDoc, error) {
	rows, err := c.db.QueryContext(ctx, `
		SELECT t.name, t.kind, coalesce(t.comment, ''), col.column_name, col.data_type, coalesce(col.comment, '')
		FROM (
		  SELECT table_name AS name, 'table' AS kind, comment, table_oid AS oid FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main' AND NOT temporary
		  UNION ALL
		  SELECT view_name, 'view', comment, view_oid FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' AND NOT temporary
		) t
		JOIN duckdb_columns() col ON col.table_oid = t.oid
		ORDER BY t.kind, t.oid, col.column_index`)
	if err != nil {
		return nil, fmt.Errorf("describe case: %w", err)
	}
	defer rows.Close()
	var out []TableDoc
	for rows.Next() {
		var name, kind, comment, colName, colType string
		var colComment gosql.NullString
		if err := rows.Scan(&name, &kind, &comment, &colName, &colType, &colComment); err != nil {
			return nil, fmt.Errorf("describe case: %w", err)
		}
		if len(out) == 0 || out[len(out)-1].Name != name {
			out = append(out, TableDoc{Name: name, Kind: kind, Comment: comment})
		}
		t := &out[len(out)-1]
		t.Columns = append(t.Columns, ColumnDoc{Name: colName, Type: colType, Comment: colComment.String})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("describe case: %w", err)
	}
	first, err := firstCreated()
	if err != nil {
		return nil, fmt.Errorf("describe case: %w", err)
	}
	// Those no migration creates (the bookkeeping made before them) first.
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind == "table"
		}
		return first[out[i].Name] < first[out[j].Name]
	})
	return out, nil
}

var createStatement = regexp.MustCompile(`(?i)\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?"?(\w+)`)

// firstCreated ranks each table and view by where the migrations first
// create it (1 for the first statement of all), so that a rebuilt table,
// which DuckDB then lists last, keeps its place.
func firstCreated() (map[string]int, error) {
	ms, err := catalog.Migrations()
	if err != nil {
		return nil, err
	}
	rank := map[string]int{}
	for _, m := range ms {
		for _, match := range createStatement.FindAllStringSubmatch(m.SQL, -1) {
			name := strings.ToLower(match[1])
			if _, seen := rank[name]; !seen {
				rank[name] = len(rank) + 1
			}
		}
	}
	return rank, nil
}
