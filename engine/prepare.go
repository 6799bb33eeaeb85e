package engine

import (
	"context"
	gosql "database/sql"
	"database/sql/driver"
	"fmt"
	"slices"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Prepared describes a statement DuckDB has parsed and bound but not run:
// what kind of statement it is, the columns it returns and the types of its
// parameters. The wire server uses it to answer a client's Describe before
// anything runs, and to refuse a statement by kind.
type Prepared struct {
	Kind    string           // "SELECT", "INSERT", "CREATE", "EXPLAIN", ... (DuckDB's statement type)
	Columns []PreparedColumn // empty when the statement returns no rows
	Params  []string         // DuckDB type name of each $n, in order; "" where DuckDB cannot tell
}

// PreparedColumn is one result column of a prepared statement.
type PreparedColumn struct {
	Name string
	Type string // DuckDB type name as database/sql's DatabaseTypeName gives it
}

// Prepare asks DuckDB to prepare query on conn and describes it.
func Prepare(ctx context.Context, conn *gosql.Conn, query string) (Prepared, error) {
	var p Prepared
	err := conn.Raw(func(dc any) error {
		pc, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("prepare: driver connection cannot prepare")
		}
		st, err := pc.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		defer st.Close()
		s, ok := st.(*duckdb.Stmt)
		if !ok {
			return fmt.Errorf("prepare: not a DuckDB statement")
		}
		kind, err := s.StatementType()
		if err != nil {
			return err
		}
		p.Kind = statementKinds[kind]
		if p.Kind == "" {
			p.Kind = "OTHER"
		}
		for i := 1; i <= s.NumInput(); i++ {
			t, err := s.ParamType(i)
			if err != nil {
				p.Params = append(p.Params, "")
				continue
			}
			p.Params = append(p.Params, simpleTypeNames[t])
		}
		if kind != duckdb.STATEMENT_TYPE_SELECT && kind != duckdb.STATEMENT_TYPE_EXPLAIN &&
			kind != duckdb.STATEMENT_TYPE_PRAGMA && kind != duckdb.STATEMENT_TYPE_CALL {
			return nil
		}
		n, err := s.ColumnCount()
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			name, err := s.ColumnName(i)
			if err != nil {
				return err
			}
			info, err := s.ColumnTypeInfo(i)
			if err != nil {
				if !slices.Contains(p.Params, "") {
					return err
				}
				// A column that is an untyped parameter (SELECT $1): DuckDB
				// knows its type only once the value is bound. A client
				// that gives no type sends text, as PostgreSQL infers.
				p.Columns = append(p.Columns, PreparedColumn{Name: name, Type: "VARCHAR"})
				continue
			}
			p.Columns = append(p.Columns, PreparedColumn{Name: name, Type: typeInfoName(info)})
		}
		return nil
	})
	if err != nil {
		return Prepared{}, err
	}
	return p, nil
}

// typeInfoName writes a TypeInfo as DuckDB names the type ("DECIMAL(18,3)",
// "INTEGER[]", "STRUCT"...), close enough for pgcompat.TypeOf.
func typeInfoName(info duckdb.TypeInfo) string {
	t := info.InternalType()
	switch d := info.Details().(type) {
	case *duckdb.DecimalDetails:
		return fmt.Sprintf("DECIMAL(%d,%d)", d.Width, d.Scale)
	case *duckdb.ListDetails:
		return typeInfoName(d.Child) + "[]"
	case *duckdb.ArrayDetails:
		return fmt.Sprintf("%s[%d]", typeInfoName(d.Child), d.Size)
	}
	if name, ok := simpleTypeNames[t]; ok {
		return name
	}
	return "VARCHAR"
}

var simpleTypeNames = map[duckdb.Type]string{
	duckdb.TYPE_BOOLEAN:      "BOOLEAN",
	duckdb.TYPE_TINYINT:      "TINYINT",
	duckdb.TYPE_SMALLINT:     "SMALLINT",
	duckdb.TYPE_INTEGER:      "INTEGER",
	duckdb.TYPE_BIGINT:       "BIGINT",
	duckdb.TYPE_UTINYINT:     "UTINYINT",
	duckdb.TYPE_USMALLINT:    "USMALLINT",
	duckdb.TYPE_UINTEGER:     "UINTEGER",
	duckdb.TYPE_UBIGINT:      "UBIGINT",
	duckdb.TYPE_FLOAT:        "FLOAT",
	duckdb.TYPE_DOUBLE:       "DOUBLE",
	duckdb.TYPE_TIMESTAMP:    "TIMESTAMP",
	duckdb.TYPE_DATE:         "DATE",
	duckdb.TYPE_TIME:         "TIME",
	duckdb.TYPE_INTERVAL:     "INTERVAL",
	duckdb.TYPE_HUGEINT:      "HUGEINT",
	duckdb.TYPE_UHUGEINT:     "UHUGEINT",
	duckdb.TYPE_VARCHAR:      "VARCHAR",
	duckdb.TYPE_BLOB:         "BLOB",
	duckdb.TYPE_DECIMAL:      "DECIMAL",
	duckdb.TYPE_TIMESTAMP_S:  "TIMESTAMP_S",
	duckdb.TYPE_TIMESTAMP_MS: "TIMESTAMP_MS",
	duckdb.TYPE_TIMESTAMP_NS: "TIMESTAMP_NS",
	duckdb.TYPE_ENUM:         "ENUM",
	duckdb.TYPE_STRUCT:       "STRUCT",
	duckdb.TYPE_MAP:          "MAP",
	duckdb.TYPE_UUID:         "UUID",
	duckdb.TYPE_UNION:        "UNION",
	duckdb.TYPE_BIT:          "BIT",
	duckdb.TYPE_TIME_TZ:      "TIMETZ",
	duckdb.TYPE_TIMESTAMP_TZ: "TIMESTAMPTZ",
	duckdb.TYPE_BIGNUM:       "BIGNUM",
	duckdb.TYPE_GEOMETRY:     "GEOMETRY",
}

var statementKinds = map[duckdb.StmtType]string{
	duckdb.STATEMENT_TYPE_SELECT:       "SELECT",
	duckdb.STATEMENT_TYPE_INSERT:       "INSERT",
	duckdb.STATEMENT_TYPE_UPDATE:       "UPDATE",
	duckdb.STATEMENT_TYPE_EXPLAIN:      "EXPLAIN",
	duckdb.STATEMENT_TYPE_DELETE:       "DELETE",
	duckdb.STATEMENT_TYPE_PREPARE:      "PREPARE",
	duckdb.STATEMENT_TYPE_CREATE:       "CREATE",
	duckdb.STATEMENT_TYPE_EXECUTE:      "EXECUTE",
	duckdb.STATEMENT_TYPE_ALTER:        "ALTER",
	duckdb.STATEMENT_TYPE_TRANSACTION:  "TRANSACTION",
	duckdb.STATEMENT_TYPE_COPY:         "COPY",
	duckdb.STATEMENT_TYPE_ANALYZE:      "ANALYZE",
	duckdb.STATEMENT_TYPE_VARIABLE_SET: "SET",
	duckdb.STATEMENT_TYPE_CREATE_FUNC:  "CREATE",
	duckdb.STATEMENT_TYPE_DROP:         "DROP",
	duckdb.STATEMENT_TYPE_EXPORT:       "EXPORT",
	duckdb.STATEMENT_TYPE_PRAGMA:       "PRAGMA",
	duckdb.STATEMENT_TYPE_VACUUM:       "VACUUM",
	duckdb.STATEMENT_TYPE_CALL:         "CALL",
	duckdb.STATEMENT_TYPE_SET:          "SET",
	duckdb.STATEMENT_TYPE_LOAD:         "LOAD",
	duckdb.STATEMENT_TYPE_ATTACH:       "ATTACH",
	duckdb.STATEMENT_TYPE_DETACH:       "DETACH",
	duckdb.STATEMENT_TYPE_MULTI:        "MULTI",
}

// Lockdown closes the case's DuckDB instance to the host for good: no file
// can be read or written through SQL (read_csv, COPY ... TO, ATTACH of a
// file, INSTALL, LOAD) and no setting can change, for every connection of
// the instance. The wire server calls it before a network session runs its
// first statement; threads and memory are fixed here first.
func (c *Case) Lockdown(ctx context.Context) error {
	for _, s := range []string{
		`SET enable_external_access = false`,
		`SET lock_configuration = true`,
	} {
		if _, err := c.db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("lock down case: %s: %w", s, err)
		}
	}
	return nil
}
