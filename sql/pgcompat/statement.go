package pgcompat

// Kind says what the wire server does with a statement.
type Kind uint8

const (
	// KindQuery runs SQL in DuckDB and returns rows (SELECT, VALUES, WITH,
	// EXPLAIN, and any statement pg_query cannot parse: the server then asks
	// DuckDB what kind of statement it is before running it).
	KindQuery Kind = iota
	// KindExec runs SQL in DuckDB and returns no rows (DDL, DML): it writes
	// the case, so only an admin may run it.
	KindExec
	KindEmpty    // an empty statement: EmptyQueryResponse
	KindBegin    // BEGIN / START TRANSACTION [READ ONLY]
	KindCommit   // COMMIT / END
	KindRollback // ROLLBACK / ABORT
	KindSet      // SET name = value / SET name TO value / SET SESSION ...
	KindShow     // SHOW name (SHOW ALL)
	KindReset    // RESET name / RESET ALL
	KindDeclare  // DECLARE name [BINARY] CURSOR [WITH[OUT] HOLD] FOR query
	KindFetch    // FETCH [FORWARD] n [FROM|IN] name
	KindMove     // MOVE [FORWARD] n [FROM|IN] name
	KindClose    // CLOSE name / CLOSE ALL
	KindCopyOut  // COPY (query) TO STDOUT / COPY table TO STDOUT
	KindDeallocate
	KindDiscard
	// KindRefused is a statement mast never runs for a network session
	// (COPY to a file, ATTACH, INSTALL, LOAD, PRAGMA, a file-reading
	// function, a SET of a DuckDB security setting...). Statement.Refusal
	// says why.
	KindRefused
)

// Statement is one statement of what a client sent, translated.
type Statement struct {
	Kind   Kind
	Source string // the statement as the client sent it (audit, errors)
	// SQL is the DuckDB text to run: for KindQuery and KindExec the
	// statement, for KindDeclare and KindCopyOut the query inside it.
	SQL string
	// Tag is the first word(s) of CommandComplete: "SELECT", "INSERT 0",
	// "CREATE TABLE", "SET", "BEGIN"...; the server appends row counts.
	Tag string
	// Columns holds, per output column of a plain SELECT, where the column
	// comes from (RowDescription's table OID and attribute number). Nil or
	// shorter than the output when unknown; zero Origin when the column is
	// not a plain column of a catalogued table (as PostgreSQL does).
	Columns []Origin
	// ParamTypes holds, per $n (index n-1), the type OID the statement casts
	// it to ($1::int4), or 0 when the statement does not say.
	ParamTypes []uint32

	Set     *Setting // KindSet, KindShow, KindReset
	Cursor  *Cursor  // KindDeclare, KindFetch, KindMove, KindClose
	Copy    *Copy    // KindCopyOut
	Refusal *Refusal // KindRefused

	ReadOnly bool // KindBegin: BEGIN READ ONLY
	// Reads: a SELECT that PostgreSQL's parser read, with no INTO and no
	// data-modifying WITH: it only reads, so DuckDB need not be asked
	// what kind of statement it is before an analyst may run it.
	Reads bool
	// Writes: an EXPLAIN ANALYZE of a statement that changes the case
	// (EXPLAIN ANALYZE runs it): an analyst may not run it.
	Writes bool
	// Raw: not PostgreSQL that mast parsed, DuckDB's own text passed
	// through (SQL == Source); its syntax is known only to DuckDB.
	Raw bool
	// Name is the prepared statement of KindDeallocate ("" for ALL).
	Name string
}

// Origin is RowDescription's source of a column.
type Origin struct {
	Table  uint32 // pg_class oid of the table or view
	Column int16  // pg_attribute attnum (1-based)
}

// Setting is the subject of SET, SHOW and RESET.
type Setting struct {
	Name  string // lower case; "all" for SHOW ALL and RESET ALL
	Value string // SET's value as PostgreSQL would show it; "" for DEFAULT
	Local bool   // SET LOCAL
}

// Cursor is the subject of DECLARE, FETCH, MOVE and CLOSE.
type Cursor struct {
	Name   string // as PostgreSQL folds it (lower case unless quoted); "" for CLOSE ALL
	Binary bool   // DECLARE ... BINARY CURSOR
	Hold   bool   // WITH HOLD
	// Count is FETCH/MOVE's row count: -1 for ALL; FETCH with no count is 1.
	Count int64
	// Backward is set for a direction mast's cursors cannot go
	// (BACKWARD, PRIOR, FIRST, LAST, ABSOLUTE, RELATIVE): the server refuses
	// it, as PostgreSQL does for a cursor declared NO SCROLL.
	Backward bool
}

// Copy is COPY ... TO STDOUT's options.
type Copy struct {
	Format    string // "text" or "csv" ("binary" is refused)
	Header    bool
	Delimiter string // default "\t" for text, "," for csv
	Null      string // default `\N` for text, "" for csv
	Quote     string // csv: default `"`
}

// Refusal says why a statement is refused.
type Refusal struct {
	Code    string // SQLSTATE, e.g. "42501" (insufficient_privilege)
	Message string // names what was refused and why
}

func (r *Refusal) Error() string { return r.Message }
