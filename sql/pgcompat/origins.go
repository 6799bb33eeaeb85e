package pgcompat

import (
	"context"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// origins works out RowDescription's table OID and attribute number for
// each output column of a SELECT, as PostgreSQL does: a plain reference to
// a column of a table or view of the case (through subqueries in FROM, and
// * expanded) gives that column; anything else gives zeros. It returns nil
// when the SELECT reads no relation of the case.
func (c *Catalog) origins(sel *pg_query.SelectStmt) []Origin {
	if sel == nil || len(sel.FromClause) == 0 || sel.Op != pg_query.SetOperation_SETOP_NONE {
		return nil
	}
	cols, ok := c.selectOrigins(sel, 0)
	if !ok {
		return nil
	}
	out := make([]Origin, len(cols))
	for i, col := range cols {
		out[i] = col.Origin
	}
	return out
}

// namedOrigin is one output column of a FROM item.
type namedOrigin struct {
	name   string
	Origin Origin
}

// fromItem is a FROM item: its name (alias) and columns.
type fromItem struct {
	alias string
	cols  []namedOrigin
}

func (c *Catalog) selectOrigins(sel *pg_query.SelectStmt, depth int) ([]namedOrigin, bool) {
	if depth > 8 || sel.Op != pg_query.SetOperation_SETOP_NONE {
		return nil, false
	}
	var items []fromItem
	for _, f := range sel.FromClause {
		its, ok := c.fromItems(f, depth)
		if !ok {
			return nil, false
		}
		items = append(items, its...)
	}
	var out []namedOrigin
	for _, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt == nil {
			return nil, false
		}
		cr := rt.Val.GetColumnRef()
		if cr == nil {
			out = append(out, namedOrigin{name: rt.Name})
			continue
		}
		var qual string
		var field *pg_query.Node
		switch len(cr.Fields) {
		case 1:
			field = cr.Fields[0]
		case 2:
			qual, field = strings.ToLower(names(cr.Fields[:1])[0]), cr.Fields[1]
		default:
			field = cr.Fields[len(cr.Fields)-1]
			ns := names(cr.Fields)
			if len(ns) >= 2 {
				qual = ns[len(ns)-2]
			}
		}
		if field.GetAStar() != nil {
			for _, it := range items {
				if qual == "" || it.alias == qual {
					out = append(out, it.cols...)
				}
			}
			continue
		}
		name := ""
		if s := field.GetString_(); s != nil {
			name = s.Sval
		}
		var found Origin
		for _, it := range items {
			if qual != "" && it.alias != qual {
				continue
			}
			for _, col := range it.cols {
				if col.name == name {
					found = col.Origin
				}
			}
		}
		outName := rt.Name
		if outName == "" {
			outName = name
		}
		out = append(out, namedOrigin{name: outName, Origin: found})
	}
	return out, true
}

func (c *Catalog) fromItems(f *pg_query.Node, depth int) ([]fromItem, bool) {
	switch x := f.Node.(type) {
	case *pg_query.Node_RangeVar:
		rv := x.RangeVar
		alias := rv.Relname
		if rv.Alias != nil {
			alias = rv.Alias.Aliasname
		}
		return []fromItem{{alias: alias, cols: c.relationColumns(rv)}}, true
	case *pg_query.Node_RangeSubselect:
		sel := x.RangeSubselect.Subquery.GetSelectStmt()
		if sel == nil {
			return nil, false
		}
		cols, ok := c.selectOrigins(sel, depth+1)
		if !ok {
			return nil, false
		}
		alias := ""
		if x.RangeSubselect.Alias != nil {
			alias = x.RangeSubselect.Alias.Aliasname
		}
		return []fromItem{{alias: alias, cols: cols}}, true
	case *pg_query.Node_JoinExpr:
		l, ok1 := c.fromItems(x.JoinExpr.Larg, depth)
		r, ok2 := c.fromItems(x.JoinExpr.Rarg, depth)
		if !ok1 || !ok2 || x.JoinExpr.Alias != nil || len(x.JoinExpr.UsingClause) > 0 || x.JoinExpr.IsNatural {
			return nil, false
		}
		return append(l, r...), true
	}
	return nil, false
}

// relationColumns returns the columns of a relation of the case, with
// their OID and attribute numbers; nil for anything else (catalog
// relations, CTEs, unknown names).
func (c *Catalog) relationColumns(rv *pg_query.RangeVar) []namedOrigin {
	schema := rv.Schemaname
	if schema == "" || schema == "public" {
		schema = "main"
	}
	if rv.Catalogname != "" || (rv.Schemaname == "" && isCatalogName(rv.Relname)) {
		return nil
	}
	rows, err := c.db.QueryContext(context.Background(),
		`SELECT column_name, column_index FROM duckdb_columns()
		 WHERE database_name = current_database() AND schema_name = ? AND table_name = ? ORDER BY column_index`,
		schema, rv.Relname)
	if err != nil {
		return nil
	}
	defer rows.Close()
	oid := RelationOID(nspName(schema), rv.Relname)
	var out []namedOrigin
	for rows.Next() {
		var name string
		var idx int16
		if err := rows.Scan(&name, &idx); err != nil {
			return nil
		}
		out = append(out, namedOrigin{name: name, Origin: Origin{Table: oid, Column: idx}})
	}
	return out
}

func isCatalogName(rel string) bool {
	_, a := catalogRelations["pg_catalog"][rel]
	_, b := catalogRelations["public"][rel]
	return a || b
}

// nspName is the PostgreSQL name of a DuckDB schema.
func nspName(duck string) string {
	if duck == "main" {
		return "public"
	}
	return duck
}
