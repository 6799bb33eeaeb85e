package pgcompat_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/mastcdr/mast/engine"
	"github.com/mastcdr/mast/sql/pgcompat"
)

// relationOIDs returns pg_class's OIDs by schema-qualified name.
func relationOIDs(t *testing.T, c *engine.Case) map[string]uint32 {
	rows, err := c.DB().QueryContext(t.Context(), `SELECT n.nspname || '.' || c.relname, c.oid FROM mast_pg.main.pg_class c JOIN mast_pg.main.pg_namespace n ON n.oid = c.relnamespace`)
	require.NoError(t, err)
	defer rows.Close()
	out := map[string]uint32{}
	for rows.Next() {
		var name string
		var oid uint32
		require.NoError(t, rows.Scan(&name, &oid))
		out[name] = oid
	}
	require.NoError(t, rows.Err())
	return out
}

func TestRelationOIDsAreStableAndUnique(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.duckdb")
	c, err := engine.Create(t.Context(), path, engine.Settings{Name: "c", Region: "GB", TimeZone: "UTC"}, engine.DefaultOptions())
	require.NoError(t, err)
	_, err = pgcompat.Install(t.Context(), c.DB())
	require.NoError(t, err)
	first := relationOIDs(t, c)
	require.NoError(t, c.Close())

	c, err = engine.Open(t.Context(), path, engine.DefaultOptions())
	require.NoError(t, err)
	defer c.Close()
	cat, err := pgcompat.Install(t.Context(), c.DB())
	require.NoError(t, err)
	second := relationOIDs(t, c)

	// After the lockdown the server applies, the catalog still follows the
	// case: a new table shows in pg_class.
	require.NoError(t, c.Lockdown(t.Context()))
	_, err = c.DB().ExecContext(t.Context(), `CREATE TABLE after_lockdown (a INTEGER)`)
	require.NoError(t, err)
	stmts, err := cat.Translate(`SELECT oid FROM pg_class WHERE relname = 'after_lockdown'`)
	require.NoError(t, err)
	var oid uint32
	require.NoError(t, c.DB().QueryRowContext(t.Context(), stmts[0].SQL).Scan(&oid))
	require.Equal(t, pgcompat.RelationOID("public", "after_lockdown"), oid)

	require.Equal(t, first, second)
	require.Greater(t, len(first), 40)
	seen := map[uint32]string{}
	for name, oid := range first {
		other, dup := seen[oid]
		require.False(t, dup, "%s and %s share OID %d", name, other, oid)
		seen[oid] = name
	}
	// Go computes the same OIDs as the catalog's SQL.
	require.Equal(t, pgcompat.RelationOID("public", "events"), first["public.events"])
	require.Equal(t, pgcompat.RelationOID("public", "event_points"), first["public.event_points"])
	require.GreaterOrEqual(t, first["public.events"], uint32(100000))
	require.Equal(t, uint32(1259), first["pg_catalog.pg_class"])
}

// The catalog's SQL type mapping (pg_attribute) agrees with TypeOf (the wire
// server's RowDescription) for every type in the case and a list of others.
func TestCatalogTypesAgreeWithTypeOf(t *testing.T) {
	db, _ := demo(t)
	rows, err := db.QueryContext(t.Context(), `SELECT DISTINCT data_type FROM duckdb_columns() WHERE database_name = current_database()`)
	require.NoError(t, err)
	var types []string
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		types = append(types, s)
	}
	require.NoError(t, rows.Err())
	rows.Close()
	types = append(types, "TINYINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "HUGEINT", "FLOAT", "DECIMAL(18,3)",
		"BLOB", "DATE", "TIME", "TIMESTAMP", "TIMESTAMP_NS", "INTERVAL", "UUID", "JSON", "GEOMETRY", "INTEGER[]",
		"VARCHAR[]", "DECIMAL(9,2)[]", "STRUCT(a INTEGER)", "MAP(VARCHAR, INTEGER)", "GEOMETRY[]", "INTEGER[][]", "BOOLEAN[]")
	for _, d := range types {
		var name string
		var oid uint32
		var mod int32
		require.NoError(t, db.QueryRowContext(t.Context(),
			`SELECT t.typname, t.oid, mast_pg.main.mast_typmod(?) FROM mast_pg.main.pg_type t WHERE t.typname = mast_pg.main.mast_typname(?)`, d, d).Scan(&name, &oid, &mod), d)
		want := pgcompat.TypeOf(d)
		require.Equal(t, want.Name, name, d)
		require.Equal(t, want.OID, oid, d)
		require.Equal(t, want.Mod, mod, d)
	}
}
