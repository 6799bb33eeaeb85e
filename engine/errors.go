package engine

import (
	"errors"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ErrorClass is the kind of failure DuckDB reported, without DuckDB's
// types: the wire server maps it to a SQLSTATE (sql/pgerr).
type ErrorClass uint8

const (
	ErrorOther ErrorClass = iota
	ErrorSyntax
	ErrorCatalog    // no such table, column or function
	ErrorBinder     // a name or type that does not fit where it is used
	ErrorConversion // a value that cannot be cast
	ErrorOutOfRange
	ErrorDivideByZero
	ErrorConstraint
	ErrorPermission // refused by the instance's lockdown
	ErrorInterrupt  // the query was interrupted (cancelled)
	ErrorOutOfMemory
	ErrorTransaction
	ErrorNotImplemented
	ErrorInvalidInput
	ErrorParameter // a parameter DuckDB could not type or bind
	ErrorInternal
)

// Message returns DuckDB's message without its class prefix, and whether
// err came from DuckDB at all.
func Message(err error) (string, bool) {
	var de *duckdb.Error
	if errors.As(err, &de) {
		return de.Msg, true
	}
	return "", false
}

// ClassOf says what kind of DuckDB error err is (ErrorOther when it is not
// one).
func ClassOf(err error) ErrorClass {
	var de *duckdb.Error
	if !errors.As(err, &de) {
		return ErrorOther
	}
	switch de.Type {
	case duckdb.ErrorTypeParser, duckdb.ErrorTypeSyntax:
		return ErrorSyntax
	case duckdb.ErrorTypeCatalog:
		return ErrorCatalog
	case duckdb.ErrorTypeBinder, duckdb.ErrorTypeMismatchType, duckdb.ErrorTypeInvalidType:
		return ErrorBinder
	case duckdb.ErrorTypeConversion:
		return ErrorConversion
	case duckdb.ErrorTypeOutOfRange, duckdb.ErrorTypeDecimal:
		return ErrorOutOfRange
	case duckdb.ErrorTypeDivideByZero:
		return ErrorDivideByZero
	case duckdb.ErrorTypeConstraint:
		return ErrorConstraint
	case duckdb.ErrorTypePermission:
		return ErrorPermission
	case duckdb.ErrorTypeInterrupt:
		return ErrorInterrupt
	case duckdb.ErrorTypeOutOfMemory:
		return ErrorOutOfMemory
	case duckdb.ErrorTypeTransaction:
		return ErrorTransaction
	case duckdb.ErrorTypeNotImplemented:
		return ErrorNotImplemented
	case duckdb.ErrorTypeInvalidInput:
		return ErrorInvalidInput
	case duckdb.ErrorTypeParameterNotResolved, duckdb.ErrorTypeParameterNotAllowed:
		return ErrorParameter
	case duckdb.ErrorTypeInternal, duckdb.ErrorTypeFatal:
		return ErrorInternal
	}
	return ErrorOther
}
