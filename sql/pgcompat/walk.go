package pgcompat

import (
	pg_query "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// visitor is called on the syntax tree, parents first. node may replace the
// node's content in place (x.Node = ...) and returns whether to descend into
// what the node then holds. rangeVar, when set, sees every RangeVar, also
// those held directly (INSERT's target, COPY's relation).
type visitor struct {
	node     func(*pg_query.Node) bool
	rangeVar func(*pg_query.RangeVar)
}

// walkNodes calls f on every Node under n, n included, parents first.
func walkNodes(n *pg_query.Node, f func(*pg_query.Node) bool) {
	visitor{node: f}.walk(n)
}

func (v visitor) walk(n *pg_query.Node) {
	if n == nil {
		return
	}
	if v.node != nil && !v.node(n) {
		return
	}
	v.message(n.ProtoReflect())
}

func (v visitor) message(m protoreflect.Message) {
	m.Range(func(fd protoreflect.FieldDescriptor, val protoreflect.Value) bool {
		switch {
		case fd.IsMap():
		case fd.IsList() && fd.Message() != nil:
			l := val.List()
			for i := 0; i < l.Len(); i++ {
				v.visit(l.Get(i).Message())
			}
		case fd.Message() != nil:
			v.visit(val.Message())
		}
		return true
	})
}

func (v visitor) visit(m protoreflect.Message) {
	switch x := m.Interface().(type) {
	case *pg_query.Node:
		v.walk(x)
		return
	case *pg_query.RangeVar:
		if v.rangeVar != nil {
			v.rangeVar(x)
		}
	}
	v.message(m)
}
