package pgcompat

import (
	"context"
	"fmt"
	"strings"
	"sync"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// Translate splits what a client sent into statements and translates each
// for DuckDB (see the package documentation for the rewrites). A statement
// PostgreSQL's parser cannot read is returned unchanged as KindQuery (an
// analyst's DuckDB dialect: the server asks DuckDB what it is), unless it
// names something mast refuses. An empty string is one KindEmpty statement.
func (c *Catalog) Translate(sql string) ([]Statement, error) {
	parts := split(sql)
	var out []Statement
	refreshed := false
	for _, p := range parts {
		st := c.translateOne(p)
		if !refreshed && strings.Contains(st.SQL, Database+".") {
			// The statement reads the emulated catalog: make sure it
			// shows the case as it is now.
			if err := c.refresh(context.Background()); err != nil {
				return nil, err
			}
			refreshed = true
		}
		out = append(out, st)
	}
	if len(out) == 0 {
		out = append(out, Statement{Kind: KindEmpty, Source: sql})
	}
	return out, nil
}

// translateOne translates one statement.
func (c *Catalog) translateOne(src string) Statement {
	tree, err := pg_query.Parse(src)
	if err != nil || len(tree.Stmts) != 1 {
		return rawStatement(src)
	}
	st, err := c.translateParsed(src, tree)
	if err != nil {
		// A rewrite that cannot be deparsed: run what the client sent and
		// let DuckDB answer, still refusing what mast refuses.
		return rawStatement(src)
	}
	return st
}

func (c *Catalog) translateParsed(src string, tree *pg_query.ParseResult) (Statement, error) {
	node := tree.Stmts[0].Stmt
	st := Statement{Source: src}
	switch n := node.Node.(type) {
	case *pg_query.Node_SelectStmt:
		st.Kind, st.Tag = KindQuery, "SELECT"
		if n.SelectStmt.IntoClause != nil {
			st.Kind = KindExec
		}
		st.Reads = readsOnly(node)
		return c.rewriteQuery(st, node)
	case *pg_query.Node_ExplainStmt:
		st.Kind, st.Tag = KindQuery, "EXPLAIN"
		st.Writes = explainRuns(n.ExplainStmt) && !readsOnly(n.ExplainStmt.Query)
		return c.rewriteQuery(st, node)
	case *pg_query.Node_TransactionStmt:
		return transaction(st, n.TransactionStmt), nil
	case *pg_query.Node_VariableSetStmt:
		return variableSet(st, n.VariableSetStmt), nil
	case *pg_query.Node_VariableShowStmt:
		st.Kind, st.Tag = KindShow, "SHOW"
		st.Set = &Setting{Name: strings.ToLower(n.VariableShowStmt.Name)}
		return st, nil
	case *pg_query.Node_DeclareCursorStmt:
		return c.declare(st, n.DeclareCursorStmt)
	case *pg_query.Node_FetchStmt:
		return fetch(st, n.FetchStmt), nil
	case *pg_query.Node_ClosePortalStmt:
		st.Kind, st.Tag = KindClose, "CLOSE CURSOR"
		st.Cursor = &Cursor{Name: n.ClosePortalStmt.Portalname}
		return st, nil
	case *pg_query.Node_CopyStmt:
		return c.copyStmt(st, n.CopyStmt)
	case *pg_query.Node_DeallocateStmt:
		st.Kind, st.Tag, st.Name = KindDeallocate, "DEALLOCATE", n.DeallocateStmt.Name
		if n.DeallocateStmt.Isall {
			st.Tag, st.Name = "DEALLOCATE ALL", ""
		}
		return st, nil
	case *pg_query.Node_DiscardStmt:
		st.Kind, st.Tag = KindDiscard, "DISCARD ALL"
		if n.DiscardStmt.Target != pg_query.DiscardMode_DISCARD_ALL {
			st.Tag = "DISCARD"
		}
		return st, nil
	case *pg_query.Node_LoadStmt:
		return refused(st, codeInsufficientPrivilege, "LOAD is not allowed: mast loads no extensions or libraries for a network session"), nil
	case *pg_query.Node_CheckPointStmt:
		return refused(st, codeInsufficientPrivilege, "CHECKPOINT is not allowed for a network session"), nil
	case *pg_query.Node_PrepareStmt, *pg_query.Node_ExecuteStmt:
		return refused(st, codeFeatureNotSupported, "SQL-level PREPARE and EXECUTE are not supported: use the extended query protocol"), nil
	case *pg_query.Node_ListenStmt, *pg_query.Node_NotifyStmt, *pg_query.Node_UnlistenStmt:
		return refused(st, codeFeatureNotSupported, "LISTEN and NOTIFY are not supported"), nil
	}
	st.Kind, st.Tag = KindExec, commandTag(node)
	return c.rewriteQuery(st, node)
}

// rewriteQuery rewrites a statement that DuckDB runs and deparses it.
func (c *Catalog) rewriteQuery(st Statement, node *pg_query.Node) (Statement, error) {
	if st.Kind == KindQuery {
		if sel := node.GetSelectStmt(); sel != nil {
			st.Columns = c.origins(sel)
		}
	}
	w := newRewriter()
	w.visitNode(node)
	if w.refusal != nil {
		return refused(st, w.refusal.Code, w.refusal.Message), nil
	}
	st.ParamTypes = w.params
	sql, err := deparse(node)
	if err != nil {
		return st, err
	}
	st.SQL = sql
	return st, nil
}

// treeVersion is the parse tree version pg_query's deparser expects.
var treeVersion = sync.OnceValue(func() int32 {
	tree, err := pg_query.Parse("SELECT 1")
	if err != nil {
		return 0
	}
	return tree.Version
})

func deparse(node *pg_query.Node) (string, error) {
	out, err := pg_query.Deparse(&pg_query.ParseResult{Version: treeVersion(), Stmts: []*pg_query.RawStmt{{Stmt: node}}})
	if err != nil {
		return "", fmt.Errorf("deparse: %w", err)
	}
	return out, nil
}

// rawStatement is a statement pg_query could not parse: DuckDB's dialect.
func rawStatement(src string) Statement {
	st := Statement{Kind: KindQuery, Source: src, SQL: src, Raw: true}
	if r := refuseRaw(src); r != nil {
		return refused(st, r.Code, r.Message)
	}
	return st
}

func refused(st Statement, code, msg string) Statement {
	st.Kind, st.SQL, st.Tag = KindRefused, "", ""
	st.Refusal = &Refusal{Code: code, Message: msg}
	return st
}

const (
	codeInsufficientPrivilege = "42501"
	codeFeatureNotSupported   = "0A000"
)

func transaction(st Statement, t *pg_query.TransactionStmt) Statement {
	switch t.Kind {
	case pg_query.TransactionStmtKind_TRANS_STMT_BEGIN, pg_query.TransactionStmtKind_TRANS_STMT_START:
		st.Kind, st.Tag = KindBegin, "BEGIN"
		if t.Kind == pg_query.TransactionStmtKind_TRANS_STMT_START {
			st.Tag = "START TRANSACTION"
		}
		for _, o := range t.Options {
			d := o.GetDefElem()
			if d != nil && d.Defname == "transaction_read_only" {
				if v, ok := constInt(d.Arg); ok && v == 1 {
					st.ReadOnly = true
				}
			}
		}
	case pg_query.TransactionStmtKind_TRANS_STMT_COMMIT:
		st.Kind, st.Tag = KindCommit, "COMMIT"
	case pg_query.TransactionStmtKind_TRANS_STMT_ROLLBACK:
		st.Kind, st.Tag = KindRollback, "ROLLBACK"
	default:
		return refused(st, codeFeatureNotSupported, "savepoints and two-phase commit are not supported")
	}
	return st
}

// securitySettings are DuckDB settings that guard the host: a network
// session may not even try to change them (the instance is locked down too).
var securitySettings = map[string]bool{
	"enable_external_access": true, "lock_configuration": true, "allowed_paths": true,
	"allowed_directories": true, "temp_directory": true, "extension_directory": true,
	"allow_unsigned_extensions": true, "allow_community_extensions": true,
	"autoinstall_known_extensions": true, "autoload_known_extensions": true,
	"autoinstall_extension_repository": true, "custom_extension_repository": true,
	"memory_limit": true, "max_memory": true, "threads": true, "worker_threads": true,
	"max_temp_directory_size": true, "enable_fsst_vectors": false, "secret_directory": true,
	"allow_persistent_secrets": true, "enable_http_metadata_cache": true, "http_proxy": true,
	"s3_access_key_id": true, "s3_secret_access_key": true, "home_directory": true,
	"enable_object_cache": true, "log_query_path": true, "profile_output": true,
	"profiling_output": true, "enable_profiling": true, "default_secret_storage": true,
	"allocator_background_threads": true, "external_threads": true, "storage_compatibility_version": true,
	"checkpoint_threshold": true, "wal_autocheckpoint": true, "access_mode": true,
	"enable_logging": true, "logging_storage": true,
}

func variableSet(st Statement, v *pg_query.VariableSetStmt) Statement {
	name := strings.ToLower(v.Name)
	switch v.Kind {
	case pg_query.VariableSetKind_VAR_RESET:
		st.Kind, st.Tag = KindReset, "RESET"
		st.Set = &Setting{Name: name}
	case pg_query.VariableSetKind_VAR_RESET_ALL:
		st.Kind, st.Tag = KindReset, "RESET"
		st.Set = &Setting{Name: "all"}
	case pg_query.VariableSetKind_VAR_SET_MULTI:
		// SET TRANSACTION ... / SET SESSION CHARACTERISTICS AS TRANSACTION ...
		st.Kind, st.Tag = KindSet, "SET"
		st.Set = &Setting{Name: "transaction_isolation", Local: v.IsLocal}
		for _, a := range v.Args {
			if d := a.GetDefElem(); d != nil {
				val := settingValue([]*pg_query.Node{d.Arg})
				switch d.Defname {
				case "transaction_isolation":
					st.Set = &Setting{Name: "transaction_isolation", Value: val, Local: v.IsLocal}
				case "transaction_read_only":
					st.Set = &Setting{Name: "transaction_read_only", Value: map[string]string{"1": "on", "0": "off"}[val], Local: v.IsLocal}
				}
				break
			}
		}
	default:
		st.Kind, st.Tag = KindSet, "SET"
		st.Set = &Setting{Name: name, Local: v.IsLocal}
		if v.Kind == pg_query.VariableSetKind_VAR_SET_VALUE {
			st.Set.Value = settingValue(v.Args)
		}
	}
	if securitySettings[name] {
		return refused(st, codeInsufficientPrivilege, fmt.Sprintf("setting %s is not allowed: it guards the host mast runs on", name))
	}
	return st
}

// settingValue renders SET's arguments as PostgreSQL shows the value.
func settingValue(args []*pg_query.Node) string {
	var parts []string
	for _, a := range args {
		if s, ok := constString(a); ok {
			parts = append(parts, s)
		} else if i, ok := constInt(a); ok {
			parts = append(parts, fmt.Sprint(i))
		} else if c := a.GetAConst(); c != nil && c.GetFval() != nil {
			parts = append(parts, c.GetFval().Fval)
		} else if c != nil && c.GetBoolval() != nil {
			parts = append(parts, map[bool]string{true: "on", false: "off"}[c.GetBoolval().Boolval])
		} else if tc := a.GetTypeCast(); tc != nil {
			parts = append(parts, settingValue([]*pg_query.Node{tc.Arg}))
		}
	}
	return strings.Join(parts, ", ")
}

// Cursor options of DeclareCursorStmt (PostgreSQL's parsenodes.h).
const (
	cursorOptBinary = 0x0001
	cursorOptHold   = 0x0020
)

func (c *Catalog) declare(st Statement, d *pg_query.DeclareCursorStmt) (Statement, error) {
	st.Kind, st.Tag = KindDeclare, "DECLARE CURSOR"
	st.Cursor = &Cursor{Name: d.Portalname, Binary: d.Options&cursorOptBinary != 0, Hold: d.Options&cursorOptHold != 0}
	inner := Statement{Kind: KindQuery}
	inner, err := c.rewriteQuery(inner, d.Query)
	if err != nil {
		return st, err
	}
	if inner.Kind == KindRefused {
		return refused(st, inner.Refusal.Code, inner.Refusal.Message), nil
	}
	st.SQL, st.Columns, st.ParamTypes = inner.SQL, inner.Columns, inner.ParamTypes
	return st, nil
}

// fetchAll is how pg_query says FETCH ALL (PostgreSQL's FETCH_ALL, LONG_MAX).
const fetchAll = int64(^uint64(0) >> 1)

func fetch(st Statement, f *pg_query.FetchStmt) Statement {
	st.Kind, st.Tag = KindFetch, "FETCH"
	if f.Ismove {
		st.Kind, st.Tag = KindMove, "MOVE"
	}
	cur := &Cursor{Name: f.Portalname, Count: f.HowMany}
	if f.HowMany == fetchAll {
		cur.Count = -1
	}
	if f.Direction != pg_query.FetchDirection_FETCH_FORWARD {
		cur.Backward = true
	}
	st.Cursor = cur
	return st
}

func (c *Catalog) copyStmt(st Statement, cp *pg_query.CopyStmt) (Statement, error) {
	st.Tag = "COPY"
	switch {
	case cp.IsFrom:
		return refused(st, codeFeatureNotSupported, "COPY FROM is not supported: a network session does not write the case"), nil
	case cp.IsProgram:
		return refused(st, codeInsufficientPrivilege, "COPY to a program is not allowed"), nil
	case cp.Filename != "":
		return refused(st, codeInsufficientPrivilege, fmt.Sprintf("COPY to the file %q is not allowed: use COPY ... TO STDOUT", cp.Filename)), nil
	}
	opts := &Copy{Format: "text"}
	for _, o := range cp.Options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		val, _ := constString(d.Arg)
		if val == "" && d.Arg != nil {
			val = settingValue([]*pg_query.Node{d.Arg})
		}
		switch d.Defname {
		case "format":
			opts.Format = strings.ToLower(val)
		case "header":
			opts.Header = d.Arg == nil || val == "true" || val == "on" || val == "1" || strings.EqualFold(val, "match")
		case "delimiter":
			opts.Delimiter = val
		case "null":
			opts.Null = val
		case "quote":
			opts.Quote = val
		}
	}
	switch opts.Format {
	case "text", "csv":
	default:
		return refused(st, codeFeatureNotSupported, fmt.Sprintf("COPY format %s is not supported: use text or csv", opts.Format)), nil
	}
	if opts.Delimiter == "" {
		opts.Delimiter = map[string]string{"text": "\t", "csv": ","}[opts.Format]
	}
	if opts.Null == "" && opts.Format == "text" {
		opts.Null = `\N`
	}
	if opts.Quote == "" && opts.Format == "csv" {
		opts.Quote = `"`
	}
	query := cp.Query
	if query == nil {
		sel := &pg_query.SelectStmt{FromClause: []*pg_query.Node{{Node: &pg_query.Node_RangeVar{RangeVar: cp.Relation}}}}
		if len(cp.Attlist) == 0 {
			sel.TargetList = []*pg_query.Node{pg_query.MakeResTargetNodeWithVal(pg_query.MakeColumnRefNode([]*pg_query.Node{pg_query.MakeAStarNode()}, 0), 0)}
		}
		for _, a := range cp.Attlist {
			sel.TargetList = append(sel.TargetList, pg_query.MakeResTargetNodeWithVal(pg_query.MakeColumnRefNode([]*pg_query.Node{a}, 0), 0))
		}
		query = &pg_query.Node{Node: &pg_query.Node_SelectStmt{SelectStmt: sel}}
	}
	inner, err := c.rewriteQuery(Statement{Kind: KindQuery}, query)
	if err != nil {
		return st, err
	}
	if inner.Kind == KindRefused {
		return refused(st, inner.Refusal.Code, inner.Refusal.Message), nil
	}
	st.Kind, st.SQL, st.Columns, st.Copy = KindCopyOut, inner.SQL, inner.Columns, opts
	return st, nil
}

// split cuts what a client sent at the semicolons PostgreSQL's scanner sees
// (not those in strings, quoted names or comments), dropping statements with
// no token at all.
func split(sql string) []string {
	res, err := pg_query.Scan(sql)
	if err != nil {
		// An unterminated quote or comment: one statement, for DuckDB to
		// report on.
		return []string{strings.TrimSpace(sql)}
	}
	var out []string
	start, tokens := 0, 0
	for _, t := range res.Tokens {
		if t.Token == pg_query.Token_ASCII_59 {
			if tokens > 0 {
				out = append(out, strings.TrimSpace(sql[start:t.Start]))
			}
			start, tokens = int(t.End), 0
			continue
		}
		if t.Token != pg_query.Token_SQL_COMMENT && t.Token != pg_query.Token_C_COMMENT {
			tokens++
		}
	}
	if tokens > 0 {
		out = append(out, strings.TrimSpace(sql[start:]))
	}
	return out
}

// readsOnly says whether a statement only reads: a SELECT (or set
// operation of SELECTs) with no INTO and no data-modifying statement in
// its WITH clauses, at any depth of WITH.
func readsOnly(node *pg_query.Node) bool {
	return node != nil && selectReadsOnly(node.GetSelectStmt())
}

func selectReadsOnly(sel *pg_query.SelectStmt) bool {
	if sel == nil || sel.IntoClause != nil {
		return false
	}
	if sel.Larg != nil && !selectReadsOnly(sel.Larg) || sel.Rarg != nil && !selectReadsOnly(sel.Rarg) {
		return false
	}
	if sel.WithClause != nil {
		for _, cte := range sel.WithClause.Ctes {
			if c := cte.GetCommonTableExpr(); c == nil || !readsOnly(c.Ctequery) {
				return false
			}
		}
	}
	return true
}

// explainRuns says whether an EXPLAIN runs its statement (ANALYZE, not
// turned off).
func explainRuns(e *pg_query.ExplainStmt) bool {
	for _, o := range e.Options {
		d := o.GetDefElem()
		if d == nil || !strings.EqualFold(d.Defname, "analyze") {
			continue
		}
		v, ok := constBool(d.Arg)
		return !ok || v // a bare ANALYZE, or one set to true
	}
	return false
}
