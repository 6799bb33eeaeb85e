package pgcompat

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// nameTargets gives every unnamed output column of a SELECT the name
// PostgreSQL would give it (FigureColname in parse_target.c), so that DuckDB's
// own naming ("count_star()", "CAST(x AS VARCHAR)") never reaches a client:
// count(*) is "count", x::text is "x", 'a' is "?column?", CASE is "case".
// A plain column reference keeps DuckDB's name, which is the same.
func nameTargets(sel *pg_query.SelectStmt) {
	for _, t := range sel.TargetList {
		rt := t.GetResTarget()
		if rt == nil || rt.Name != "" || rt.Val == nil {
			continue
		}
		if cr := rt.Val.GetColumnRef(); cr != nil {
			continue
		}
		// A regclass shown as itself is its name in PostgreSQL.
		if tc := rt.Val.GetTypeCast(); tc != nil {
			if typ, _ := unqualified(tc.TypeName.Names); typ == "regclass" {
				if _, isConst := constString(tc.Arg); !isConst {
					rt.Name = colname(rt.Val)
					rt.Val = mastFunc("regclass_name", typeCast(tc.Arg, "UINTEGER"))
					continue
				}
			}
		}
		rt.Name = colname(rt.Val)
	}
}

func colname(n *pg_query.Node) string {
	name, _ := figureColname(n)
	if name == "" {
		return "?column?"
	}
	return name
}

// figureColname returns a name and its strength: 2 for a name from a
// column or function, 1 for a fallback (a type name, "case"), 0 for none.
func figureColname(n *pg_query.Node) (string, int) {
	if n == nil {
		return "", 0
	}
	switch x := n.Node.(type) {
	case *pg_query.Node_ColumnRef:
		ns := x.ColumnRef.Fields
		if len(ns) > 0 {
			if s := ns[len(ns)-1].GetString_(); s != nil {
				return s.Sval, 2
			}
		}
	case *pg_query.Node_AIndirection:
		ind := x.AIndirection.Indirection
		if len(ind) > 0 {
			if s := ind[len(ind)-1].GetString_(); s != nil {
				return s.Sval, 2
			}
		}
		return figureColname(x.AIndirection.Arg)
	case *pg_query.Node_FuncCall:
		name, _ := unqualified(x.FuncCall.Funcname)
		ns := names(x.FuncCall.Funcname)
		if len(ns) > 0 {
			name = ns[len(ns)-1]
		}
		return name, 2
	case *pg_query.Node_AExpr:
		if x.AExpr.Kind == pg_query.A_Expr_Kind_AEXPR_NULLIF {
			return "nullif", 2
		}
	case *pg_query.Node_TypeCast:
		name, strength := figureColname(x.TypeCast.Arg)
		if strength <= 1 {
			ns := names(x.TypeCast.TypeName.Names)
			if len(ns) > 0 {
				return ns[len(ns)-1], 1
			}
		}
		return name, strength
	case *pg_query.Node_CollateClause:
		return figureColname(x.CollateClause.Arg)
	case *pg_query.Node_SubLink:
		switch x.SubLink.SubLinkType {
		case pg_query.SubLinkType_EXISTS_SUBLINK:
			return "exists", 2
		case pg_query.SubLinkType_ARRAY_SUBLINK:
			return "array", 2
		case pg_query.SubLinkType_EXPR_SUBLINK:
			if sel := x.SubLink.Subselect.GetSelectStmt(); sel != nil && len(sel.TargetList) > 0 {
				if rt := sel.TargetList[0].GetResTarget(); rt != nil {
					if rt.Name != "" {
						return rt.Name, 2
					}
					return figureColname(rt.Val)
				}
			}
		}
	case *pg_query.Node_CaseExpr:
		name, strength := figureColname(x.CaseExpr.Defresult)
		if strength <= 1 {
			return "case", 1
		}
		return name, strength
	case *pg_query.Node_AArrayExpr:
		return "array", 2
	case *pg_query.Node_RowExpr:
		return "row", 2
	case *pg_query.Node_CoalesceExpr:
		return "coalesce", 2
	case *pg_query.Node_MinMaxExpr:
		if x.MinMaxExpr.Op == pg_query.MinMaxOp_IS_GREATEST {
			return "greatest", 2
		}
		return "least", 2
	case *pg_query.Node_SqlvalueFunction:
		op := strings.TrimPrefix(x.SqlvalueFunction.Op.String(), "SVFOP_")
		op = strings.TrimSuffix(strings.TrimSuffix(op, "_N"), "_N")
		return strings.ToLower(op), 2
	case *pg_query.Node_GroupingFunc:
		return "grouping", 2
	}
	return "", 0
}
