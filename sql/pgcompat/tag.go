package pgcompat

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"
)

// commandTag is CommandComplete's tag (without row counts) for a statement
// that writes or changes the case.
func commandTag(n *pg_query.Node) string {
	switch x := n.Node.(type) {
	case *pg_query.Node_InsertStmt:
		return "INSERT 0"
	case *pg_query.Node_UpdateStmt:
		return "UPDATE"
	case *pg_query.Node_DeleteStmt:
		return "DELETE"
	case *pg_query.Node_MergeStmt:
		return "MERGE"
	case *pg_query.Node_CreateStmt:
		return "CREATE TABLE"
	case *pg_query.Node_CreateTableAsStmt:
		if x.CreateTableAsStmt.Objtype == pg_query.ObjectType_OBJECT_MATVIEW {
			return "CREATE MATERIALIZED VIEW"
		}
		return "SELECT"
	case *pg_query.Node_ViewStmt:
		return "CREATE VIEW"
	case *pg_query.Node_IndexStmt:
		return "CREATE INDEX"
	case *pg_query.Node_CreateSchemaStmt:
		return "CREATE SCHEMA"
	case *pg_query.Node_CreateSeqStmt:
		return "CREATE SEQUENCE"
	case *pg_query.Node_CreateFunctionStmt:
		return "CREATE FUNCTION"
	case *pg_query.Node_DropStmt:
		obj := strings.TrimPrefix(x.DropStmt.RemoveType.String(), "OBJECT_")
		return "DROP " + strings.ReplaceAll(obj, "_", " ")
	case *pg_query.Node_AlterTableStmt:
		obj := strings.TrimPrefix(x.AlterTableStmt.Objtype.String(), "OBJECT_")
		return "ALTER " + strings.ReplaceAll(obj, "_", " ")
	case *pg_query.Node_RenameStmt:
		obj := strings.TrimPrefix(x.RenameStmt.RenameType.String(), "OBJECT_")
		return "ALTER " + strings.ReplaceAll(obj, "_", " ")
	case *pg_query.Node_CommentStmt:
		return "COMMENT"
	case *pg_query.Node_TruncateStmt:
		return "TRUNCATE TABLE"
	case *pg_query.Node_VacuumStmt:
		if x.VacuumStmt.IsVacuumcmd {
			return "VACUUM"
		}
		return "ANALYZE"
	case *pg_query.Node_CallStmt:
		return "CALL"
	case *pg_query.Node_GrantStmt:
		if x.GrantStmt.IsGrant {
			return "GRANT"
		}
		return "REVOKE"
	}
	return "OK"
}
