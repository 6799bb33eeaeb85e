package pgcompat

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// Small helpers over pg_query's syntax tree.

func constString(n *pg_query.Node) (string, bool) {
	if n == nil {
		return "", false
	}
	if c := n.GetAConst(); c != nil && c.GetSval() != nil {
		return c.GetSval().Sval, true
	}
	if s := n.GetString_(); s != nil {
		return s.Sval, true
	}
	return "", false
}

func constInt(n *pg_query.Node) (int64, bool) {
	if n == nil {
		return 0, false
	}
	if c := n.GetAConst(); c != nil && c.GetIval() != nil {
		return int64(c.GetIval().Ival), true
	}
	if i := n.GetInteger(); i != nil {
		return int64(i.Ival), true
	}
	return 0, false
}

// constBool reads an option's boolean value as PostgreSQL does: true,
// false, on, off, yes, no, 1, 0 (as a keyword, a string or a number).
func constBool(n *pg_query.Node) (bool, bool) {
	if n == nil {
		return false, false
	}
	if b := n.GetBoolean(); b != nil {
		return b.Boolval, true
	}
	if c := n.GetAConst(); c != nil && c.GetBoolval() != nil {
		return c.GetBoolval().Boolval, true
	}
	if i, ok := constInt(n); ok {
		return i != 0, true
	}
	if s, ok := constString(n); ok {
		switch strings.ToLower(s) {
		case "true", "on", "yes":
			return true, true
		case "false", "off", "no":
			return false, true
		}
	}
	return false, false
}

// names returns the strings of a name list (function, type, operator names).
func names(ns []*pg_query.Node) []string {
	out := make([]string, 0, len(ns))
	for _, n := range ns {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

// unqualified returns the last name of a list, lower case, and whether the
// qualifier (if any) is one of PostgreSQL's catalog schemas or public.
func unqualified(ns []*pg_query.Node) (string, string) {
	ss := names(ns)
	if len(ss) == 0 {
		return "", ""
	}
	schema := ""
	if len(ss) > 1 {
		schema = strings.ToLower(ss[len(ss)-2])
	}
	return strings.ToLower(ss[len(ss)-1]), schema
}

func strNodes(ss ...string) []*pg_query.Node {
	out := make([]*pg_query.Node, len(ss))
	for i, s := range ss {
		out[i] = pg_query.MakeStrNode(s)
	}
	return out
}

// mastFunc is a call of a function of the emulated catalog.
func mastFunc(name string, args ...*pg_query.Node) *pg_query.Node {
	return pg_query.MakeFuncCallNode(strNodes(Database, "main", name), args, -1)
}

func funcCall(name string, args ...*pg_query.Node) *pg_query.Node {
	return pg_query.MakeFuncCallNode(strNodes(name), args, -1)
}

func strConst(s string) *pg_query.Node { return pg_query.MakeAConstStrNode(s, -1) }

func nullConst() *pg_query.Node {
	return &pg_query.Node{Node: &pg_query.Node_AConst{AConst: &pg_query.A_Const{Isnull: true, Location: -1}}}
}

func typeCast(arg *pg_query.Node, typ ...string) *pg_query.Node {
	return &pg_query.Node{Node: &pg_query.Node_TypeCast{TypeCast: &pg_query.TypeCast{
		Arg: arg, TypeName: &pg_query.TypeName{Names: strNodes(typ...), Typemod: -1, Location: -1}, Location: -1}}}
}

func clone(n *pg_query.Node) *pg_query.Node { return proto.Clone(n).(*pg_query.Node) }

// template parses an SQL expression with $1, $2... and substitutes the
// given nodes for the parameters: building rewritten expressions from the
// syntax tree of a fixed text, never by pasting text.
func template(expr string, args ...*pg_query.Node) *pg_query.Node {
	tree, err := pg_query.Parse("SELECT " + expr)
	if err != nil {
		panic("pgcompat: bad template " + expr + ": " + err.Error())
	}
	n := tree.Stmts[0].Stmt.GetSelectStmt().TargetList[0].GetResTarget().Val
	substitute(n, args)
	return n
}

func substitute(n *pg_query.Node, args []*pg_query.Node) {
	walkNodes(n, func(x *pg_query.Node) bool {
		if p := x.GetParamRef(); p != nil && int(p.Number) <= len(args) {
			x.Node = clone(args[p.Number-1]).Node
			return false
		}
		return true
	})
}
