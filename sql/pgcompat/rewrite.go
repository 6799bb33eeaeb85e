package pgcompat

import (
	"encoding/hex"
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// rewriter turns one parsed PostgreSQL statement into DuckDB SQL, in place.
type rewriter struct {
	constraints map[string]bool // names and aliases of pg_constraint in the statement
	ctes        map[string]bool // WITH names, which shadow catalog relations
	refusal     *Refusal
	params      []uint32
}

func newRewriter() *rewriter {
	return &rewriter{ctes: map[string]bool{}, constraints: map[string]bool{}}
}

// constraintColumn is alias.mast_condef for pg_get_constraintdef(alias.oid)
// when alias is a pg_constraint of the statement; nil otherwise.
func (w *rewriter) constraintColumn(arg *pg_query.Node) *pg_query.Node {
	cr := arg.GetColumnRef()
	if cr == nil {
		return nil
	}
	ns := names(cr.Fields)
	if len(ns) != 2 || len(cr.Fields) != 2 || ns[1] != "oid" || !w.constraints[ns[0]] {
		return nil
	}
	return pg_query.MakeColumnRefNode(strNodes(ns[0], "mast_condef"), -1)
}

func (w *rewriter) visitNode(root *pg_query.Node) {
	walkNodes(root, func(n *pg_query.Node) bool {
		if cte := n.GetCommonTableExpr(); cte != nil {
			w.ctes[strings.ToLower(cte.Ctename)] = true
		}
		if rv := n.GetRangeVar(); rv != nil && rv.Relname == "pg_constraint" && (rv.Schemaname == "" || rv.Schemaname == "pg_catalog") {
			w.constraints[rv.Relname] = true
			if rv.Alias != nil {
				w.constraints[rv.Alias.Aliasname] = true
			}
		}
		return true
	})
	visitor{node: w.node, rangeVar: w.rangeVar}.walk(root)
}

func (w *rewriter) refuse(code, format string, args ...any) {
	if w.refusal == nil {
		w.refusal = &Refusal{Code: code, Message: fmt.Sprintf(format, args...)}
	}
}

// catalogRelations maps the relations clients read, by PostgreSQL schema,
// to the view in mast_pg that answers for them.
var catalogRelations = map[string]map[string]string{
	"pg_catalog": {
		"pg_am": "pg_am", "pg_attrdef": "pg_attrdef", "pg_attribute": "pg_attribute", "pg_class": "pg_class",
		"pg_collation": "pg_collation", "pg_constraint": "pg_constraint", "pg_database": "pg_database",
		"pg_description": "pg_description", "pg_enum": "pg_enum", "pg_extension": "pg_extension",
		"pg_index": "pg_index", "pg_inherits": "pg_inherits", "pg_namespace": "pg_namespace",
		"pg_policy": "pg_policy", "pg_proc": "pg_proc", "pg_publication": "pg_publication",
		"pg_publication_namespace": "pg_publication_namespace", "pg_publication_rel": "pg_publication_rel",
		"pg_roles": "pg_roles", "pg_user": "pg_user", "pg_sequence": "pg_sequence", "pg_settings": "pg_settings",
		"pg_statistic_ext": "pg_statistic_ext", "pg_stats": "pg_stats", "pg_tables": "pg_tables",
		"pg_tablespace": "pg_tablespace", "pg_type": "pg_type", "pg_views": "pg_views",
	},
	"information_schema": {
		"columns": "information_schema_columns", "schemata": "information_schema_schemata",
		"tables": "information_schema_tables", "views": "information_schema_views",
	},
	"public": {
		"geometry_columns": "geometry_columns", "geography_columns": "geography_columns",
		"spatial_ref_sys": "spatial_ref_sys",
	},
}

func (w *rewriter) rangeVar(rv *pg_query.RangeVar) {
	if rv.Catalogname == Database || rv.Relname == "" {
		if rv.Catalogname == Database {
			w.refuse(codeInsufficientPrivilege, "the emulated catalog %s is read through pg_catalog names only", Database)
		}
		return
	}
	name := rv.Relname
	if strings.ContainsAny(name, "./\\:") {
		// DuckDB reads a file named like a table ("data.csv").
		w.refuse(codeInsufficientPrivilege, "relation %q looks like a file name: reading files is not allowed", name)
		return
	}
	schema := rv.Schemaname
	if schema == "" {
		if w.ctes[strings.ToLower(name)] {
			return
		}
		for _, s := range []string{"pg_catalog", "public"} {
			if v, ok := catalogRelations[s][name]; ok {
				rv.Catalogname, rv.Schemaname, rv.Relname = Database, "main", v
				return
			}
		}
		return
	}
	if v, ok := catalogRelations[schema][name]; ok {
		rv.Catalogname, rv.Schemaname, rv.Relname = Database, "main", v
		return
	}
	if schema == "public" {
		rv.Schemaname = "main"
	}
}

// int2vectorColumns are the catalog columns PostgreSQL types int2vector or
// oidvector: 0-based subscripts, text form '1 2'. mast stores them as lists.
var int2vectorColumns = map[string]bool{"indkey": true, "indoption": true, "indclass": true, "indcollation": true, "prattrs": true, "stxkeys": true}

func isInt2vector(n *pg_query.Node) bool {
	cr := n.GetColumnRef()
	if cr == nil {
		return false
	}
	ns := names(cr.Fields)
	return len(ns) == len(cr.Fields) && len(ns) > 0 && int2vectorColumns[strings.ToLower(ns[len(ns)-1])]
}

// mastFunctions are PostgreSQL and PostGIS functions the emulated catalog
// defines as macros (catalog/pgcatalog/4*.sql).
var mastFunctions = map[string]bool{
	"format_type": true, "pg_get_expr": true, "pg_get_constraintdef": true, "pg_get_indexdef": true,
	"pg_get_userbyid": true, "pg_table_is_visible": true, "pg_type_is_visible": true,
	"col_description": true, "obj_description": true, "shobj_description": true,
	"has_table_privilege": true, "has_any_column_privilege": true, "has_column_privilege": true,
	"has_schema_privilege": true, "has_database_privilege": true, "has_sequence_privilege": true,
	"has_function_privilege": true, "pg_has_role": true, "pg_is_in_recovery": true,
	"current_schema": true, "current_schemas": true, "version": true, "pg_get_serial_sequence": true,
	"pg_relation_is_publishable": true, "pg_get_statisticsobjdef_columns": true,
	"pg_encoding_to_char": true, "pg_backend_pid": true, "array_upper": true, "array_lower": true,
	"array_out":       true,
	"postgis_version": true, "postgis_lib_version": true, "postgis_full_version": true,
	"postgis_geos_version": true, "postgis_proj_version": true, "postgis_scripts_installed": true,
	"postgis_typmod_dims": true, "postgis_typmod_srid": true, "postgis_typmod_type": true,
}

func (w *rewriter) node(n *pg_query.Node) bool {
	switch x := n.Node.(type) {
	case *pg_query.Node_FuncCall:
		w.funcCall(n, x.FuncCall)
	case *pg_query.Node_AExpr:
		w.aExpr(n, x.AExpr)
	case *pg_query.Node_TypeCast:
		w.typeCast(n, x.TypeCast)
	case *pg_query.Node_CollateClause:
		// DuckDB's collations are not PostgreSQL's; "default" is the
		// only one clients send.
		n.Node = x.CollateClause.Arg.Node
		return w.node(n)
	case *pg_query.Node_AIndirection:
		w.indirection(x.AIndirection)
	case *pg_query.Node_ParamRef:
		for len(w.params) < int(x.ParamRef.Number) {
			w.params = append(w.params, 0)
		}
	case *pg_query.Node_ColumnRef:
		if ns := names(x.ColumnRef.Fields); len(ns) == 1 && len(x.ColumnRef.Fields) == 1 && ns[0] == "ctid" {
			// PostgreSQL's tuple id: DuckDB's rowid, shown as '(0,n)'.
			n.Node = template(`'(0,' || rowid::VARCHAR || ')'`).Node
			return false
		}
	case *pg_query.Node_SelectStmt:
		nameTargets(x.SelectStmt)
	case *pg_query.Node_RangeFunction:
		// FROM generate_series(...) s: in PostgreSQL s is also the name of
		// the function's one column; DuckDB would make s the row.
		rf := x.RangeFunction
		if rf.Alias != nil && len(rf.Alias.Colnames) == 0 && len(rf.Functions) == 1 && !rf.Ordinality && len(rf.Coldeflist) == 0 {
			rf.Alias.Colnames = strNodes(rf.Alias.Aliasname)
		}
	case *pg_query.Node_SqlvalueFunction:
		if x.SqlvalueFunction.Op == pg_query.SQLValueFunctionOp_SVFOP_CURRENT_SCHEMA {
			n.Node = mastFunc("current_schema").Node
		}
	}
	return true
}

// refusedFunctions read or write files, reach other systems or reveal
// secrets: never run for a network session, wherever they appear.
var refusedFunctions = map[string]bool{
	"read_csv": true, "read_csv_auto": true, "read_parquet": true, "parquet_scan": true,
	"read_json": true, "read_json_auto": true, "read_json_objects": true, "read_json_objects_auto": true,
	"read_ndjson": true, "read_ndjson_auto": true, "read_ndjson_objects": true, "read_text": true,
	"read_blob": true, "glob": true, "sniff_csv": true, "query_table": true, "query": true,
	"duckdb_secrets": true, "which_secret": true, "delta_scan": true, "postgres_scan": true,
	"postgres_query": true, "postgres_execute": true, "sqlite_scan": true, "sqlite_attach": true,
	"mysql_query": true, "read_xlsx": true, "st_read": true, "st_read_meta": true, "getenv": true,
	"load_aws_credentials": true, "duckdb_extensions": true, "read_duckdb": true,
	"parquet_metadata": true, "parquet_schema": true, "parquet_file_metadata": true, "parquet_kv_metadata": true,
	"pg_read_file": true, "pg_read_binary_file": true, "pg_ls_dir": true, "lo_import": true, "lo_export": true,
	// exhibit()'s inner table function: called directly with a NULL argument
	// it would abort the server (duckdb-go reads the NULL as text); exhibit()
	// never passes one.
	"mast_exhibit": true,
}

var refusedPrefixes = []string{"read_", "iceberg_", "delta_", "postgres_", "sqlite_", "mysql_", "parquet_", "st_read", "httpfs", "pg_read_", "pg_ls_"}

func isRefusedFunction(name string) bool {
	if refusedFunctions[name] {
		return true
	}
	for _, p := range refusedPrefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

func (w *rewriter) funcCall(n *pg_query.Node, fc *pg_query.FuncCall) {
	ns := names(fc.Funcname)
	if len(ns) > 0 && ns[0] == Database {
		return
	}
	name, schema := unqualified(fc.Funcname)
	if isRefusedFunction(name) {
		w.refuse(codeInsufficientPrivilege, "function %s is not allowed: it reads or writes outside the case", name)
		return
	}
	if schema != "" && schema != "pg_catalog" && schema != "information_schema" && schema != "public" {
		return
	}
	args := fc.Args
	switch {
	case name == "pg_get_constraintdef" && len(args) >= 1 && w.constraintColumn(args[0]) != nil:
		// In a join condition a macro's subquery cannot be planned: read
		// the definition from the pg_constraint row itself.
		n.Node = w.constraintColumn(args[0]).Node
	case mastFunctions[name]:
		fc.Funcname = strNodes(Database, "main", name)
	case name == "_pg_expandarray" && len(args) == 1:
		n.Node = funcCall("unnest", mastFunc("mast_expandarray", args[0])).Node
	case name == "regclass" && len(args) == 1:
		n.Node = regclassOf(args[0]).Node
	case name == "json_build_object":
		fc.Funcname = strNodes("json_object")
	case name == "st_asbinary" || name == "st_aswkb":
		// DuckDB's st_asbinary is little-endian (NDR) WKB already.
		fc.Funcname, fc.Args = strNodes("st_asbinary"), args[:min(len(args), 1)]
	case name == "st_extent" && len(args) == 1:
		n.Node = extentOf(args[0]).Node
	case name == "st_estimatedextent" && (len(args) == 2 || len(args) == 3):
		w.estimatedExtent(n, args)
	case name == "st_collect" && len(args) == 1 && fc.AggOrder == nil:
		n.Node = funcCall("pg_st_collect", funcCall("list", args[0])).Node
	case name == "st_collect" && len(args) == 2:
		n.Node = funcCall("pg_st_collect", &pg_query.Node{Node: &pg_query.Node_AArrayExpr{AArrayExpr: &pg_query.A_ArrayExpr{Elements: args, Location: -1}}}).Node
	case name == "st_makeenvelope" && (len(args) == 4 || len(args) == 5):
		n.Node = funcCall("pg_st_makeenvelope", args[:4]...).Node
	case name == "st_srid" && len(args) == 1:
		if isConstGeometry(args[0]) {
			n.Node = template(`0`).Node
		} else {
			n.Node = template(`CASE WHEN $1 IS NULL THEN NULL ELSE 4326 END`, args[0]).Node
		}
	case name == "geometrytype" && len(args) == 1:
		n.Node = funcCall("pg_geometrytype", args[0]).Node
	case (name == "st_zmflag" || name == "st_ndims" || name == "st_coorddim") && len(args) == 1:
		// mast's geometries are two-dimensional: ZM flag 0, 2 dimensions.
		value := `0`
		if name != "st_zmflag" {
			value = `2`
		}
		n.Node = template(`CASE WHEN $1 IS NULL THEN NULL ELSE `+value+` END`, args[0]).Node
	case name == "boolout" && len(args) == 1:
		n.Node = template(`CASE WHEN $1 THEN 't' WHEN NOT $1 THEN 'f' END`, args[0]).Node
	case name == "st_setsrid" && len(args) == 2:
		n.Node = args[0].Node
	case schema != "":
		fc.Funcname = strNodes(name)
	}
}

// isConstGeometry says whether n is a literal cast to geometry
// ('POINT EMPTY'::geometry): PostGIS gives such a geometry SRID 0.
func isConstGeometry(n *pg_query.Node) bool {
	tc := n.GetTypeCast()
	if tc == nil {
		return false
	}
	t, _ := unqualified(tc.TypeName.Names)
	_, isStr := constString(tc.Arg)
	return t == "geometry" && isStr
}

// extentOf is st_extent(g): PostGIS's aggregate, as DuckDB aggregates of
// mast's per-row bounds (DuckDB has no aggregate functions written in Go).
func extentOf(g *pg_query.Node) *pg_query.Node {
	return template(`pg_st_box(min(pg_st_xmin($1)), min(pg_st_ymin($1)), max(pg_st_xmax($1)), max(pg_st_ymax($1)))`, g)
}

// estimatedExtent is st_estimatedextent([schema,] table, column) with
// constant arguments: the exact extent, computed.
func (w *rewriter) estimatedExtent(n *pg_query.Node, args []*pg_query.Node) {
	var ss []string
	for _, a := range args {
		s, ok := constString(a)
		if !ok {
			return
		}
		ss = append(ss, s)
	}
	schema := "main"
	if len(ss) == 3 {
		if ss[0] != "public" {
			schema = ss[0]
		}
		ss = ss[1:]
	}
	col := pg_query.MakeColumnRefNode(strNodes(ss[1]), -1)
	sel := &pg_query.SelectStmt{
		TargetList: []*pg_query.Node{pg_query.MakeResTargetNodeWithVal(extentOf(col), -1)},
		FromClause: []*pg_query.Node{{Node: &pg_query.Node_RangeVar{RangeVar: &pg_query.RangeVar{Schemaname: schema, Relname: ss[0], Inh: true, Relpersistence: "p", Location: -1}}}},
	}
	w.rangeVar(sel.FromClause[0].GetRangeVar())
	n.Node = &pg_query.Node_SubLink{SubLink: &pg_query.SubLink{SubLinkType: pg_query.SubLinkType_EXPR_SUBLINK,
		Subselect: &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}, Location: -1}}
}

func (w *rewriter) aExpr(n *pg_query.Node, e *pg_query.A_Expr) {
	op, schema := unqualified(e.Name)
	// x = ANY(array), x <> ALL(array): DuckDB plans ANY over a list as a
	// subquery, which it cannot put in an outer join's condition.
	if e.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ANY && op == "=" {
		n.Node = funcCall("list_contains", e.Rexpr, e.Lexpr).Node
		return
	}
	if e.Kind == pg_query.A_Expr_Kind_AEXPR_OP_ALL && (op == "<>" || op == "!=") {
		n.Node = template(`NOT list_contains($1, $2)`, e.Rexpr, e.Lexpr).Node
		return
	}
	if e.Kind != pg_query.A_Expr_Kind_AEXPR_OP {
		if schema != "" {
			e.Name = strNodes(op)
		}
		return
	}
	switch op {
	case "~":
		n.Node = funcCall("regexp_matches", e.Lexpr, e.Rexpr).Node
	case "~*":
		n.Node = funcCall("regexp_matches", e.Lexpr, e.Rexpr, strConst("i")).Node
	case "!~":
		n.Node = template(`NOT regexp_matches($1, $2)`, e.Lexpr, e.Rexpr).Node
	case "!~*":
		n.Node = template(`NOT regexp_matches($1, $2, 'i')`, e.Lexpr, e.Rexpr).Node
	case "&&":
		n.Node = funcCall("st_intersects_extent", e.Lexpr, e.Rexpr).Node
	default:
		if schema != "" {
			e.Name = strNodes(op)
		}
	}
}

// paramTypes are the OIDs of the types a $n is cast to.
var paramTypes = map[string]uint32{
	"bool": OIDBool, "bytea": OIDBytea, "int8": OIDInt8, "int2": OIDInt2, "int4": OIDInt4,
	"text": OIDText, "oid": OIDOID, "float4": OIDFloat4, "float8": OIDFloat8, "varchar": OIDVarchar,
	"date": OIDDate, "time": OIDTime, "timestamp": OIDTimestamp, "timestamptz": OIDTimestamptz,
	"interval": OIDInterval, "numeric": OIDNumeric, "uuid": OIDUUID, "json": OIDJSON, "jsonb": OIDJSONB,
	"name": OIDName, "regclass": OIDRegclass, "regtype": OIDRegtype, "geometry": OIDGeometry,
}

func (w *rewriter) typeCast(n *pg_query.Node, tc *pg_query.TypeCast) {
	typ, _ := unqualified(tc.TypeName.Names)
	isArray := len(tc.TypeName.ArrayBounds) > 0
	if p := tc.Arg.GetParamRef(); p != nil && p.Number > 0 && !isArray {
		for len(w.params) < int(p.Number) {
			w.params = append(w.params, 0)
		}
		w.params[p.Number-1] = paramTypes[typ]
	}
	// x::regclass::text and the like: the name of the object.
	if inner := tc.Arg.GetTypeCast(); inner != nil && (typ == "text" || typ == "varchar" || typ == "name") && !isArray {
		in, _ := unqualified(inner.TypeName.Names)
		if fn := map[string]string{"regclass": "regclass_name", "regtype": "regtype_name", "regnamespace": "regnamespace_name"}[in]; fn != "" {
			if _, isConst := constString(inner.Arg); !isConst {
				n.Node = mastFunc(fn, typeCast(inner.Arg, "UINTEGER")).Node
				return
			}
		}
	}
	if (typ == "text" || typ == "varchar") && isInt2vector(tc.Arg) && !isArray {
		n.Node = funcCall("array_to_string", tc.Arg, strConst(" ")).Node
		return
	}
	s, isConst := constString(tc.Arg)
	switch typ {
	case "regclass":
		n.Node = regclassOf(tc.Arg).Node
		return
	case "regtype":
		if isConst {
			n.Node = mastFunc("regtype_oid", strConst(s)).Node
			return
		}
		setType(tc, "UINTEGER")
	case "regnamespace":
		if isConst {
			n.Node = mastFunc("regnamespace_oid", strConst(s)).Node
			return
		}
		setType(tc, "UINTEGER")
	case "regproc", "regprocedure":
		if isConst {
			// pg_type.typinput and the like hold the function's name.
			n.Node = strConst(s[strings.LastIndexByte(s, '.')+1:]).Node
			return
		}
		setType(tc, "VARCHAR")
	case "oid", "xid", "cid", "regrole", "regoper", "regoperator", "regconfig", "regdictionary", "regcollation":
		setType(tc, "UINTEGER")
	case "name", "char", "bpchar", "text", "varchar", "citext":
		setType(tc, "VARCHAR")
	case "int2vector":
		setType(tc, "SMALLINT")
		tc.TypeName.ArrayBounds = []*pg_query.Node{pg_query.MakeIntNode(-1)}
	case "oidvector":
		setType(tc, "UINTEGER")
		tc.TypeName.ArrayBounds = []*pg_query.Node{pg_query.MakeIntNode(-1)}
	case "geometry", "geography", "box2d", "box3d":
		setType(tc, "GEOMETRY")
	case "jsonb":
		setType(tc, "JSON")
	case "bytea":
		// A literal is read as PostgreSQL reads bytea input (hex \x0102,
		// or the escape format), not with DuckDB's BLOB escapes.
		if b, ok := byteaInput(s); isConst && !isArray && ok {
			n.Node = funcCall("unhex", strConst(hex.EncodeToString(b))).Node
			return
		}
		setType(tc, "BLOB")
	default:
		// Drop the pg_catalog qualifier: DuckDB knows int4, float8,
		// timestamptz... by their plain names.
		if len(tc.TypeName.Names) > 1 {
			tc.TypeName.Names = strNodes(typ)
		}
	}
}

// byteaInput decodes PostgreSQL's bytea input: \x and hex digits, or the
// escape format (\\ a backslash, \ooo an octal byte, anything else itself).
func byteaInput(s string) ([]byte, bool) {
	if rest, ok := strings.CutPrefix(s, `\x`); ok {
		b, err := hex.DecodeString(strings.Join(strings.Fields(rest), ""))
		return b, err == nil
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] != '\\':
			b = append(b, s[i])
		case i+1 < len(s) && s[i+1] == '\\':
			b = append(b, '\\')
			i++
		case i+3 < len(s) && isOctal(s[i+1]) && isOctal(s[i+2]) && isOctal(s[i+3]) && s[i+1] <= '3':
			b = append(b, (s[i+1]-'0')<<6|(s[i+2]-'0')<<3|(s[i+3]-'0'))
			i += 3
		default:
			return nil, false // invalid input syntax for type bytea
		}
	}
	return b, true
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

// setType replaces a cast's type, keeping array bounds, dropping typmods.
func setType(tc *pg_query.TypeCast, typ string) {
	tc.TypeName.Names = strNodes(typ)
	tc.TypeName.Typmods = nil
	tc.TypeName.Typemod = -1
}

// regclassOf is x::regclass: for a literal, the OID of the relation it
// names ('"public"."events"', 'pg_class'); for anything else, x as an oid.
func regclassOf(arg *pg_query.Node) *pg_query.Node {
	s, ok := constString(arg)
	if !ok {
		return typeCast(arg, "UINTEGER")
	}
	schema, rel := splitQualified(s)
	sch := nullConst()
	if schema != "" {
		sch = strConst(schema)
	}
	return mastFunc("regclass_oid", sch, strConst(rel))
}

// splitQualified splits a possibly qualified, possibly quoted name as
// PostgreSQL's regclassin reads it: `"public"."events"`, `public.events`,
// `pg_class`. Unquoted parts fold to lower case.
func splitQualified(s string) (string, string) {
	var parts []string
	var cur strings.Builder
	quoted, wasQuoted := false, false
	flush := func() {
		p := cur.String()
		if !wasQuoted {
			p = strings.ToLower(strings.TrimSpace(p))
		}
		parts = append(parts, p)
		cur.Reset()
		wasQuoted = false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '"' && quoted && i+1 < len(s) && s[i+1] == '"':
			cur.WriteByte('"')
			i++
		case ch == '"':
			quoted = !quoted
			wasQuoted = true
		case ch == '.' && !quoted:
			flush()
		default:
			cur.WriteByte(ch)
		}
	}
	flush()
	if len(parts) == 1 {
		return "", parts[0]
	}
	return parts[len(parts)-2], parts[len(parts)-1]
}

// indirection: int2vector subscripts are 0-based in PostgreSQL.
func (w *rewriter) indirection(ind *pg_query.A_Indirection) {
	if !isInt2vector(ind.Arg) {
		return
	}
	for _, i := range ind.Indirection {
		idx := i.GetAIndices()
		if idx == nil || idx.IsSlice || idx.Uidx == nil {
			continue
		}
		idx.Uidx = template(`$1 + 1`, idx.Uidx)
	}
}
