package pgcompat

import (
	"fmt"
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// refusedCommands are DuckDB statements (PostgreSQL's parser reads none of
// them) that reach the host or change the instance: refused by their first
// word.
var refusedCommands = map[string]string{
	"ATTACH": "ATTACH", "DETACH": "DETACH", "INSTALL": "INSTALL", "LOAD": "LOAD", "FORCE": "FORCE INSTALL",
	"EXPORT": "EXPORT DATABASE", "IMPORT": "IMPORT DATABASE", "PRAGMA": "PRAGMA", "CHECKPOINT": "CHECKPOINT",
	"USE": "USE", "UPDATE EXTENSIONS": "UPDATE EXTENSIONS", "CREATE SECRET": "CREATE SECRET",
}

// refuseRaw checks a statement pg_query could not parse (DuckDB's dialect),
// on the tokens of PostgreSQL's scanner: its first word, any call of a
// refused function, a string literal read as a table (FROM 'file.csv') and a
// SET of a guarded setting.
func refuseRaw(src string) *Refusal {
	res, err := pg_query.Scan(src)
	if err != nil {
		return nil
	}
	toks := res.Tokens
	word := func(i int) string {
		if i < 0 || i >= len(toks) {
			return ""
		}
		t := toks[i]
		return strings.ToUpper(src[t.Start:t.End])
	}
	first := word(0)
	if what, ok := refusedCommands[first]; ok {
		return &Refusal{Code: codeInsufficientPrivilege, Message: fmt.Sprintf("%s is not allowed for a network session", what)}
	}
	if what, ok := refusedCommands[first+" "+word(1)]; ok {
		return &Refusal{Code: codeInsufficientPrivilege, Message: fmt.Sprintf("%s is not allowed for a network session", what)}
	}
	if (first == "SET" || first == "RESET") && len(toks) > 1 {
		i := 1
		if w := word(1); w == "GLOBAL" || w == "SESSION" || w == "LOCAL" {
			i = 2
		}
		if securitySettings[strings.ToLower(word(i))] {
			return &Refusal{Code: codeInsufficientPrivilege, Message: fmt.Sprintf("setting %s is not allowed: it guards the host mast runs on", strings.ToLower(word(i)))}
		}
	}
	for i, t := range toks {
		if t.Token == pg_query.Token_ASCII_40 && i > 0 {
			prev := toks[i-1]
			name := strings.ToLower(strings.Trim(src[prev.Start:prev.End], `"`))
			if isRefusedFunction(name) {
				return &Refusal{Code: codeInsufficientPrivilege, Message: fmt.Sprintf("function %s is not allowed: it reads or writes outside the case", name)}
			}
		}
		if t.Token == pg_query.Token_SCONST && (word(i-1) == "FROM" || word(i-1) == "JOIN" || word(i-1) == "TO") {
			return &Refusal{Code: codeInsufficientPrivilege, Message: "reading or writing a file named in a query is not allowed"}
		}
		if t.Token == pg_query.Token_IDENT && (word(i-1) == "FROM" || word(i-1) == "JOIN") {
			if name := src[t.Start:t.End]; strings.HasPrefix(name, `"`) && strings.ContainsAny(name, "./\\:") {
				return &Refusal{Code: codeInsufficientPrivilege, Message: fmt.Sprintf("relation %s looks like a file name: reading files is not allowed", name)}
			}
		}
	}
	return nil
}
